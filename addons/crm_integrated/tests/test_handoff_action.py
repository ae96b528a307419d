# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestHandoffActions(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cim_isolate_lead_to_cash()
        cls.delivery = new_test_user(
            cls.env, login="cim_delivery", name="交付工程师",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )  # fmt: skip
        cls.finance = new_test_user(
            cls.env, login="cim_handoff_finance", name="财务提醒",
            groups="base.group_user,account.group_account_invoice",
        )  # fmt: skip
        cls.on_confirm = cls.env["cim.handoff.action"].create(
            {
                "name": "交付交接",
                "trigger": "confirm",
                "days": 2,
                "user_ids": [(6, 0, cls.delivery.ids)],
                "assign_salesperson": True,
                "summary": "新订单交接",
            }
        )
        cls.before_payment = cls.env["cim.handoff.action"].create(
            {
                "name": "首期回款提醒",
                "trigger": "first_instalment",
                "days": 3,
                "user_ids": [(6, 0, cls.finance.ids)],
                "attach_documents": False,
            }
        )
        cls.term = cls.env["account.payment.term"].create(
            {"name": "30 天", "line_ids": [(0, 0, {"value": "percent", "value_amount": 100,
                                                    "nb_days": 30})]}
        )  # fmt: skip
        cls.product = cls.env["product.product"].create({"name": "折弯机", "list_price": 80000})

    def _order(self, **vals):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "payment_term_id": self.term.id,
                        "order_line": [(0, 0, {"product_id": self.product.id})],
                    },
                    **vals,
                )
            )
        )

    def _activities(self, order):
        return self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    # 17:30 UTC is already the next day in Shanghai: the to-dos are due in the company's
    # days, whatever the time zone of the user the cron runs as
    @freeze_time("2026-12-02 17:30:00")
    def test_fired_once_with_requirement_documents(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {"name": "折弯机采购需求", "type": "opportunity", "partner_id": self.customer.id}
            )
        )
        spec = (
            self.env["ir.attachment"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "技术要求.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 requirement"),
                    "res_model": "crm.lead",
                    "res_id": lead.id,
                }
            )
        )
        order = self._order(opportunity_id=lead.id)
        order.action_confirm()
        self.assertTrue(order.cim_handoff_pending)
        self.assertFalse(self._activities(order), "made by the hand-off cron after the commit")
        self.env["cim.handoff.action"]._cron_handoff()
        today = date(2026, 12, 3)
        self.assertEqual(self.env["res.partner"]._cim_value_today(order.company_id), today)
        activities = self._activities(order)
        handoff = activities.filtered(lambda a: a.summary == "新订单交接")
        self.assertEqual(handoff.user_id, self.delivery | self.salesman)
        self.assertEqual(handoff.mapped("date_deadline"), [today + timedelta(days=2)] * 2)
        self.assertEqual(handoff[0].attachment_ids, spec)
        reminder = activities - handoff
        self.assertEqual(reminder.user_id, self.finance)
        self.assertEqual(reminder.date_deadline, today + timedelta(days=27))
        self.assertTrue(order.cim_handoff_done)
        # confirmed again after a cancellation: nothing fires twice
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertTrue(order.cim_handoff_pending, "marked by the confirmation's write")
        self.env["cim.handoff.action"]._cron_handoff()
        self.assertEqual(self._activities(order), activities)
        self.assertFalse(order.cim_handoff_pending, "unmarked: it was handed off before")

    def test_one_assignee_of_two_actions(self):
        """Finance told of the new order and before its first instalment: two to-dos of
        one user on one order, made in one run."""
        self.on_confirm.user_ids = self.finance
        order = self._order()
        order.action_confirm()
        self.env["cim.handoff.action"]._cron_handoff()
        activities = self._activities(order)
        self.assertEqual(len(activities.filtered(lambda a: a.user_id == self.finance)), 2)
        self.assertIn(self.finance.partner_id, order.message_partner_ids)
        self.assertTrue(order.cim_handoff_done)

    def test_domain_limits_the_orders(self):
        team = self.env["crm.team"].create({"name": "出口组"})
        self.on_confirm.domain = f"[('team_id', '=', {team.id})]"
        order = self._order()
        order.action_confirm()
        exported = self._order(team_id=team.id)
        exported.action_confirm()
        self.env["cim.handoff.action"]._cron_handoff()
        self.assertEqual(self._activities(order).user_id, self.finance)
        self.assertIn(self.delivery, self._activities(exported).user_id)


@tagged("post_install", "-at_install")
class TestContracts(CimCommon):
    def test_contract_number_and_search(self):
        self.env["cim.approval.rule"].search([]).action_archive()
        product = self.env["product.product"].create({"name": "剪板机", "list_price": 45000})
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {"partner_id": self.customer.id, "order_line": [(0, 0, {"product_id": product.id})]}
            )
        )
        with self.assertRaises(UserError):
            order.action_cim_register_contract()
        order.action_confirm()
        scan = self.env["ir.attachment"].with_user(self.salesman).create(
            {"name": "合同扫描件.pdf", "datas": base64.b64encode(b"%PDF-1.4 signed"),
             "res_model": "sale.order", "res_id": order.id}
        )  # fmt: skip
        order.write({"cim_contract_attachment_ids": [(4, scan.id)]})
        order.action_cim_register_contract()
        number = order.cim_contract_number
        self.assertTrue(number.startswith("HT"))
        self.assertEqual(order.cim_contract_date, fields.Date.context_today(order))
        order.action_cim_register_contract()
        self.assertEqual(order.cim_contract_number, number, "numbered once")
        Order = self.env["sale.order"].with_user(self.salesman)
        self.assertEqual(Order.search([("cim_contract_number", "=", number)]), order)
        self.assertEqual(
            Order.search(
                [("cim_contract_number", "!=", False), ("partner_id", "=", self.customer.id)]
            ),
            order,
        )
        self.assertEqual(order.cim_contract_attachment_ids, scan)
