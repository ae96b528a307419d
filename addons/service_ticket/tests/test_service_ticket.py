# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceTicket(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = new_test_user(
            cls.env,
            login="st_engineer",
            groups="base.group_user,service_ticket.service_ticket_group_user",
        )
        cls.other_engineer = new_test_user(
            cls.env,
            login="st_other",
            groups="base.group_user,service_ticket.service_ticket_group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="st_manager",
            groups="base.group_user,service_ticket.service_ticket_group_manager",
        )
        cls.team = cls.env["service.ticket.team"].create(
            {"name": "测试服务站", "member_ids": [(6, 0, cls.engineer.ids)]}
        )
        cls.other_team = cls.env["service.ticket.team"].create({"name": "其他服务站"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "工单测试客户",
                "is_company": True,
                "customer_level_id": cls.env.ref("crm_integrated.crm_customer_level_a").id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "联系人", "parent_id": cls.customer.id}
        )

    def test_create_numbers_and_defaults(self):
        t1 = self.env["service.ticket"].create({"name": "主轴异响", "partner_id": self.contact.id})
        t2 = self.env["service.ticket"].create({"name": "漏油"})
        self.assertTrue(t1.number.startswith("SV"))
        self.assertNotEqual(t1.number, t2.number)
        self.assertEqual(t1.stage_id, self.env.ref("service_ticket.stage_received"))
        self.assertEqual(t1.customer_level_id.code, "A")
        self.assertIn(t1.number, t1.display_name)
        found = self.env["service.ticket"].name_search(t1.number)
        self.assertEqual(found[0][0], t1.id)

    def test_default_team_from_settings(self):
        self.env.company.service_default_team_id = self.team
        ticket = self.env["service.ticket"].create({"name": "默认团队"})
        self.assertEqual(ticket.team_id, self.team)

    def test_closing_stage_sets_date_closed(self):
        ticket = self.env["service.ticket"].create({"name": "关闭测试"})
        ticket.stage_id = self.env.ref("service_ticket.stage_closed")
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.date_closed)
        ticket.stage_id = self.env.ref("service_ticket.stage_in_progress")
        self.assertFalse(ticket.date_closed)
        self.assertEqual(self.team.open_ticket_count, 0)

    def test_engineer_sees_own_unassigned_and_team_tickets_only(self):
        Ticket = self.env["service.ticket"]
        own = Ticket.create(
            {"name": "我的", "user_id": self.engineer.id, "team_id": self.other_team.id}
        )
        unassigned = Ticket.create({"name": "待分配", "team_id": self.other_team.id})
        team = Ticket.create(
            {"name": "本组", "team_id": self.team.id, "user_id": self.other_engineer.id}
        )
        foreign = Ticket.create(
            {"name": "别人的", "team_id": self.other_team.id, "user_id": self.other_engineer.id}
        )
        visible = Ticket.with_user(self.engineer).search(
            [("id", "in", (own | unassigned | team | foreign).ids)]
        )
        self.assertEqual(visible, own | unassigned | team)
        with self.assertRaises(AccessError):
            foreign.with_user(self.engineer).read(["name"])
        all_seen = Ticket.with_user(self.manager).search([("id", "in", (own | foreign).ids)])
        self.assertEqual(all_seen, own | foreign)

    def test_engineer_assigns_to_self_but_cannot_delete(self):
        ticket = self.env["service.ticket"].create({"name": "接单"})
        ticket.with_user(self.engineer).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.engineer)
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).unlink()
        with self.assertRaises(AccessError):
            self.env["service.ticket.team"].with_user(self.engineer).create({"name": "X"})
