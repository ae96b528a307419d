# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from .loyalty_program import POS_SOLD_STATES


class LoyaltyMemberSegment(models.Model):
    _inherit = "loyalty.member.segment"

    @api.model
    def _purchased_domain(self, order_domain):
        """Purchases at the till count as purchases."""
        return [
            "|",
            *super()._purchased_domain(order_domain),
            ("partner_id.pos_order_ids", "any", [("state", "in", POS_SOLD_STATES), *order_domain]),
        ]
