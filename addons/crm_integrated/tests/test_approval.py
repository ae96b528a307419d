# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CimCommon


class ApprovalCommon(CimCommon):
    """A four-step rule like the Weifang maker's: team leader, technical review (a user),
    finance (a group), director (a user)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cim_isolate_lead_to_cash(handoffs=False)
        cls.tech = new_test_user(
            cls.env, login="cim_tech", name="赵技术",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )  # fmt: skip
        cls.finance_group = cls.env["res.groups"].create({"name": "财务成本审核组"})
        cls.finance = new_test_user(
            cls.env, login="cim_finance", name="陈财务",
            groups="base.group_user,account.group_account_invoice",
        )  # fmt: skip
        cls.finance.groups_id += cls.finance_group
        cls.director = new_test_user(
            cls.env, login="cim_director", name="郑总监",
            groups="base.group_user,crm_integrated.crm_integrated_group_manager",
        )  # fmt: skip
        cls.team = cls.env["crm.team"].create(
            {
                "name": "审批测试组",
                "user_id": cls.manager.id,
                "member_ids": [(6, 0, cls.salesman.ids)],
            }
        )
        cls.rule = cls.env["cim.approval.rule"].create(
            {
                "name": "大额报价",
                "amount_min": 100000,
                "step_ids": [
                    (0, 0, {"sequence": 1, "name": "销售经理", "approver_type": "manager"}),
                    (0, 0, {"sequence": 2, "name": "技术评审", "approver_type": "user",
                            "user_ids": [(6, 0, cls.tech.ids)]}),
                    (0, 0, {"sequence": 3, "name": "财务成本审核", "approver_type": "group",
                            "group_id": cls.finance_group.id}),
                    (0, 0, {"sequence": 4, "name": "销售总监", "approver_type": "user",
                            "user_ids": [(6, 0, cls.director.ids)]}),
                ],
            }
        )  # fmt: skip
        cls.product = cls.env["product.product"].create(
            {"name": "立式加工中心", "list_price": 200000, "taxes_id": [(5, 0, 0)]}
        )
        cls.cheap = cls.env["product.product"].create(
            {"name": "刀具", "list_price": 500, "taxes_id": [(5, 0, 0)]}
        )

    def _quotation(self, product=None, qty=1, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "order_line": [
                        (0, 0, {"product_id": (product or self.product).id, "product_uom_qty": qty})
                    ],
                }
            )
        )

    def _decide(self, order, user, approve=True, comment=False):
        wizard = (
            self.env["cim.approval.decision"]
            .with_user(user)
            .create(
                {
                    "request_id": order.cim_approval_request_id.id,
                    "decision": "approve" if approve else "reject",
                    "comment": comment,
                }
            )
        )
        wizard.action_confirm()

    def _approve_all(self, order):
        for user in (self.manager, self.tech, self.finance, self.director):
            self._decide(order, user, comment=f"{user.name} 同意")

    def _todo_users(self, order):
        activity_type = self.env.ref("crm_integrated.mail_activity_type_cim_approval")
        return (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .user_id
        )


@tagged("post_install", "-at_install")
class TestApprovalFlow(ApprovalCommon):
    def test_small_quotation_needs_no_approval(self):
        order = self._quotation(self.cheap)
        self.assertFalse(order.cim_approval_required)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaises(UserError):
            self._quotation(self.cheap).action_cim_request_approval()

    def test_full_path_each_approver_on_own_step(self):
        order = self._quotation()
        self.assertTrue(order.cim_approval_required)
        with self.assertRaisesRegex(UserError, "approval"):
            order.action_confirm()
        order.action_cim_request_approval()
        self.assertEqual(order.cim_approval_state, "pending")
        self.assertEqual(self._todo_users(order), self.manager)
        # the salesperson cannot approve their own quotation, later steps must wait
        for user in (self.salesman, self.tech, self.finance, self.director):
            with self.assertRaises(UserError):
                self._decide(order, user)
        self._decide(order, self.manager, comment="价格合理")
        self.assertEqual(self._todo_users(order), self.tech)
        with self.assertRaises(UserError):
            self._decide(order, self.manager)  # already decided its step
        self._decide(order, self.tech)
        self.assertEqual(self._todo_users(order), self.finance)
        self.assertTrue(order.with_user(self.finance).cim_approval_can_decide)
        self.assertFalse(order.with_user(self.director).cim_approval_can_decide)
        self._decide(order, self.finance)
        self.assertEqual(self._todo_users(order), self.director)
        self._decide(order, self.director, comment="同意签约")
        self.assertEqual(order.cim_approval_state, "approved")
        self.assertFalse(self._todo_users(order))
        request = order.cim_approval_request_id
        self.assertEqual(request.state, "approved")
        decided = request.line_ids.filtered(lambda ln: ln.state == "approved")
        self.assertEqual(decided.user_id, self.manager | self.tech | self.finance | self.director)
        self.assertTrue(all(decided.mapped("date")))
        self.assertEqual(
            decided.filtered(lambda ln: ln.user_id == self.manager).comment, "价格合理"
        )
        notice = order.message_ids.filtered(lambda m: self.salesman.partner_id in m.partner_ids)
        self.assertTrue(notice, "the requester is notified")
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: m.author_id == self.director.partner_id and "同意签约" in m.body
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_approvers_follow_until_they_decide(self):
        """Approvers follow the quotation while their decision is pending (Odoo subscribes
        a to-do's assignee) and stop after deciding, unless they followed it before; the
        last approver's notice to the requester does not subscribe them either."""
        order = self._quotation()
        order.message_subscribe(partner_ids=self.finance.partner_id.ids)  # follows already

        def followers():
            return order.sudo().message_partner_ids

        order.action_cim_request_approval()
        self.assertIn(self.manager.partner_id, followers())
        self._decide(order, self.manager)
        self.assertNotIn(self.manager.partner_id, followers())
        self.assertIn(self.tech.partner_id, followers())
        self._decide(order, self.tech)
        self._decide(order, self.finance)
        self.assertIn(self.finance.partner_id, followers(), "followed before the approval")
        self._decide(order, self.director, comment="同意签约")
        self.assertEqual(order.cim_approval_state, "approved")
        approvers = (self.manager | self.tech | self.director).partner_id
        self.assertFalse(followers() & approvers)
        self.assertIn(self.salesman.partner_id, followers())
        # a request cancelled by a change closes the pending step's following too
        order.order_line.product_uom_qty = 2
        order.action_cim_request_approval()
        self.assertIn(self.manager.partner_id, followers())
        order._action_cancel()
        self.assertNotIn(self.manager.partner_id, followers())

    def test_decide_from_the_todo(self):
        order = self._quotation()
        order.action_cim_request_approval()
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertTrue(activity.with_user(self.manager).cim_can_decide)
        self.assertFalse(activity.with_user(self.tech).cim_can_decide)
        # everyone sees it is an approval (no "Mark Done" button in the web client)
        self.assertTrue(activity.with_user(self.tech).cim_is_approval)
        # "Mark Done" without a decision is refused; nothing changes
        for user in (self.manager, self.finance):
            with self.assertRaisesRegex(UserError, "waits for a decision"):
                activity.with_user(user).action_feedback(feedback="看过了")
            with self.assertRaisesRegex(UserError, "waits for a decision"):
                activity.with_user(user).action_feedback_schedule_next()
        self.assertTrue(activity.exists())
        self.assertEqual(self._todo_users(order), self.manager)
        self.assertEqual(order.cim_approval_request_id.line_ids.state, "pending")
        # someone else cannot decide from the manager's to-do
        with self.assertRaises(UserError):
            activity.with_user(self.tech).action_cim_decide("approve")
        # the to-do's Approve opens the decision wizard of the request
        action = activity.with_user(self.manager).action_cim_decide("approve")
        self.assertEqual(action["res_model"], "cim.approval.decision")
        wizard = (
            self.env["cim.approval.decision"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"comment": "电话确认同意"})
        )
        self.assertEqual(wizard.request_id, order.cim_approval_request_id)
        wizard.action_confirm()
        self.assertFalse(activity.exists(), "the decision closes the to-do")
        self.assertEqual(self._todo_users(order), self.tech)
        line = order.cim_approval_request_id.line_ids.filtered(
            lambda ln: ln.user_id == self.manager
        )
        self.assertEqual((line.state, line.comment), ("approved", "电话确认同意"))
        # an ordinary to-do on the same quotation is still marked done as usual
        todo = order.activity_schedule("mail.mail_activity_data_todo", user_id=self.tech.id)
        self.assertFalse(todo.with_user(self.tech).cim_can_decide)
        self.assertFalse(todo.cim_is_approval)
        todo.with_user(self.tech).action_feedback(feedback="已联系客户")
        self.assertFalse(todo.exists())

    def test_frozen_while_pending(self):
        order = self._quotation()
        order.action_cim_request_approval()
        line = order.order_line
        for vals in ({"price_unit": 1}, {"discount": 10}, {"product_uom_qty": 3}):
            with self.assertRaisesRegex(UserError, "waiting for approval"):
                line.write(vals)
        with self.assertRaises(UserError):
            order.write({"order_line": [(0, 0, {"product_id": self.cheap.id})]})
        with self.assertRaises(UserError):
            line.unlink()
        line.write({"name": "立式加工中心（含调试）"})  # descriptions stay editable
        with self.assertRaises(UserError):
            order.action_cim_request_approval()

    def test_rejection_back_to_draft_with_reason(self):
        order = self._quotation()
        order.write({"state": "sent"})
        order.action_cim_request_approval()
        self._decide(order, self.manager)
        with self.assertRaisesRegex(UserError, "reason"):
            self._decide(order, self.tech, approve=False)
        self._decide(order, self.tech, approve=False, comment="交期无法满足")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.cim_approval_state, "rejected")
        self.assertFalse(self._todo_users(order))
        self.assertTrue(order.message_ids.filtered(lambda m: "交期无法满足" in m.body))
        with self.assertRaises(UserError):
            order.action_confirm()
        # editable again, and approval can be asked again
        order.order_line.write({"product_uom_qty": 2})
        order.action_cim_request_approval()
        self.assertEqual(order.cim_approval_state, "pending")
        self.assertEqual(self._todo_users(order), self.manager)

    def test_amount_change_reopens_approval(self):
        order = self._quotation()
        order.action_cim_request_approval()
        self._approve_all(order)
        self.assertEqual(order.cim_approval_state, "approved")
        order.order_line.write({"price_unit": 260000})
        self.assertEqual(order.cim_approval_state, "none")
        with self.assertRaises(UserError):
            order.action_confirm()
        order.action_cim_request_approval()
        self._approve_all(order)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_decision_records_are_append_only(self):
        order = self._quotation()
        order.action_cim_request_approval()
        self._decide(order, self.manager)
        request = order.cim_approval_request_id
        decided = request.line_ids.filtered(lambda ln: ln.state == "approved")
        with self.assertRaises(UserError):
            decided.sudo().write({"comment": "改写"})
        with self.assertRaises(UserError):
            decided.sudo().unlink()
        with self.assertRaises(UserError):
            request.sudo().write({"state": "approved"})
        with self.assertRaises(AccessError):
            request.with_user(self.salesman).line_ids.write({"comment": "x"})
        mine = (
            self.env["cim.approval.request.line"]
            .with_user(self.tech)
            .search([("user_id", "=", self.tech.id), ("state", "=", "pending")])
        )
        self.assertEqual(mine.request_id, request)

    def test_cancel_closes_request(self):
        order = self._quotation()
        order.action_cim_request_approval()
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(order.cim_approval_request_id.state, "cancelled")
        self.assertFalse(self._todo_users(order))


