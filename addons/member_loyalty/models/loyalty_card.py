# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class LoyaltyCard(models.Model):
    """A member's points account in a program; its ledger is ``history_ids``."""

    _inherit = "loyalty.card"

    member_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    join_date = fields.Date(default=fields.Date.context_today)
    tier_id = fields.Many2one(
        "loyalty.member.tier",
        string="Member Tier",
        domain="[('program_id', '=', program_id)]",
        tracking=True,
    )
    tier_since = fields.Date()
    tier_until = fields.Date()
    ledger_balance = fields.Float(
        compute="_compute_ledger", help="Sum of the ledger lines: issued minus used points."
    )
    lifetime_points = fields.Float(
        compute="_compute_ledger", help="All points ever earned, reversals deducted."
    )

    _sql_constraints = [
        ("member_number_uniq", "unique(member_number)", "The member number must be unique."),
    ]

    @api.depends("history_ids.issued", "history_ids.used")
    def _compute_ledger(self):
        data = {
            card.id: (issued, used)
            for card, issued, used in self.env["loyalty.history"]
            .sudo()
            ._read_group([("card_id", "in", self.ids)], ["card_id"], ["issued:sum", "used:sum"])
        }
        for card in self:
            issued, used = data.get(card.id, (0.0, 0.0))
            card.ledger_balance = issued - used
            card.lifetime_points = issued

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        for card in cards.filtered(lambda c: c.program_id.ledger_locked and c.partner_id):
            if not card.member_number:
                card.member_number = (
                    self.env["ir.sequence"].sudo().next_by_code("member_loyalty.member")
                )
            if not card.tier_id and card.program_id.tier_ids:
                card.tier_id = card.program_id._tier_for()
                card.tier_since = card.join_date
        return cards
