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

    def test_crm_integrated_approval_tour(self):
        """Request approval (salesperson), approve from My Approvals and confirm (manager),
        who is told the payment plan is being made; the hand-off job makes it."""
        salesman, manager, order = _approval_case(
            self.env, "cim_tour_approval", "巡检", "巡检审批客户", "龙门加工中心", 300000
        )
        self.start_tour("/odoo", "crm_integrated_approval_request_tour", login=salesman.login)
        self.assertEqual(order.cim_approval_state, "pending")
        self.start_tour("/odoo", "crm_integrated_approval_decide_tour", login=manager.login)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.cim_approval_request_id.state, "approved")
        self.assertEqual(order.cim_approval_request_id.line_ids.comment, "价格和交期确认无误")
        self.env["cim.handoff.action"].sudo()._cim_fire(order.sudo())
        self.assertEqual(order.cim_payment_plan_ids.amount, 300000)


@tagged("post_install", "-at_install")
class TestUiMobile(HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_crm_integrated_approval_mobile_tour(self):
        """On a phone, My Approvals shows cards and the approval to-do's Approve button opens
        the decision wizard."""
        salesman, manager, order = _approval_case(
            self.env, "cim_mobile", "手机", "手机审批客户", "五轴加工中心", 500000
        )
        order.with_user(salesman).action_cim_request_approval()
        self.start_tour(
            "/odoo/action-crm_integrated.cim_approval_request_line_action_mine",
            "crm_integrated_approval_mobile_tour",
            login=manager.login,
        )
        self.assertEqual(order.cim_approval_state, "approved")
        self.assertEqual(order.cim_approval_request_id.line_ids.comment, "手机上审批同意")
        self.assertFalse(order.activity_ids)


def _approval_case(env, login, label, customer, product_name, price):
    """A salesperson and their team's manager, the manager's approval required above
    ¥100,000, and the salesperson's quotation of one machine at ``price``."""
    env["cim.approval.rule"].search([]).action_archive()
    salesman = new_test_user(
        env,
        login=f"{login}_salesman",
        name=f"{label}销售",
        groups="base.group_user,crm_integrated.crm_integrated_group_user",
    )
    manager = new_test_user(
        env,
        login=f"{login}_manager",
        name=f"{label}经理",
        groups="base.group_user,crm_integrated.crm_integrated_group_manager",
    )
    team = env["crm.team"].create(
        {"name": f"{label}审批组", "user_id": manager.id, "member_ids": [(6, 0, salesman.ids)]}
    )
    env["cim.approval.rule"].create(
        {
            "name": f"{label}大额报价",
            "amount_min": 100000,
            "step_ids": [(0, 0, {"name": "销售经理", "approver_type": "manager"})],
        }
    )
    partner = env["res.partner"].create(
        {"name": customer, "is_company": True, "user_id": salesman.id}
    )
    product = env["product.product"].create(
        {"name": product_name, "list_price": price, "taxes_id": [(5, 0, 0)]}
    )
    order = (
        env["sale.order"]
        .with_user(salesman)
        .create(
            {
                "partner_id": partner.id,
                "team_id": team.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
        )
    )
    return salesman, manager, order