@tagged("post_install", "-at_install")
class TestApprovalRules(ApprovalCommon):
    def _rule(self, **vals):
        self.rule.action_archive()
        return self.env["cim.approval.rule"].create(
            dict(
                {
                    "name": "测试规则",
                    "step_ids": [(0, 0, {"name": "经理", "approver_type": "manager"})],
                },
                **vals,
            )
        )

    def test_discount_threshold(self):
        self._rule(discount_min=15)
        order = self._quotation(self.cheap)
        self.assertFalse(order.cim_approval_required)
        order.order_line.discount = 20
        order.invalidate_recordset(["cim_approval_required"])
        self.assertTrue(order.cim_approval_required)

    def test_customer_and_product_conditions(self):
        other = self.env["res.partner"].create({"name": "其他客户", "is_company": True})
        self._rule(partner_ids=[(6, 0, other.ids)])
        self.assertFalse(self._quotation(self.cheap).cim_approval_required)
        self.rule.action_unarchive()
        self.rule.write({"amount_min": 0, "product_ids": [(6, 0, self.cheap.ids)]})
        self.assertTrue(self._quotation(self.cheap).cim_approval_required)
        self.assertFalse(self._quotation(self.product).cim_approval_required)

    def test_domain_condition(self):
        self._rule(domain=f"[('team_id', '=', {self.team.id})]")
        self.assertTrue(self._quotation(self.cheap).cim_approval_required)
        with self.assertRaises(ValidationError):
            self._rule(domain="[('no_such_field', '=', 1)]")

    def test_margin_condition_only_with_margins(self):
        self._rule(margin_max=10)
        order = self._quotation(self.cheap)
        if "margin_percent" not in order._fields:
            self.assertFalse(order.cim_approval_required)
        else:
            self.assertEqual(order.cim_approval_required, order.margin_percent * 100 <= 10)

    def test_all_must_approve(self):
        other_tech = new_test_user(
            self.env, login="cim_tech2", name="钱技术",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )  # fmt: skip
        self._rule(
            step_ids=[
                (0, 0, {"sequence": 1, "name": "技术会签", "approver_type": "user", "mode": "all",
                        "user_ids": [(6, 0, (self.tech | other_tech | self.salesman).ids)]}),
                (0, 0, {"sequence": 2, "name": "总监", "approver_type": "user",
                        "user_ids": [(6, 0, self.director.ids)]}),
            ]
        )  # fmt: skip
        order = self._quotation(self.cheap)
        order.action_cim_request_approval()
        # the requester is never an approver of their own quotation
        self.assertEqual(self._todo_users(order), self.tech | other_tech)
        self._decide(order, self.tech)
        self.assertEqual(self._todo_users(order), other_tech)
        self._decide(order, other_tech)
        self.assertEqual(self._todo_users(order), self.director)

    def test_manager_requesting_goes_to_sales_managers(self):
        order = self._quotation(user=self.manager)
        order.with_user(self.manager).write({"user_id": self.manager.id})
        order.with_user(self.manager).action_cim_request_approval()
        todo = self._todo_users(order)
        self.assertNotIn(self.manager, todo)
        self.assertIn(self.director, todo)


