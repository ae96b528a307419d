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
