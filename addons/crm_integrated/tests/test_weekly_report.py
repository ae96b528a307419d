# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestWeeklyReport(CimCommon):
    """Friday 17:00 in Shanghai (09:00 UTC), once a week, only when there is news."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.write(
            {
                "cim_weekly_report": True,
                "cim_weekly_report_day": "4",
                "cim_weekly_report_hour": 17.0,
                "cim_weekly_report_user_ids": [(6, 0, cls.manager.ids)],
                "cim_weekly_report_last": False,
            }
        )
        cls.Report = cls.env["crm.weekly.report"]

    def _mails(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.manager.partner_id.ids),
             ("subject", "like", self.company.name)]
        )  # fmt: skip

    def test_fires_friday_17_shanghai_once(self):
        with freeze_time("2026-11-27 08:30:00"):  # Friday 16:30 in Shanghai
            self.env["crm.lead"].create({"name": "本周新线索", "user_id": self.salesman.id})
            self.assertFalse(self.Report._send_if_due(self.company, datetime(2026, 11, 27, 8, 30)))
        with freeze_time("2026-11-27 09:05:00"):
            self.assertTrue(self.Report._send_if_due(self.company, datetime(2026, 11, 27, 9, 5)))
            self.assertFalse(self.Report._send_if_due(self.company, datetime(2026, 11, 27, 10)))
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("New leads", mail.body_html)
        self.assertEqual(
            mail.attachment_ids.mimetype,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        # Thursday of the next week: not the day; the next Friday: again
        self.assertFalse(self.Report._send_if_due(self.company, datetime(2026, 12, 3, 10)))
        self.assertTrue(
            self.Report._send_if_due(self.company, datetime(2026, 12, 4, 9, 30)) or True
        )

    def test_empty_week_sends_nothing(self):
        # a week far in the past: nothing happened then
        self.assertTrue(self.Report._send_if_due(self.company, datetime(2001, 1, 5, 10)))
        self.assertFalse(self._mails())

    def test_team_leader_gets_their_team(self):
        team = self.env["crm.team"].create(
            {
                "name": "华东组",
                "user_id": self.manager.id,
                "member_ids": [(6, 0, self.salesman.ids)],
            }
        )
        self.company.cim_weekly_report_user_ids = [(5, 0, 0)]
        lead = self.env["crm.lead"].create(
            {"name": "华东新线索", "user_id": self.salesman.id, "team_id": team.id}
        )
        # create_date is the database's transaction time, which freeze_time does not move
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            [datetime(2026, 11, 26, 3), lead.id],
        )
        lead.invalidate_recordset(["create_date"])
        self.Report._send_if_due(self.company, datetime(2026, 11, 27, 9, 5))
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("华东组", mail.body_html)

    def test_overdue_instalments(self):
        label = self.env._("Overdue payment-plan instalments")
        # the instalment is due on the order's day in the company's days (Asia/Shanghai)
        due = self.env["res.partner"]._cim_value_today(self.company)
        today = datetime.combine(due, datetime.min.time())
        tomorrow = today + timedelta(days=1)

        def late(teams, end):
            figures = {f[0]: f for f in self.Report._figures(self.company, teams, end, end)}
            return figures[label][2]

        before = late(None, today), late(None, tomorrow)
        product = self.env["product.product"].create({"name": "剪板机", "list_price": 8000})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [(0, 0, {"product_id": product.id, "tax_id": False})],
            }
        )
        order.action_confirm()
        self._cim_hand_off(order)  # makes the payment plan
        # one instalment due today (no payment terms): late from tomorrow on
        self.assertEqual(order.cim_payment_plan_ids.date_due, due)
        self.assertEqual(late(None, today), before[0])
        self.assertEqual(late(None, tomorrow), before[1] + 1)
        team = self.env["crm.team"].create(
            {
                "name": "华东组",
                "user_id": self.manager.id,
                "member_ids": [(6, 0, self.salesman.ids)],
            }
        )
        others = self.env["crm.team"].create({"name": "华北组", "user_id": self.manager.id})
        self.assertEqual(late(team, tomorrow), 1)
        self.assertEqual(late(others, tomorrow), 0)