# a 1x1 PNG: what the portal's signature pad sends (base64)
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestApprovalPortal(HttpCase, ApprovalCommon):
    """The customer signs in the portal (Odoo's /my/orders/<id>/accept) only once the
    quotation is approved."""

    def test_portal_acceptance_refused_until_approved(self):
        contact = self.env["res.partner"].create(
            {"name": "孙采购", "parent_id": self.customer.id, "email": "sun@weifang.example.cn"}
        )
        new_test_user(
            self.env, login="cim_portal", partner_id=contact.id, groups="base.group_portal"
        )
        order = self._quotation()
        order.write({"partner_id": contact.id, "require_signature": True, "require_payment": False})
        order.message_subscribe(partner_ids=contact.ids)
        self.assertTrue(order.cim_approval_required)
        self.authenticate("cim_portal", "cim_portal")
        route = f"/my/orders/{order.id}/accept"
        params = {"name": "孙采购", "signature": SIGNATURE}

        result = self.make_jsonrpc_request(route, params)
        self.assertIn("still being approved", result.get("error", ""))
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.signature, "a refused acceptance leaves no signature")

        order.action_cim_request_approval()
        self._decide(order, self.manager)
        result = self.make_jsonrpc_request(route, params)
        self.assertIn("still being approved", result.get("error", ""))
        self.assertEqual(order.state, "draft")

        for user in (self.tech, self.finance, self.director):
            self._decide(order, user)
        result = self.make_jsonrpc_request(route, params)
        self.assertNotIn("error", result)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "孙采购")


