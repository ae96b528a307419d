# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import member_program_vals


@tagged("post_install", "-at_install")
class TestConcurrentRedemption(TransactionCase):
    """Two database cursors redeem the same 100 points: the second never overspends.

    The data is committed by a cursor of its own (the other cursors must see it) and
    removed at the end.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            program = env["loyalty.program"].create(
                member_program_vals(
                    "并发兑换测试",
                    reward={"discount_mode": "per_order", "required_points": 100},
                    earn_moment="paid",
                )
            )
            partner = env["res.partner"].create({"name": "潍坊并发测试客户"})
            product = env["product.product"].create(
                {"name": "齿轮箱", "list_price": 1000.0, "taxes_id": False}
            )
            card = env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id})
            env["loyalty.card"]._post_ledger_lines(
                [{"card_id": card.id, "kind": "adjust", "issued": 100, "description": "期初"}]
            )
            orders = env["sale.order"]
            for _i in range(2):
                order = env["sale.order"].create(
                    {
                        "partner_id": partner.id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                )
                order._update_programs_and_rewards()
                error = order._apply_program_reward(program.reward_ids, card)
                assert not error.get("error"), error
                orders |= order
            self.ids = {
                "program": program.id,
                "partner": partner.id,
                "product": product.id,
                "card": card.id,
                "orders": tuple(orders.ids),
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            ids = self.ids
            cr.execute("DELETE FROM loyalty_points_allocation WHERE card_id = %s", [ids["card"]])
            cr.execute("DELETE FROM loyalty_history WHERE card_id = %s", [ids["card"]])
            cr.execute("DELETE FROM sale_order WHERE id IN %s", [ids["orders"]])
            cr.execute("DELETE FROM loyalty_card WHERE id = %s", [ids["card"]])
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["loyalty.program"].browse(ids["program"])
            program.active = False
            program.unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            env["product.product"].browse(ids["product"]).unlink()

    def _confirm(self, cr, order_id):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["sale.order"].browse(order_id).action_confirm()

    def _card_state(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT points, (SELECT sum(used) FROM loyalty_history WHERE card_id = c.id) "
                "FROM loyalty_card c WHERE id = %s",
                [self.ids["card"]],
            )
            return cr.fetchone()

    @mute_logger("odoo.sql_db")
    def test_second_cursor_waits_then_sees_spent_balance(self):
        first, second = self.ids["orders"]
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            self._confirm(cr_a, first)  # holds the card's row lock until it commits
            cr_b.execute("SET LOCAL lock_timeout = '300ms'")
            with self.assertRaises(errors.LockNotAvailable):
                self._confirm(cr_b, second)
            cr_b.rollback()
            cr_a.commit()
            # the retry starts a fresh transaction: it sees the spent balance and refuses
            with self.assertRaises(ValidationError):
                self._confirm(cr_b, second)
            cr_b.rollback()
        self.assertEqual(self._card_state(), (0.0, 100.0))

    @mute_logger("odoo.sql_db")
    def test_stale_transaction_fails_cleanly(self):
        """A transaction that started before the other redemption committed cannot lock the
        card (serialization failure, the request is retried) instead of spending it again."""
        first, second = self.ids["orders"]
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.ids["card"]])
            self.assertEqual(cr_b.fetchone()[0], 100)
            self._confirm(cr_a, first)
            cr_a.commit()
            with self.assertRaises(errors.SerializationFailure):
                self._confirm(cr_b, second)
            cr_b.rollback()
        self.assertEqual(self._card_state(), (0.0, 100.0))
