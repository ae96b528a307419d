# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class LoyaltyHistory(models.Model):
    """Points ledger line (积分流水).

    On programs with a locked ledger a line is posted when it is created: nobody changes
    or deletes it afterwards, not even an administrator. Corrections and cancellations are
    new lines that reverse the original (``reversed_id``).
    """

    _inherit = "loyalty.history"

    ledger_locked = fields.Boolean(related="card_id.program_id.ledger_locked")
    reversed_id = fields.Many2one(
        "loyalty.history", string="Reverses", readonly=True, index="btree_not_null"
    )
    reversal_ids = fields.One2many("loyalty.history", "reversed_id", string="Reversals")
    create_uid = fields.Many2one("res.users", readonly=True)

    def _locked(self):
        return self.filtered(lambda line: line.card_id.program_id.ledger_locked)

    def write(self, vals):
        if self._locked():
            raise UserError(
                self.env._(
                    "Posted points ledger lines cannot be changed; record a correction instead."
                )
            )
        return super().write(vals)

    def unlink(self):
        if self.env.context.get("member_loyalty_cancel"):
            # sale_loyalty deletes the lines of a cancelled order: the posted ones stay,
            # they have been reversed by new lines
            return super(LoyaltyHistory, self - self._locked()).unlink()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if self._locked():
            raise UserError(
                self.env._(
                    "Posted points ledger lines cannot be deleted; record a reversal instead."
                )
            )

    def _reverse(self, description):
        """Post one reversal line per line: the issued and used points swap sign."""
        to_reverse = self.filtered(lambda line: not line.reversal_ids)
        return self.create(
            [
                {
                    "card_id": line.card_id.id,
                    "description": description,
                    "issued": -line.issued,
                    "used": -line.used,
                    "order_model": line.order_model,
                    "order_id": line.order_id,
                    "reversed_id": line.id,
                }
                for line in to_reverse
            ]
        )
