# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class LoyaltyPointsAllocation(models.Model):
    """Which earning a redemption, expiry or reversal consumed (FIFO), append-only.

    Only the ledger engine creates them (as superuser, under the card's row lock); the
    remaining points of an earning line are its issued points minus its allocations.
    """

    _name = "loyalty.points.allocation"
    _description = "Points Allocation"
    _order = "id"

    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade", index=True)
    earn_line_id = fields.Many2one("loyalty.history", required=True, ondelete="cascade", index=True)
    spend_line_id = fields.Many2one(
        "loyalty.history", required=True, ondelete="cascade", index=True
    )
    points = fields.Float(required=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._("Points allocations cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        raise UserError(self.env._("Points allocations cannot be deleted."))
