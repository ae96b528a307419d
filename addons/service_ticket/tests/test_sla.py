# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestSla(ServiceCommon):
    """Working hours 8–12, 13–17 Monday to Friday in Asia/Shanghai (UTC+8); all datetimes
    below are UTC, the comments give Beijing time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "服务工作时间", "tz": "Asia/Shanghai"}
        )
        # 国庆节 National Day 2026: 1–7 October, a global leave of the calendar
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "国庆节",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 9, 30, 16, 0),
                "date_to": datetime(2026, 10, 7, 15, 59, 59),
                "time_type": "leave",
            }
        )
        cls.stage_waiting = cls.env["service.ticket.stage"].create(
            {"name": "等待客户", "sequence": 45}
        )
        cls.policy = cls.env["service.sla.policy"].create(
            {
                "name": "A 级客户",
                "customer_level_ids": [(6, 0, cls.level_a.ids)],
                "calendar_id": cls.calendar.id,
                "response_hours": 4,
                "resolution_hours": 16,
                "warning_hours": 2,
                "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
            }
        )
        cls.urgent_policy = cls.env["service.sla.policy"].create(
            {
                "name": "紧急工单",
                "priority": "2",
                "calendar_id": cls.calendar.id,
                "response_hours": 1,
            }
        )

    def _ticket(self, **values):
        return self.Ticket.create(
            {
                "name": "主轴异响",
                "partner_id": self.contact.id,
                "team_id": self.team.id,
                "user_id": self.engineer.id,
                **values,
            }
        )

    def test_deadlines_across_weekend(self):
        with freeze_time("2026-09-25 08:00:00"):  # Friday 16:00
            ticket = self._ticket()
        line = ticket.sla_status_ids
        self.assertEqual(line.policy_id, self.policy)
        # Friday 16–17 (1 h) + Monday 8–11 (3 h)
        self.assertEqual(line.response_deadline, datetime(2026, 9, 28, 3, 0))
        # Friday 1 h + Monday 8 h + Tuesday 7 h → Tuesday 16:00
        self.assertEqual(line.resolution_deadline, datetime(2026, 9, 29, 8, 0))
        self.assertEqual(ticket.sla_status, "on_track")
        self.assertEqual(ticket.sla_deadline, datetime(2026, 9, 28, 3, 0))

    def test_deadlines_across_national_day(self):
        with freeze_time("2026-09-30 08:00:00"):  # Wednesday 16:00, holidays from tomorrow
            ticket = self._ticket()
        line = ticket.sla_status_ids
        # Wednesday 1 h, 1–7 October off, Thursday 8 October 8–11
        self.assertEqual(line.response_deadline, datetime(2026, 10, 8, 3, 0))
        self.assertEqual(line.resolution_deadline, datetime(2026, 10, 9, 8, 0))

    def test_paused_stage_shifts_deadline(self):
        with freeze_time("2026-09-25 08:00:00"):
            ticket = self._ticket()
        with freeze_time("2026-09-28 01:00:00"):  # Monday 09:00: waiting for the customer
            ticket.stage_id = self.stage_waiting
        line = ticket.sla_status_ids
        self.assertTrue(line.paused_since)
        self.assertEqual(ticket.date_first_response, datetime(2026, 9, 28, 1, 0))
        with freeze_time("2026-09-28 04:00:00"):  # Monday 12:00, still paused: 3 h so far
            line._sla_recompute()
            self.assertEqual(line.resolution_deadline, datetime(2026, 9, 30, 2, 0))
        with freeze_time("2026-09-28 05:00:00"):  # Monday 13:00: back to work
            ticket.stage_id = self.stage_progress
        # paused 9–12 = 3 working hours (lunch does not count): Tuesday 16:00 + 3 h
        # = Tuesday 17:00 + Wednesday 8–10
        self.assertFalse(line.paused_since)
        self.assertAlmostEqual(line.paused_hours, 3.0)
        self.assertEqual(line.resolution_deadline, datetime(2026, 9, 30, 2, 0))
        # the response came in time (moving out of 受理 is a response)
        self.assertEqual(line.response_deadline, datetime(2026, 9, 28, 7, 0))
        with freeze_time("2026-09-29 09:00:00"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(line.status, "met")
        self.assertEqual(ticket.sla_status, "met")

    def test_several_policies_and_conditions(self):
        with freeze_time("2026-09-25 08:00:00"):
            urgent = self._ticket(priority="2")
            normal_c = self.Ticket.create(
                {"name": "普通", "partner_id": self.portal_user_2.partner_id.id}
            )
        self.assertEqual(urgent.sla_status_ids.policy_id, self.policy | self.urgent_policy)
        self.assertFalse(normal_c.sla_status_ids)
        urgent_line = urgent.sla_status_ids.filtered(lambda s: s.policy_id == self.urgent_policy)
        self.assertEqual(urgent_line.response_deadline, datetime(2026, 9, 25, 9, 0))
        self.assertFalse(urgent_line.resolution_deadline)
        self.assertEqual(urgent.sla_deadline, datetime(2026, 9, 25, 9, 0))
        # lowering the priority drops the urgent policy
        urgent.priority = "0"
        self.assertEqual(urgent.sla_status_ids.policy_id, self.policy)

    def test_warning_and_escalation_once_each(self):
        with freeze_time("2026-09-25 08:00:00"):
            ticket = self._ticket()
        Activity = self.env["mail.activity"]

        def activities(user):
            return Activity.search(
                [("res_model", "=", "service.ticket"), ("res_id", "=", ticket.id),
                 ("user_id", "=", user.id)]
            )  # fmt: skip

        Status = self.env["service.ticket.sla.status"]
        with freeze_time("2026-09-28 01:30:00"):  # Monday 09:30, deadline 11:00: at risk
            Status._cron_sla_check()
            Status._cron_sla_check()
        line = ticket.sla_status_ids
        self.assertEqual(line.status, "at_risk")
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertEqual(len(activities(self.engineer)), 1)
        self.assertFalse(activities(self.leader))
        with freeze_time("2026-09-28 04:00:00"):  # Monday 12:00: breached
            Status._cron_sla_check()
            Status._cron_sla_check()
        self.assertEqual(line.status, "breached")
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(len(activities(self.leader)), 1)
        self.assertEqual(len(activities(self.engineer)), 1)
        self.assertIn("SLA", activities(self.leader).summary)
        with freeze_time("2026-09-29 04:00:00"):
            Status._cron_sla_check()
        self.assertEqual(len(activities(self.leader)), 1)
        # the breach stays on record when the ticket is finally answered
        ticket.stage_id = self.stage_diagnosis
        self.assertEqual(line.status, "breached")
        # the engineer sees the status, cannot change it
        self.assertEqual(ticket.with_user(self.engineer).sla_status, "breached")

    def test_reassign_on_breach(self):
        self.policy.reassign_on_breach = True
        with freeze_time("2026-09-25 08:00:00"):
            ticket = self._ticket()
        with freeze_time("2026-09-28 04:00:00"):
            self.env["service.ticket.sla.status"]._cron_sla_check()
        self.assertEqual(ticket.user_id, self.leader)

    def test_breaches_in_weekly_report(self):
        """The sales weekly report counts the week's SLA breaches of service tickets."""

        def breaches(teams, friday):
            figures = self.env["crm.weekly.report"]._figures(
                self.env.company, teams, friday - timedelta(days=7), friday
            )
            return {f[0]: f[2] for f in figures}[self.env._("SLA breaches (service)")]

        with freeze_time("2026-09-25 08:00:00"):
            self._ticket()
        friday = datetime(2026, 10, 2, 9, 0)
        self.assertEqual(breaches(None, friday), 0)
        with freeze_time("2026-09-28 04:00:00"):  # Monday 12:00 in Shanghai: breached
            self.env["service.ticket.sla.status"]._cron_sla_check()
        self.assertEqual(breaches(None, friday), 1)
        self.assertEqual(breaches(None, friday + timedelta(days=7)), 0)  # the next week
        self.assertEqual(breaches(self.env["crm.team"].create({"name": "空团队"}), friday), 0)

    def test_clock_starts_on_assignment(self):
        self.policy.start_on = "assign"
        with freeze_time("2026-09-25 01:00:00"):  # Friday 09:00, nobody assigned yet
            ticket = self.Ticket.create({"name": "待派工", "partner_id": self.contact.id})
        line = ticket.sla_status_ids
        self.assertFalse(line.response_deadline)
        self.assertEqual(line.status, "on_track")
        with freeze_time("2026-09-25 08:00:00"):  # Friday 16:00: the engineer is assigned
            ticket.user_id = self.engineer
        self.assertEqual(line.date_start, datetime(2026, 9, 25, 8, 0))
        self.assertEqual(line.response_deadline, datetime(2026, 9, 28, 3, 0))
