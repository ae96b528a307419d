# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestPaymentPlan(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cim_isolate_lead_to_cash()
        cls.finance = new_test_user(
            cls.env, login="cim_plan_finance", name="陈会计",
            groups="base.group_user,account.group_account_invoice",
        )  # fmt: skip
        cls.company.cim_collection_user_id = cls.finance
        cls.product = cls.env["product.product"].create(
            {"name": "液压机配件", "list_price": 500, "taxes_id": [(5, 0, 0)], "type": "service",
             "invoice_policy": "order"}
        )  # fmt: skip
        cls.today = fields.Date.context_today(cls.env.user)

    def _order(self, qty=100, **vals):
        order = self._order_unconfirmed(qty, **vals)
        order.action_confirm()
        self._cim_hand_off(order)
        return order

    def _order_unconfirmed(self, qty=100, **vals):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "order_line": [
                            (0, 0, {"product_id": self.product.id, "product_uom_qty": qty})
                        ],
                    },
                    **vals,
                )
            )
        )

    def _two_instalments(self, order):
        first = {"number": 1, "percent": 30, "date_due": self.today + timedelta(days=10)}
        second = {
            "number": 2,
            "percent": 70,
            "date_due": self.today + timedelta(days=40),
            "method": "acceptance",
            "note": "验收后付清",
        }
        order.write({"cim_payment_plan_ids": [(5, 0, 0), (0, 0, first), (0, 0, second)]})
        return order.cim_payment_plan_ids.sorted("number")

    def _invoice(self, order):
        invoice = order.with_user(self.finance)._create_invoices()
        invoice.action_post()
        return invoice

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_user(self.finance).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": self.today}).action_create_payments()

    def test_plan_generated_on_confirmation(self):
        order = self.env["sale.order"].with_user(self.salesman).create(
            {"partner_id": self.customer.id,
             "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 100})]}
        )  # fmt: skip
        cron = self.env.ref("crm_integrated.ir_cron_handoff")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        order.action_confirm()
        # made by the hand-off job right after the commit, which the confirmation wakes up
        self.assertFalse(order.cim_payment_plan_ids)
        self.assertTrue(order.cim_handoff_pending)
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers)
        self.env["cim.handoff.action"]._cron_handoff()
        self.assertEqual(len(order.cim_payment_plan_ids), 1)
        self.assertEqual(order.cim_payment_plan_ids.amount, 50000)
        self.assertEqual(order.cim_payment_plan_ids.state, "pending")

    def test_plan_from_payment_terms(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "30% 预付，70% 30 天",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 30, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 70, "nb_days": 30}),
                ],
            }
        )
        order = self._order(payment_term_id=term.id)
        lines = order.cim_payment_plan_ids.sorted("number")
        self.assertEqual(lines.mapped("amount"), [15000, 35000])
        self.assertEqual((lines[1].date_due - lines[0].date_due).days, 30)

    def test_totals_enforced(self):
        order = self._order()
        with self.assertRaisesRegex(ValidationError, "adds up to"):
            order.write(
                {
                    "cim_payment_plan_ids": [
                        (5, 0, 0),
                        (0, 0, {"number": 1, "amount": 20000, "date_due": self.today}),
                        (0, 0, {"number": 2, "amount": 20000, "date_due": self.today}),
                    ]
                }
            )
        lines = self._two_instalments(order)
        self.assertEqual(lines.mapped("amount"), [15000, 35000])

    def test_statuses_follow_reconciled_payments(self):
        order = self._order()
        first, second = self._two_instalments(order)
        invoice = self._invoice(order)
        self.assertEqual(order.cim_collection_state, "none")
        self._pay(invoice, 20000)
        self.assertEqual((first.state, first.amount_received), ("paid", 15000))
        self.assertEqual((second.state, second.amount_received), ("partial", 5000))
        self.assertEqual(second.amount_outstanding, 30000)
        self.assertEqual(order.cim_collection_state, "partial")
        self.assertEqual(self.customer.cim_360_amount_due, 30000)
        self._pay(invoice, 30000)
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        self.assertEqual(second.state, "paid")
        self.assertEqual(order.cim_collection_state, "paid")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.cim_360_amount_due, 0)

    def test_overdue_cron_reminds_once(self):
        order = self._order()
        first, second = self._two_instalments(order)
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        with freeze_time(self.today + timedelta(days=8)):
            self.env["sale.payment.plan.line"]._cron_payment_plan()
            reminders = Activity.search(domain)
            self.assertEqual(reminders.user_id, self.salesman | self.finance)
            self.assertIn("due", reminders[0].summary)
        with freeze_time(self.today + timedelta(days=15)):
            self.env["sale.payment.plan.line"]._cron_payment_plan()
            self.assertEqual(first.state, "overdue")
            self.assertEqual(second.state, "pending")
            overdue = Activity.search(domain) - reminders
            self.assertEqual(overdue.user_id, self.salesman | self.finance)
            self.env["sale.payment.plan.line"]._cron_payment_plan()
            self.assertEqual(len(Activity.search(domain)), 4, "reminded once only")
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.cim_360_amount_overdue, 15000)
            self.assertEqual(self.customer.cim_360_amount_due, 50000)

    def test_cancelling_order_cancels_plan(self):
        order = self._order()
        lines = self._two_instalments(order)
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(set(lines.mapped("state")), {"cancelled"})
        # set back to quotation: the instalments are open again
        order.with_user(self.salesman).action_draft()
        self.assertNotIn("cancelled", set(lines.mapped("state")))
        # confirmed again: the plan is kept, not made a second time
        order.with_user(self.salesman).action_confirm()
        self._cim_hand_off(order)
        order.invalidate_recordset(["cim_payment_plan_ids"])
        self.assertEqual(order.cim_payment_plan_ids, lines)
        # without a plan, confirming again makes one
        order.with_user(self.salesman)._action_cancel()
        order.cim_payment_plan_ids.unlink()
        order.with_user(self.salesman).action_draft()
        order.with_user(self.salesman).action_confirm()
        self._cim_hand_off(order)
        self.assertEqual(order.cim_payment_plan_ids.mapped("amount"), [50000])

    def test_handoff_of_cancelled_and_unplannable_orders(self):
        """An order cancelled before the hand-off job gets no plan and is handed off when
        confirmed again; an order whose terms cannot make a plan gets a note telling why,
        and the other orders of the batch their plan."""
        cancelled = self._order_unconfirmed()
        cancelled.action_confirm()
        cancelled._action_cancel()
        negative = self._order_unconfirmed()
        negative.order_line.price_unit = -10
        negative.action_confirm()
        plain = self._order_unconfirmed()
        plain.action_confirm()
        self.env["cim.handoff.action"]._cron_handoff()
        self.assertFalse(cancelled.cim_payment_plan_ids)
        self.assertFalse(cancelled.cim_handoff_pending or cancelled.cim_handoff_done)
        self.assertFalse(negative.cim_payment_plan_ids)
        self.assertIn("could not be made", negative.message_ids[0].body)
        self.assertTrue(negative.cim_handoff_done)
        self.assertEqual(plain.cim_payment_plan_ids.amount, 50000)
        cancelled.action_draft()
        cancelled.action_confirm()
        self.env["cim.handoff.action"]._cron_handoff()
        self.assertEqual(cancelled.cim_payment_plan_ids.amount, 50000)
        self.assertTrue(cancelled.cim_handoff_done)

    def test_two_overdue_instalments_of_one_order(self):
        """Finance, not following the order, gets a to-do for each overdue instalment in
        one run (Odoo's subscription of the assignees would repeat the follower)."""
        order = self._order()
        self.assertNotIn(self.finance.partner_id, order.message_partner_ids)
        first, second = self._two_instalments(order)
        with freeze_time(self.today + timedelta(days=45)):
            self.env["sale.payment.plan.line"]._cron_payment_plan()
            self.assertEqual((first | second).mapped("state"), ["overdue", "overdue"])
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id),
             ("user_id", "=", self.finance.id)]
        )  # fmt: skip
        self.assertEqual(len(activities), 2)
        self.assertIn(self.finance.partner_id, order.message_partner_ids)

    def test_plan_given_before_confirmation_is_kept(self):
        order = self.env["sale.order"].with_user(self.salesman).create(
            {"partner_id": self.customer.id,
             "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 100})]}
        )  # fmt: skip
        lines = self._two_instalments(order)
        order.action_confirm()
        self._cim_hand_off(order)
        order.invalidate_recordset(["cim_payment_plan_ids"])
        self.assertEqual(order.cim_payment_plan_ids, lines)
        self.assertEqual(lines.mapped("state"), ["pending", "pending"])

    def test_dso(self):
        order = self._order()
        invoice = self._invoice(order)
        self._pay(invoice, 25000)
        self.customer.invalidate_recordset()
        # half of the year's sales still open: 182 or 183 days
        self.assertIn(self.customer.cim_360_dso, (182, 183))
