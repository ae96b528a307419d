# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class LoyaltyTierHistory(models.Model):
    """Tier change log (等级变动记录), append-only: who moved from which tier to which, why."""

    _name = "loyalty.tier.history"
    _description = "Member Tier Change"
    _order = "id desc"

    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, index=True)
    program_id = fields.Many2one(related="card_id.program_id", store=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    old_tier_id = fields.Many2one("loyalty.member.tier", string="From Tier", ondelete="set null")
    new_tier_id = fields.Many2one("loyalty.member.tier", string="To Tier", ondelete="set null")
    change = fields.Selection(
        [("entry", "Entry"), ("upgrade", "Upgrade"), ("downgrade", "Downgrade")], required=True
    )
    reason = fields.Char(required=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._("Tier changes are logged once and cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        raise UserError(self.env._("Tier changes cannot be deleted."))
