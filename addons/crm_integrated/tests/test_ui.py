# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_crm_integrated_tour(self):
        manager = new_test_user(
            self.env,
            login="cim_tour_manager",
            groups="base.group_user,crm_integrated.crm_integrated_group_manager",
        )
        partner = self.env["res.partner"].create(
            {
                "name": "潍坊测试客户有限公司",
                "is_company": True,
                "customer_rank": 1,
                "country_id": self.env.ref("base.cn").id,
                "state_id": self.env.ref("base.state_cn_SD").id,
            }
        )
        self.start_tour("/odoo", "crm_integrated_tour", login=manager.login)
        self.assertEqual(partner.customer_level_id.name, "战略客户")
        self.assertEqual(partner.customer_level_id.code, "S")

    def test_crm_integrated_pool_tour(self):
        salesman = new_test_user(
            self.env,
            login="cim_tour_salesman",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        team = self.env["crm.team"].create({"name": "公海组", "member_ids": [(6, 0, salesman.ids)]})
        pool = self.env["crm.customer.pool"].create(
            {"name": "测试公海", "team_ids": [(6, 0, team.ids)], "followup_days": 30}
        )
        partner = self.env["res.partner"].create(
            {"name": "公海待领客户", "is_company": True, "customer_rank": 1, "cim_pool_id": pool.id}
        )
        self.env["crm.lead"].create(
            {
                "name": "公海客户的商机",
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": False,
            }
        )
        self.start_tour("/odoo", "crm_integrated_pool_tour", login=salesman.login)
        self.assertEqual(partner.user_id, salesman)
        self.assertTrue(partner.cim_last_followup)
        log = self.env["crm.customer.pool.log"].search([("partner_id", "=", partner.id)])
        self.assertEqual(log.action, "claim")

    def test_crm_integrated_report_tour(self):
        manager = new_test_user(
            self.env,
            login="cim_tour_report_manager",
            name="报表经理",
            groups="base.group_user,crm_integrated.crm_integrated_group_manager",
        )
        self.env["crm.lead"].create(
            {"name": "报表测试商机", "type": "opportunity", "user_id": manager.id,
             "expected_revenue": 120000}
        )  # fmt: skip
        self.start_tour("/odoo", "crm_integrated_report_tour", login=manager.login)
