# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user


class CimCommon(TransactionCase):
    """Shared fixtures: a salesperson, a manager and Chinese customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.cim_check_uscc = True
        cls.cn = cls.env.ref("base.cn")
        cls.shandong = cls.env.ref("base.state_cn_SD")
        cls.beijing = cls.env.ref("base.state_cn_BJ")
        cls.level_a = cls.env.ref("crm_integrated.crm_customer_level_a")
        cls.level_c = cls.env.ref("crm_integrated.crm_customer_level_c")
        cls.region_east = cls.env.ref("crm_integrated.crm_sales_region_east")
        cls.region_north = cls.env.ref("crm_integrated.crm_sales_region_north")
        cls.salesman = new_test_user(
            cls.env,
            login="cim_salesman",
            name="王测试",
            tz="Asia/Shanghai",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="cim_manager",
            name="刘经理",
            tz="Asia/Shanghai",
            groups="base.group_user,crm_integrated.crm_integrated_group_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "潍坊测试客户有限公司",
                "is_company": True,
                "customer_rank": 1,
                "country_id": cls.cn.id,
                "state_id": cls.shandong.id,
                "vat": "91370781MA3R2B9K7L",
                "user_id": cls.salesman.id,
            }
        )

    def _cim_hand_off(self, orders):
        """What the hand-off cron does for these orders right after their confirmation's
        commit (the payment plans, then the hand-off to-dos), as the system."""
        self.env["cim.handoff.action"].sudo()._cim_fire(orders.sudo())

    @classmethod
    def _cim_isolate_lead_to_cash(cls, handoffs=True):
        """The demo's approval rules (and hand-off actions) would apply to every test
        order; demo users may speak a language the test database did not load."""
        cls.env["cim.approval.rule"].search([]).action_archive()
        if handoffs:
            cls.env["cim.handoff.action"].search([]).action_archive()
        languages = cls.env["res.lang"].search([]).mapped("code")
        cls.env["res.users"].search([("lang", "not in", languages)]).write({"lang": "en_US"})
