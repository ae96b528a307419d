# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestEarningMoment(MemberLoyaltyCase):
    def test_confirm_moment_is_odoo_behaviour(self):
        order = self._confirmed_order()
        card = self._card()
        self.assertEqual(card.points, 200)
        self.assertEqual(card.history_ids.issued, 200)
        self.assertEqual(card.history_ids.order_id, order.id)
        self.assertFalse(order.loyalty_points_pending)

    def test_posted_moment_holds_points_until_invoice_posts(self):
        self.program.earn_moment = "posted"
        order = self._confirmed_order()
        card = self._card()
        self.assertEqual(card.points, 0)
        self.assertFalse(card.history_ids.filtered("issued"))
        self.assertEqual(order.loyalty_points_pending, 200)
        invoice = self._invoice(order, post=False)
        self.assertEqual(card.points, 0, "a draft invoice earns nothing")
        invoice.action_post()
        earning = card.history_ids.filtered(lambda line: line.move_id == invoice)
        self.assertEqual(earning.issued, 200)
        self.assertEqual(earning.kind, "earn")
        self.assertEqual(earning.order_id, order.id)
        self.assertEqual(card.points, 200)
        self.assertEqual(card.ledger_balance, 200)
        order.invalidate_recordset(["loyalty_points_pending"])
        self.assertEqual(order.loyalty_points_pending, 0)

    def test_paid_moment_credits_on_full_payment(self):
        self.program.earn_moment = "paid"
        order = self._confirmed_order()
        card = self._card()
        invoice = self._invoice(order)
        self.assertEqual(card.points, 0, "a posted unpaid invoice earns nothing")
        self._pay(invoice, amount=500)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(card.points, 0)
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(card.points, 200)
        self.assertEqual(card.ledger_balance, 200)
        earning = card.history_ids.filtered("move_id")
        self.assertEqual((earning.move_id, earning.order_id), (invoice, order.id))

    def test_pending_points_cannot_pay_their_own_order(self):
        self.program.earn_moment = "paid"
        card = self._make_card()
        order = self._order([(self.machine, 2)])
        self.assertEqual(order._get_real_points_for_coupon(card), 0)
        self.program.earn_moment = "confirm"
        self.assertEqual(order._get_real_points_for_coupon(card), 200)

    def test_credit_note_reverses_in_proportion(self):
        self.program.earn_moment = "posted"
        order = self._confirmed_order()
        card = self._card()
        invoice = self._invoice(order)
        refund = self._refund(invoice, quantity=1)
        reversal = card.history_ids.filtered(lambda line: line.move_id == refund)
        self.assertEqual(reversal.issued, -100)
        self.assertEqual(reversal.kind, "reversal")
        self.assertEqual(card.points, 100)
        self.assertEqual(card.ledger_balance, 100)
        # the earning of the order is what the credit note took back
        earning = card.history_ids.filtered(lambda line: line.move_id == invoice)
        self.assertEqual(earning.points_remaining, 100)

    def test_credit_note_of_unpaid_invoice_takes_nothing(self):
        self.program.earn_moment = "paid"
        order = self._confirmed_order()
        card = self._card()
        invoice = self._invoice(order)
        self._refund(invoice)
        self.assertFalse(card.history_ids.filtered("move_id"))
        self.assertEqual(card.points, 0)

    def test_cancellation_reverses_invoiced_points(self):
        self.program.earn_moment = "posted"
        order = self._confirmed_order()
        card = self._card()
        self._invoice(order)
        self.assertEqual(card.points, 200)
        order.with_user(self.sales_manager)._action_cancel()
        self.assertEqual(card.points, 0)
        self.assertEqual(card.ledger_balance, 0)
        self.assertEqual(len(card.history_ids.filtered(lambda line: line.issued)), 2)
        self.assertTrue(card.history_ids.filtered("move_id").reversal_ids)

    def test_cancellation_before_invoice_drops_pending(self):
        self.program.earn_moment = "paid"
        order = self._confirmed_order()
        card = self._card()
        order.with_user(self.sales_manager)._action_cancel()
        self.assertEqual(card.points, 0)
        self.assertEqual(card.ledger_balance, 0)
        self.assertEqual(order.loyalty_points_pending, 0)

    def test_reset_to_draft_reverses_and_repost_earns_again(self):
        self.program.earn_moment = "posted"
        order = self._confirmed_order()
        card = self._card()
        invoice = self._invoice(order)
        invoice.with_user(self.biller).button_draft()
        self.assertEqual(card.points, 0)
        invoice.with_user(self.biller).action_post()
        self.assertEqual(card.points, 200)
        self.assertEqual(card.ledger_balance, 200)
        self.assertEqual(len(card.history_ids.filtered("move_id")), 3)


@tagged("post_install", "-at_install")
class TestAmountRules(MemberLoyaltyCase):
    def test_rounding_modes(self):
        for mode, raw, expected in (
            ("down", 15.5, 15),
            ("half_up", 15.5, 16),
            ("half_up", 15.4, 15),
            ("up", 15.1, 16),
            ("up", 11.000000000000002, 11),
            ("none", 15.55, 15.55),
        ):
            self.program.points_rounding = mode
            self.assertEqual(self.program._round_points(raw), expected, mode)

    def test_earn_by_amount_rounded_down(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.machine.id, "product_uom_qty": 1, "price_unit": 155}
                    )
                ],
            }
        )
        order._update_programs_and_rewards()
        self.assertEqual(self._points(order), 15, "1 point per ¥10, rounded down")

    def test_tier_multiplier(self):
        card = self._make_card(tier=self.gold)
        self._confirmed_order()
        self.assertEqual(card.points, 300, "200 points × 1.5 for 金卡")
        # the multiplier is cached: a change applies to the next order
        self.gold.points_multiplier = 2
        self._confirmed_order()
        self.assertEqual(card.points, 700, "then 200 points × 2")

    def test_category_rule_tier_promotion_and_cap(self):
        # spare parts earn double: a second rule on their category
        self.program.rule_ids = [
            Command.create(
                {
                    "reward_point_mode": "money",
                    "reward_point_amount": 0.1,
                    "product_category_id": self.spare_category.id,
                }
            )
        ]
        self._make_card(tier=self.gold)
        lines = [(self.machine, 1), (self.spare, 1)]
        # (1200 + 200) / 10 = 140 points × 1.5
        self.assertEqual(self._points(self._order(lines)), 210)
        today = fields.Date.context_today(self.env.user)
        promotion = self.env["loyalty.points.promotion"].create(
            {
                "name": "五一双倍积分",
                "program_id": self.program.id,
                "date_from": today - timedelta(days=1),
                "date_to": today + timedelta(days=1),
                "multiplier": 2,
            }
        )
        self.assertEqual(self._points(self._order(lines)), 420)
        self.program.max_points_per_order = 400
        self.assertEqual(self._points(self._order(lines)), 400)
        promotion.write({"date_from": today + timedelta(days=5), "date_to": today + timedelta(10)})
        self.assertEqual(self._points(self._order(lines)), 210, "promotion not started")

    def test_points_rules_with_earning_on_payment(self):
        self.program.earn_moment = "paid"
        card = self._make_card(tier=self.gold)
        order = self._confirmed_order()
        self.assertEqual(order.loyalty_points_pending, 300)
        self._pay(self._invoice(order))
        self.assertEqual(card.points, 300)
