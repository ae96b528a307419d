# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.service_auto_dispatch = False
        cls.engineer = new_test_user(
            cls.env,
            login="st_tour_engineer",
            name="孙工",
            groups="base.group_user,service_ticket.service_ticket_group_user",
        )

    def test_service_ticket_tour(self):
        customer = self.env["res.partner"].create({"name": "工单测试客户", "is_company": True})
        self.start_tour("/odoo", "service_ticket_tour", login=self.engineer.login)
        ticket = self.env["service.ticket"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "加工中心换刀故障")
        self.assertEqual(ticket.user_id, self.engineer)
        self.assertEqual(ticket.stage_id, self.env.ref("service_ticket.stage_diagnosis"))

    def test_portal_tour_submit_engineer_close_customer_rates(self):
        customer = self.env["res.partner"].create({"name": "潍坊门户客户", "is_company": True})
        portal = new_test_user(
            self.env, login="st_tour_portal", name="门户客户", groups="base.group_portal"
        )
        portal.partner_id.write({"parent_id": customer.id, "email": "portal@wf.example.cn"})
        self.env["service.problem.type"].create({"name": "液压故障"})
        team = self.env["service.ticket.team"].create(
            {"name": "门户服务站", "member_ids": [(6, 0, self.engineer.ids)]}
        )
        self.env.company.service_default_team_id = team
        # 1. the customer submits a ticket in the portal
        self.start_tour("/my/tickets", "service_ticket_portal_submit_tour", login=portal.login)
        ticket = self.env["service.ticket"].search([("name", "=", "液压站压力上不去")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.commercial_partner_id, customer)
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.team_id, team)
        # 2. the engineer takes it through the stages and closes it
        self.start_tour(
            f"/odoo/action-service_ticket.service_ticket_action/{ticket.id}",
            "service_ticket_engineer_tour",
            login=self.engineer.login,
        )
        self.assertEqual(ticket.user_id, self.engineer)
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.rating_ids)
        # 3. the customer rates it from the portal
        self.start_tour(
            f"/my/tickets/{ticket.id}", "service_ticket_portal_rating_tour", login=portal.login
        )
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertIn("半天", ticket.rating_ids.feedback)
        loyal = self.env.ref("service_ticket.res_partner_category_loyal_care")
        self.assertIn(loyal, customer.category_id)
        self.assertTrue(ticket.revisit_mail_id)
