# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import models


class AccountMove(models.Model):
    """Invoices earn the pending points of their orders; credit notes take them back."""

    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._loyalty_earn("posted")
        return posted

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self._loyalty_earn("paid")
        return res

    def button_draft(self):
        """An invoice reset to draft gives back what it earned (posting again earns again)."""
        lines = (
            self.env["loyalty.history"]
            .sudo()
            .search([("move_id", "in", self.ids), ("reversed_id", "=", False)])
            .filtered(lambda line: not line.reversal_ids)
        )
        for move in self:
            lines.filtered(lambda line, m=move: line.move_id == m)._reverse(
                self.env._("%s reset to draft", move.name), update_points=True
            )
        return super().button_draft()

    def _loyalty_order_shares(self):
        """{sale order: share of its total} invoiced (or credited) by this move."""
        self.ensure_one()
        shares = defaultdict(float)
        for line in self.invoice_line_ids:
            orders = line.sale_line_ids.order_id
            for order in orders:
                if order.amount_total:
                    shares[order] += line.price_total / len(orders) / order.amount_total
        return shares

    def _loyalty_earn(self, moment):
        # posting or paying an invoice earns its orders' points whoever does it: finance
        # users have no right on the orders' points, the ledger engine works as superuser
        moves = self.sudo().filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")
        )
        if not moves or not moves.invoice_line_ids.sale_line_ids.order_id.coupon_point_ids:
            return
        for move in moves:
            refund = move.move_type == "out_refund"
            if refund and moment != "posted":
                continue
            for order, share in move._loyalty_order_shares().items():
                order._loyalty_earn_from_invoice(move, -share if refund else share, moment)
