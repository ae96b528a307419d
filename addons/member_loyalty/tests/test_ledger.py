# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import member_program_vals


@tagged("post_install", "-at_install")
class TestLedger(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            member_program_vals(
                "账本测试计划",
                points_per_yuan=1,
                reward={"required_points": 100},
                tier_ids=[Command.create({"name": "普通会员", "sequence": 1})],
            )
        )
        cls.product = cls.env["product.product"].create(
            {"name": "液压泵", "list_price": 500.0, "taxes_id": False}
        )
        cls.partner = cls.env["res.partner"].create({"name": "潍坊测试客户"})
        cls.salesman = new_test_user(
            cls.env,
            login="ml_ledger_sales",
            groups="sales_team.group_sale_salesman,member_loyalty.member_loyalty_group_user",
        )
        # Odoo lets only sales administrators cancel orders that earned points
        cls.sales_manager = new_test_user(
            cls.env,
            login="ml_ledger_manager",
            groups="sales_team.group_sale_manager,member_loyalty.member_loyalty_group_user",
        )

    def _card(self):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "=", self.partner.id)]
        )

    def _confirmed_order(self, qty=2):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": qty})
                    ],
                }
            )
        )
        order._update_programs_and_rewards()
        order.action_confirm()
        return order

    def test_member_card_and_balance_is_sum_of_lines(self):
        order = self._confirmed_order()
        card = self._card()
        self.assertTrue(card.member_number.startswith("HY"))
        self.assertEqual(card.tier_id.name, "普通会员")
        self.assertEqual(card.points, 1000)
        self.assertEqual(len(card.history_ids), 1)
        self.assertEqual(card.history_ids.order_id, order.id)
        self.assertEqual(card.ledger_balance, card.points)
        self._confirmed_order(qty=1)
        self.assertEqual(card.points, 1500)
        self.assertEqual(card.ledger_balance, card.points)
        self.assertEqual(card.lifetime_points, 1500)

    def test_posted_lines_immutable_even_for_admin(self):
        self._confirmed_order()
        line = self._card().history_ids
        for env in (self.env, line.with_user(self.env.ref("base.user_admin")).env):
            with self.assertRaises(UserError), self.cr.savepoint():
                line.with_env(env).write({"issued": 1})
            with self.assertRaises(UserError), self.cr.savepoint():
                line.with_env(env).unlink()
        self.assertEqual(line.issued, 1000)

    def test_cancel_posts_reversal_instead_of_delete(self):
        order = self._confirmed_order()
        card = self._card()
        earning = card.history_ids
        order.with_user(self.sales_manager)._action_cancel()
        self.assertTrue(earning.exists())
        reversal = card.history_ids - earning
        self.assertEqual(reversal.reversed_id, earning)
        self.assertEqual(reversal.issued, -1000)
        self.assertEqual(card.points, 0)
        self.assertEqual(card.ledger_balance, 0)
        self.assertEqual(card.lifetime_points, 0)

    def test_unlocked_program_keeps_odoo_behaviour(self):
        self.program.ledger_locked = False
        order = self._confirmed_order()
        card = self._card()
        self.assertFalse(card.member_number)
        order.with_user(self.sales_manager)._action_cancel()
        self.assertFalse(card.history_ids)

    def test_partner_shows_member_card(self):
        self.env.company.member_program_id = self.program
        self._confirmed_order()
        partner = self.partner.with_user(self.salesman)
        self.assertEqual(partner.member_card_id, self._card())
        self.assertEqual(partner.member_tier_id.name, "普通会员")
        self.assertEqual(partner.member_points, 1000)
        self.assertTrue(partner.member_number)

    def test_adjustment_has_reason_and_approver(self):
        self._confirmed_order()
        card = self._card()
        manager = new_test_user(
            self.env,
            login="ml_ledger_admin",
            groups="sales_team.group_sale_manager,member_loyalty.member_loyalty_group_manager",
        )
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_user(manager)
            .create({"card_id": card.id, "new_balance": 900, "description": "客户投诉补偿冲减"})
        )
        wizard.action_update_card_point()
        adjustment = card.history_ids.filtered(lambda line: line.kind == "adjust")
        self.assertEqual(adjustment.used, 100)
        self.assertEqual(adjustment.approver_id, manager)
        self.assertEqual(adjustment.description, "客户投诉补偿冲减")
        self.assertEqual(card.ledger_balance, 900)
        self.assertEqual(card.points, 900)
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_user(self.sales_manager)
            .create({"card_id": card.id, "new_balance": 5000, "description": "私自加分"})
        )
        with self.assertRaises(AccessError):
            wizard.action_update_card_point()
        self.assertEqual(card.points, 900)
