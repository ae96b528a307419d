# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestGiftExchange(MemberLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gift = cls.env["loyalty.reward"].create(
            {
                "program_id": cls.program.id,
                "reward_type": "product",
                "reward_product_id": cls.spare.id,
                "reward_product_qty": 2,
                "required_points": 100,
                "exchange_points": 300,
            }
        )
        cls.coupon_program = cls.env["loyalty.program"].create(
            {
                "name": "积分兑换九折券",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                            "exchange_points": 200,
                        }
                    )
                ],
            }
        )
        cls.coupon_reward = cls.coupon_program.reward_ids

    def _exchange(self, card, reward):
        wizard = (
            self.env["loyalty.gift.exchange"]
            .with_user(self.salesman)
            .create({"card_id": card.id, "reward_id": reward.id})
        )
        action = wizard.action_exchange()
        return self.env[action["res_model"]].browse(action["res_id"])

    def test_exchange_gift_product(self):
        card = self._make_card(points=500)
        order = self._exchange(card, self.gift)
        self.assertEqual(order._name, "sale.order")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.partner)
        self.assertEqual(order.amount_total, 0)
        gift_line = order.order_line.filtered(lambda line: line.product_id == self.spare)
        self.assertEqual(gift_line.product_uom_qty, 2)
        self.assertEqual(card.points, 200)
        self.assertEqual(card.ledger_balance, 200)
        redeem = card.history_ids.filtered(lambda line: line.kind == "redeem")
        self.assertEqual(redeem.used, 300)
        self.assertIn(order.name, redeem.description)
        self.assertEqual(
            sum(redeem.spend_allocation_ids.mapped("points")), 300, "earnings consumed (FIFO)"
        )
        order._action_cancel()
        self.assertEqual(
            (card.points, card.ledger_balance), (200, 200), "the ledger stays the balance"
        )

    def test_exchange_coupon(self):
        card = self._make_card(points=500)
        coupon = self._exchange(card, self.coupon_reward)
        self.assertEqual(coupon.program_id, self.coupon_program)
        self.assertEqual(coupon.partner_id, self.partner)
        self.assertTrue(coupon.code)
        self.assertEqual(coupon.points, 1, "one use of the 10% discount")
        self.assertEqual(card.points, 300)
        self.assertIn(coupon.code, card.message_ids[:1].body)
        order = self._order([(self.machine, 1)])
        self.assertFalse(order._try_apply_code(coupon.code).get("error"))

    def test_short_balance_refused(self):
        card = self._make_card(points=250)
        orders_before = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "needs 300.0 points"):
            self._exchange(card, self.gift)
        self.assertEqual(card.points, 250)
        self.assertFalse(card.history_ids.filtered(lambda line: line.kind == "redeem"))
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)

    def test_only_gifts_and_coupons(self):
        with self.assertRaises(ValidationError):
            self.reward.exchange_points = 100  # a discount of the loyalty program itself
