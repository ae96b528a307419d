# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_cancel(self):
        """On locked ledgers a cancellation posts reversal lines instead of deleting."""
        confirmed = self.filtered(lambda o: o.state == "sale")
        lines = (
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", self._name), ("order_id", "in", confirmed.ids)])
        )
        locked = lines._locked()
        if locked:
            # lock the cards: concurrent point changes wait for this one
            self.env.cr.execute(
                "SELECT id FROM loyalty_card WHERE id IN %s FOR UPDATE",
                [tuple(locked.card_id.ids)],
            )
            for order in confirmed:
                locked.filtered(lambda line, o=order: line.order_id == o.id)._reverse(
                    self.env._("Cancellation of %s", order.display_name)
                )
        # the posted lines are excluded from the deletion done by sale_loyalty
        return super(SaleOrder, self.with_context(member_loyalty_cancel=True))._action_cancel()

    def _update_loyalty_history(self, coupon_id, points):
        if not coupon_id.program_id.ledger_locked:
            return super()._update_loyalty_history(coupon_id, points)
        self.ensure_one()
        return (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": coupon_id.id,
                    "description": self.env._("Order %s", self.display_name),
                    "used": points,
                    "order_model": self._name,
                    "order_id": self.id,
                }
            )
        )