@tagged("post_install", "-at_install")
class TestApprovalCurrency(ApprovalCommon):
    """Thresholds are amounts of the rule's currency (the company's by default): a quotation
    in another currency is converted at its date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.cny = cls.env.ref("base.CNY")
        (cls.usd | cls.cny).active = True
        # 1 USD = 7.2 CNY in March, 6.0 CNY from June, whatever the company's currency
        for day, cny_per_usd in (("2026-01-01", 7.2), ("2026-06-01", 6.0)):
            cls._set_rate(day, cny_per_usd)
        cls.rule.write({"amount_min": 500000, "currency_id": cls.cny.id})
        cls.pricelists = {
            currency: cls.env["product.pricelist"].create(
                {"name": f"报价 {currency.name}", "currency_id": currency.id}
            )
            for currency in (cls.usd, cls.cny)
        }

    @classmethod
    def _set_rate(cls, day, cny_per_usd):
        company_currency = cls.company.currency_id
        per_unit = {cls.usd: 1.0, cls.cny: cny_per_usd}
        base = per_unit.get(company_currency, 1.0)
        for currency, rate in per_unit.items():
            if currency != company_currency:
                cls.env["res.currency.rate"].create(
                    {
                        "currency_id": currency.id,
                        "company_id": cls.company.id,
                        "name": day,
                        "rate": rate / base,
                    }
                )

    def _quote(self, currency, price, date="2026-03-10 08:00:00"):
        order = self._quotation()
        order.write({"pricelist_id": self.pricelists[currency].id, "date_order": date})
        order.order_line.price_unit = price
        self.assertEqual(order.currency_id, currency)
        order.invalidate_recordset(["cim_approval_required"])
        return order

    def test_usd_quotation_against_cny_threshold(self):
        # 80,000 USD = 576,000 CNY at the March rate: above the 500,000 CNY threshold
        self.assertTrue(self._quote(self.usd, 80000).cim_approval_required)
        # 60,000 USD = 432,000 CNY: below
        self.assertFalse(self._quote(self.usd, 60000).cim_approval_required)
        # the order's date decides the rate: 80,000 USD = 480,000 CNY in July
        self.assertFalse(self._quote(self.usd, 80000, "2026-07-01 08:00:00").cim_approval_required)
        order = self._quote(self.usd, 80000)
        with self.assertRaisesRegex(UserError, "approval"):
            order.action_confirm()

    def test_cny_quotation_against_threshold_in_usd(self):
        self.rule.write({"amount_min": 100000, "currency_id": self.usd.id})
        # 500,000 CNY = 69,444 USD: under 100,000 USD although the figure is larger
        self.assertFalse(self._quote(self.cny, 500000).cim_approval_required)
        # 800,000 CNY = 111,111 USD
        self.assertTrue(self._quote(self.cny, 800000).cim_approval_required)


@tagged("post_install", "-at_install")
class TestApprovalRoles(ApprovalCommon):
    """The demo chain (销售经理 → 技术评审 → 财务成本审核 → 销售总监) run by each role with its
    own rights: the salesperson, the team's sales manager, the technical reviewer, finance
    (invoicing rights, no sales manager) and the director; each decides its own step only."""

    def test_demo_chain_each_role_decides_its_own_step(self):
        rule = self.env.ref("crm_integrated.cim_approval_rule_demo_large")
        rule.action_unarchive()
        tech = self.env.ref("crm_integrated.res_users_demo_tech")
        finance = self.env.ref("crm_integrated.res_users_demo_finance")
        director = self.env.ref("crm_integrated.res_users_demo_director")
        self.assertTrue(finance.has_group("account.group_account_invoice"))
        self.assertFalse(finance.has_group("sales_team.group_sale_manager"))
        roles = self.salesman | self.manager | tech | finance | director
        order = self._quotation(qty=3)  # 600,000, above the demo rule's 500,000
        self.assertEqual(order._cim_approval_rule(), rule)
        order.with_user(self.salesman).action_cim_request_approval()
        request = order.cim_approval_request_id
        self.assertEqual(request.requester_id, self.salesman)
        chain = [
            (self.manager, "销售经理"),
            (tech, "技术评审"),
            (finance, "财务成本审核"),
            (director, "销售总监"),
        ]
        for approver, step in chain:
            self.assertEqual(request.step_id.name, step)
            self.assertEqual(self._todo_users(order), approver)
            activity = order.activity_ids.filtered(lambda a, user=approver: a.user_id == user)
            for other in roles - approver:
                self.assertFalse(order.with_user(other).cim_approval_can_decide)
                with self.assertRaisesRegex(UserError, "not an approver"):
                    self._decide(order, other)
                with self.assertRaises(UserError):
                    activity.with_user(other).action_cim_decide("approve")
            self.assertTrue(order.with_user(approver).cim_approval_can_decide)
            mine = (
                self.env["cim.approval.request.line"]
                .with_user(approver)
                .search([("user_id", "=", approver.id), ("state", "=", "pending")])
            )
            self.assertEqual(mine.request_id, request)
            self._decide(order, approver, comment=f"{step}同意")
        self.assertEqual(order.cim_approval_state, "approved")
        self.assertEqual(
            request.line_ids.filtered(lambda ln: ln.state == "approved").user_id,
            self.manager | tech | finance | director,
        )
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_finance_without_sales_rights_decides_from_the_todo(self):
        """The group step's finance user (invoicing rights only) approves from the to-do."""
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        for user in (self.manager, self.tech):
            self._decide(order, user)
        self.assertFalse(self.finance.has_group("sales_team.group_sale_salesman"))
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.finance)
        self.assertTrue(activity.with_user(self.finance).cim_can_decide)
        action = activity.with_user(self.finance).action_cim_decide("reject")
        wizard = (
            self.env["cim.approval.decision"]
            .with_user(self.finance)
            .with_context(**action["context"])
            .create({"comment": "毛利低于公司底线"})
        )
        wizard.action_confirm()
        self.assertEqual(order.cim_approval_state, "rejected")
        self.assertFalse(self._todo_users(order))
