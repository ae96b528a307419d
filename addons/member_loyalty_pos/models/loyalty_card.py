# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import fields, models

from .loyalty_program import POS_SOLD_STATES


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def _tier_figures(self, months, spend=True, points=True):
        """Purchases at the till count for the tiers as orders do (refunds do not count
        as orders)."""
        figures = super()._tier_figures(months, spend=spend, points=points)
        if not spend:
            return figures
        since = fields.Date.context_today(self) - relativedelta(months=months)
        pos = {
            partner.id: (amount, count)
            for partner, amount, count in self.env["pos.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("state", "in", POS_SOLD_STATES),
                    ("amount_total", ">", 0),
                    ("date_order", ">=", since),
                ],
                ["partner_id"],
                ["amount_total:sum", "__count"],
            )
        }
        result = {}
        for card, (amount, count, card_points) in figures.items():
            pos_amount, pos_count = pos.get(card.partner_id.id, (0.0, 0))
            result[card] = (amount + pos_amount, count + pos_count, card_points)
        return result
