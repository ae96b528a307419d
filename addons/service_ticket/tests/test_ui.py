# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_service_ticket_tour(self):
        self.env.company.service_auto_dispatch = False
        engineer = new_test_user(
            self.env,
            login="st_tour_engineer",
            groups="base.group_user,service_ticket.service_ticket_group_user",
        )
        customer = self.env["res.partner"].create({"name": "工单测试客户", "is_company": True})
        self.start_tour("/odoo", "service_ticket_tour", login=engineer.login)
        ticket = self.env["service.ticket"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "加工中心换刀故障")
        self.assertEqual(ticket.user_id, engineer)
        self.assertEqual(ticket.stage_id, self.env.ref("service_ticket.stage_diagnosis"))
