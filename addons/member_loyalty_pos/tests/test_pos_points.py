# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.member_loyalty.tests.common import member_program_vals
from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestPosMemberPoints(TestPoSCommon):
    """Orders of an open POS session, sent as the till sends them (``sync_from_ui``, then
    ``confirm_coupon_programs`` and ``add_loyalty_history_lines``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the cashier of the tests also manages the member program
        cls.env.user.groups_id |= cls.env.ref("member_loyalty.member_loyalty_group_manager")
        cls.env["loyalty.program"].search([]).active = False
        cls.program = cls.env["loyalty.program"].create(
            member_program_vals(
                "门店会员积分",
                points_rounding="down",
                points_expiry="months",
                points_expiry_months=12,
                tier_ids=[
                    Command.create({"name": "普通会员", "sequence": 1}),
                    Command.create(
                        {
                            "name": "金卡",
                            "sequence": 3,
                            "min_spend": 3000,
                            "points_multiplier": 1.5,
                        }
                    ),
                ],
            )
        )
        cls.regular, cls.gold = cls.program.tier_ids.sorted("sequence")
        cls.reward = cls.program.reward_ids
        cls.tool = cls.create_product("硬质合金铣刀", cls.categ_basic, 1000.0)
        cls.member = cls.env["res.partner"].create({"name": "宁波精工刀具店"})
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.member.id}
        )
        cls.env["loyalty.card"]._post_ledger_lines(
            [
                {"card_id": cls.card.id, "kind": "adjust", "issued": 60, "description": "期初一"},
                {"card_id": cls.card.id, "kind": "adjust", "issued": 40, "description": "期初二"},
            ]
        )
        cls.config = cls.basic_config

    def setUp(self):
        super().setUp()
        self.open_new_session()

    def _till_order(self, quantity, spend=0):
        """A paid order of ``quantity`` tools for the member, ``spend`` points redeemed."""
        data = self.create_ui_order_data([(self.tool, quantity)], customer=self.member)
        if spend:
            code = "reward-1"
            data["lines"].append(
                Command.create(
                    {
                        "product_id": self.reward.discount_line_product_id.id,
                        "qty": 1,
                        "price_unit": -spend,
                        "price_subtotal": -spend,
                        "price_subtotal_incl": -spend,
                        "tax_ids": [],
                        "is_reward_line": True,
                        "reward_id": self.reward.id,
                        "coupon_id": self.card.id,
                        "points_cost": spend,
                        "reward_identifier_code": code,
                    }
                )
            )
            for key in ("amount_total", "amount_paid"):
                data[key] -= spend
            data["payment_ids"][0][2]["amount"] -= spend
        result = self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _confirm(self, order, won, spend=0, card=None, history=True):
        """What the till sends once the order is saved: the card's change, then (without
        waiting for the answer) the history lines."""
        card = card or self.card
        coupon_data = {
            str(card.id): {
                "points": won - spend,
                "program_id": card.program_id.id,
                "coupon_id": card.id,
                "barcode": False,
                "partner_id": self.member.id,
                **({"line_codes": ["reward-1"]} if spend else {}),
            }
        }
        payload = order.confirm_coupon_programs(coupon_data)
        if history:
            self._send_history(order, payload, card, won, spend)
        return payload

    def _send_history(self, order, payload, card, won, spend):
        order.add_loyalty_history_lines(
            [{"order_id": order.id, "card_id": card.id, "spent": spend, "won": won}],
            [{"id": u["id"], "old_id": u["old_id"]} for u in payload["coupon_updates"]],
        )
        # saving the order read its (then empty) ledger lines
        order.invalidate_recordset(["member_history_ids"])

    def assertLedgerBalanced(self):
        self.card.invalidate_recordset()
        self.assertEqual(self.card.points, self.card.ledger_balance)

    def test_points_earned_at_the_till_are_posted_once(self):
        order = self._till_order(2)
        payload = self._confirm(order, won=200, history=False)
        order.invalidate_recordset(["member_history_ids"])
        self.assertEqual(
            order.member_history_ids.issued, 200, "posted with the balance, in the same call"
        )
        self._send_history(order, payload, self.card, 200, 0)
        lines = order.member_history_ids
        self.assertEqual(len(lines), 1, "the till's second call must not post the points again")
        self.assertRecordValues(
            lines,
            [
                {
                    "card_id": self.card.id,
                    "kind": "order",
                    "issued": 200,
                    "used": 0,
                    "order_model": "pos.order",
                    "order_id": order.id,
                    "points_remaining": 200,
                }
            ],
        )
        self.assertEqual(lines.expiry_date, fields.Date.add(lines.date, months=12))
        self.assertEqual(self.card.points, 300)
        self.assertEqual(payload["coupon_updates"][0]["points"], 300)
        self.assertLedgerBalanced()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            lines.sudo().write({"issued": 999})

    def test_redemption_consumes_the_oldest_points(self):
        first, second = self.card.history_ids.sorted("id")
        order = self._till_order(1, spend=50)
        self._confirm(order, won=100, spend=50)
        self.assertEqual(self.card.points, 150)
        line = order.member_history_ids
        self.assertRecordValues(line, [{"issued": 100, "used": 50}])
        self.assertEqual((first.points_remaining, second.points_remaining), (10, 40))
        self.assertLedgerBalanced()

    def test_redemption_beyond_the_balance_is_refused(self):
        order = self._till_order(1, spend=120)
        with self.assertRaisesRegex(UserError, "100.0 points left"):
            self._confirm(order, won=0, spend=120)
        self.assertEqual(self.card.points, 100)
        self.assertFalse(order.member_history_ids)
        self.assertLedgerBalanced()

    def test_refund_at_the_till_takes_the_points_back(self):
        order = self._till_order(1)
        self._confirm(order, won=100)
        self.card._redeem(150, "礼品兑换")  # the member spent most of them meanwhile
        refund = self._till_order(-1)
        self._confirm(refund, won=-100)
        self.assertRecordValues(refund.member_history_ids, [{"issued": -100, "used": 0}])
        self.assertEqual(self.card.points, -50, "taken back even if already spent")
        self.assertLedgerBalanced()

    def test_till_purchases_count_towards_tiers(self):
        self.assertEqual(self.card.tier_id, self.regular)
        order = self._till_order(3)
        self._confirm(order, won=300)
        self.assertEqual(self.card.tier_id, self.gold, "¥3,000 at the till reaches 金卡")
        # the next purchase earns with the gold multiplier
        order = self._till_order(1)
        self._confirm(order, won=100)
        self.assertEqual(order.member_history_ids.issued, 150)
        self.assertEqual(self.card.points, 100 + 300 + 150)
        self.assertLedgerBalanced()

    def test_programs_without_locked_ledger_keep_odoo_behaviour(self):
        program = self.program.copy({"name": "普通积分", "ledger_locked": False})
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": self.member.id, "points": 5}
        )
        order = self._till_order(1)
        self._confirm(order, won=100, card=card)
        history = self.env["loyalty.history"].search(
            [("order_model", "=", "pos.order"), ("order_id", "=", order.id)]
        )
        self.assertRecordValues(history, [{"card_id": card.id, "issued": 100, "used": 0}])
        self.assertEqual(card.points, 105)

    def test_till_purchases_keep_members_active(self):
        order = self._till_order(1)
        self._confirm(order, won=100)
        today = fields.Date.context_today(order, order.date_order)
        # dormant only when the last purchase, here at the till, is older than the cutoff
        self.assertIn(
            (self.card.id, today),
            self.program._dormant_candidates(fields.Date.add(today, days=1)),
        )
        self.assertNotIn(self.card.id, [c for c, _d in self.program._dormant_candidates(today)])
        segment = self.env["loyalty.member.segment"].create(
            {
                "name": "近30天到店会员",
                "program_ids": [Command.set(self.program.ids)],
                "last_purchase": "within",
                "last_purchase_days": 30,
            }
        )
        self.assertEqual(segment._members(), self.card)
        segment.last_purchase = "never"
        self.assertFalse(segment._members())
