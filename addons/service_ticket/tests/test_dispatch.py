# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..models.service_ticket import haversine_km
from .common import ServiceCommon

WEIFANG = (36.7069, 119.1618)
QINGDAO = (36.0671, 120.3826)
JINAN = (36.6512, 117.1201)
SHOUGUANG = (36.8810, 118.7906)


@tagged("post_install", "-at_install")
@freeze_time("2026-09-29 02:00:00")  # Tuesday 10:00 in Beijing
class TestDispatch(ServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.service_auto_dispatch = True
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "工程师工作时间", "tz": "Asia/Shanghai"}
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.skill_hydraulic = cls.env["service.skill"].create({"name": "液压"})
        cls.type_hydraulic = cls.env["service.problem.type"].create(
            {"name": "液压故障", "skill_ids": [Command.set(cls.skill_hydraulic.ids)]}
        )
        cls.type_leak = cls.env["service.problem.type"].create(
            {"name": "漏油", "parent_id": cls.type_hydraulic.id}
        )
        cls.type_electric = cls.env["service.problem.type"].create({"name": "电气故障"})
        cls.eng_weifang = cls._engineer("潍坊工程师", WEIFANG)
        cls.eng_qingdao = cls._engineer("青岛工程师", QINGDAO)
        cls.eng_jinan = cls._engineer("济南工程师", JINAN)
        cls.field_team = cls.env["service.ticket.team"].create(
            {
                "name": "山东服务站",
                "leader_id": cls.leader.id,
                "member_ids": [
                    Command.set((cls.eng_weifang | cls.eng_qingdao | cls.eng_jinan).ids)
                ],
            }
        )
        cls.company.service_default_team_id = cls.team
        cls.customer.write(
            {
                "partner_latitude": SHOUGUANG[0],
                "partner_longitude": SHOUGUANG[1],
                "state_id": cls.env.ref("base.state_cn_SD").id,
            }
        )

    @classmethod
    def _engineer(cls, name, coordinates=None):
        user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": f"st_{name}",
                    "groups_id": [
                        Command.set(cls.env.ref("service_ticket.service_ticket_group_user").ids)
                    ],
                }
            )
        )
        if coordinates:
            user.partner_id.write(
                {"partner_latitude": coordinates[0], "partner_longitude": coordinates[1]}
            )
        return user

    def _rule(self, **values):
        return self.env["service.dispatch.rule"].create(
            {"name": "山东客户", "team_id": self.field_team.id, **values}
        )

    def _ticket(self, **values):
        return self.Ticket.create({"name": "设备故障", "partner_id": self.contact.id, **values})

    def _open_tickets(self, user, count):
        self.Ticket.with_context(service_no_dispatch=True).create(
            [{"name": f"在办 {i}", "user_id": user.id, "team_id": self.field_team.id}
             for i in range(count)]
        )  # fmt: skip

    def test_rules_first_match_wins(self):
        hydraulic_team = self.env["service.ticket.team"].create(
            {"name": "液压专家组", "member_ids": [Command.set(self.eng_jinan.ids)]}
        )
        categ = self.env["product.category"].create({"name": "数控车床"})
        sub_categ = self.env["product.category"].create({"name": "卧式", "parent_id": categ.id})
        lathe = self.env["product.product"].create({"name": "CK6150", "categ_id": sub_categ.id})
        lathe_team = self.env["service.ticket.team"].create(
            {"name": "车床组", "member_ids": [Command.set(self.eng_qingdao.ids)]}
        )
        self._rule(name="液压", sequence=1, problem_type_ids=[Command.set(self.type_hydraulic.ids)],
                   team_id=hydraulic_team.id)  # fmt: skip
        self._rule(name="车床", sequence=2, product_categ_ids=[Command.set(categ.ids)],
                   team_id=lathe_team.id)  # fmt: skip
        region_rule = self._rule(
            sequence=3,
            customer_level_ids=[Command.set(self.level_a.ids)],
            partner_domain="[('state_id.code', '=', '鲁')]",
        )
        leak = self._ticket(problem_type_id=self.type_leak.id)  # a sub-type matches
        self.assertEqual(leak.team_id, hydraulic_team)
        self.assertEqual(leak.user_id, self.eng_jinan)
        self.assertIn("液压", leak.dispatch_reason)
        lathe_ticket = self._ticket(product_id=lathe.id)
        self.assertEqual(lathe_ticket.team_id, lathe_team)
        regional = self._ticket(problem_type_id=self.type_electric.id)
        self.assertEqual(regional.team_id, self.field_team)
        self.assertEqual(regional.dispatch_rule_id, region_rule)
        # a customer elsewhere: no rule, the default team
        other = self.Ticket.create({"name": "外省", "partner_id": self.portal_user_2.partner_id.id})
        self.assertEqual(other.team_id, self.team)
        self.assertFalse(other.dispatch_rule_id)
        self.assertIn(self.team.name, other.dispatch_reason)
        # an explicit team is kept
        kept = self._ticket(team_id=self.other_team.id)
        self.assertEqual(kept.team_id, self.other_team)

    def test_nearest_engineer_and_distance_recorded(self):
        self._rule()
        ticket = self._ticket()
        self.assertEqual(ticket.user_id, self.eng_weifang)
        expected = haversine_km(*SHOUGUANG, *WEIFANG)
        self.assertAlmostEqual(ticket.dispatch_distance, expected, places=1)
        self.assertTrue(30 < expected < 40)
        self.assertIn(f"{expected:.1f} km", ticket.dispatch_reason)
        self.assertIn("山东客户", ticket.dispatch_reason)
        self.assertTrue(ticket.date_assigned)

    def test_skills_come_first(self):
        self._rule()
        self.skill_hydraulic.user_ids = self.eng_qingdao
        ticket = self._ticket(problem_type_id=self.type_leak.id)
        # the leak type has no skills of its own; its parent's do not apply: nearest wins
        self.assertEqual(ticket.user_id, self.eng_weifang)
        ticket = self._ticket(problem_type_id=self.type_hydraulic.id)
        self.assertEqual(ticket.user_id, self.eng_qingdao)
        self.assertIn("液压", ticket.dispatch_reason)

    def test_workload_breaks_ties_and_capacity(self):
        self._rule()
        twin = self._engineer("潍坊二号", WEIFANG)
        self.field_team.member_ids = [Command.link(twin.id)]
        self._open_tickets(self.eng_weifang, 2)
        ticket = self._ticket()
        self.assertEqual(ticket.user_id, twin)
        self.assertIn("0", ticket.dispatch_reason)
        # at capacity, the nearer engineers give way to a farther one
        self.field_team.dispatch_capacity = 2
        self._open_tickets(twin, 1)
        ticket = self._ticket()
        nearest_free = min(
            (self.eng_qingdao, QINGDAO), (self.eng_jinan, JINAN),
            key=lambda pair: haversine_km(*SHOUGUANG, *pair[1]),
        )[0]  # fmt: skip
        self.assertEqual(ticket.user_id, nearest_free)

    def test_calendar_availability(self):
        self._rule()
        resource = self.env["resource.resource"].create(
            {"name": "潍坊工程师", "user_id": self.eng_weifang.id, "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "年假",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": datetime(2026, 9, 28, 0, 0),
                "date_to": datetime(2026, 9, 30, 10, 0),
            }
        )
        ticket = self._ticket()
        self.assertEqual(ticket.user_id, self.eng_jinan)  # Jinan is nearer than Qingdao
        # a visit planned after the leave: the Weifang engineer again
        later = self._ticket(scheduled_date=datetime(2026, 10, 8, 1, 0))
        self.assertEqual(later.user_id, self.eng_weifang)

    def test_missing_coordinates_are_explicit(self):
        self._rule()
        nowhere = self._engineer("无坐标工程师")
        self.field_team.member_ids = [Command.link(nowhere.id)]
        self._open_tickets(self.eng_weifang, 3)
        self._open_tickets(self.eng_qingdao, 3)
        self._open_tickets(self.eng_jinan, 3)
        ticket = self._ticket()
        # idle but without coordinates: ranked after every engineer with a distance
        self.assertEqual(ticket.user_id, self.eng_weifang)
        # a customer without coordinates: nobody has a distance, the least loaded goes
        self.customer.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        ticket = self._ticket()
        self.assertEqual(ticket.user_id, nowhere)
        self.assertFalse(ticket.dispatch_distance)
        self.assertIn("no coordinates", ticket.dispatch_reason)
        # an engineer without base but the only one: chosen and said so
        solo = self.env["service.ticket.team"].create(
            {"name": "单人组", "member_ids": [Command.set(nowhere.ids)]}
        )
        self.customer.write({"partner_latitude": SHOUGUANG[0], "partner_longitude": SHOUGUANG[1]})
        ticket = self._ticket(team_id=solo.id)
        self.assertEqual(ticket.user_id, nowhere)
        self.assertIn("ranked after", ticket.dispatch_reason)

    def test_dispatcher_override_and_redispatch(self):
        self._rule()
        ticket = self._ticket()
        self.assertEqual(ticket.user_id, self.eng_weifang)
        ticket.with_user(self.dispatcher).user_id = self.eng_jinan
        self.assertEqual(ticket.user_id, self.eng_jinan)
        self.assertIn(self.dispatcher.name, ticket.dispatch_reason)
        ticket.with_user(self.dispatcher).action_auto_dispatch()
        self.assertEqual(ticket.user_id, self.eng_weifang)

    def test_query_count_independent_of_team_size(self):
        self._rule()
        Users = self.env["res.users"].with_context(no_reset_password=True)
        group = self.env.ref("service_ticket.service_ticket_group_user")

        def team_of(size, tag):
            users = Users.create(
                [{"name": f"{tag}{i}", "login": f"st_q_{tag}_{i}",
                  "groups_id": [Command.set(group.ids)]} for i in range(size)]
            )  # fmt: skip
            for i, user in enumerate(users):
                user.partner_id.write(
                    {"partner_latitude": 36 + i / 100, "partner_longitude": 119 + i / 100}
                )
            return self.env["service.ticket.team"].create(
                {"name": tag, "member_ids": [Command.set(users.ids)]}
            )

        def queries(team):
            self._ticket(team_id=team.id)  # warm-up
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            ticket = self._ticket(team_id=team.id)
            self.env.flush_all()
            self.assertTrue(ticket.user_id)
            return self.env.cr.sql_log_count - before

        small, large = team_of(5, "小组"), team_of(50, "大组")
        self.assertEqual(queries(small), queries(large))
