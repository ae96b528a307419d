# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    tier_ids = fields.One2many("loyalty.member.tier", "program_id", string="Member Tiers")
    tier_count = fields.Integer(compute="_compute_tier_count")
    ledger_locked = fields.Boolean(
        string="Immutable Points Ledger",
        help="Posted ledger lines can neither be changed nor deleted: cancellations post "
        "reversal lines and cards get a member number.",
    )

    def _compute_tier_count(self):
        for program in self:
            program.tier_count = len(program.tier_ids)

    def _tier_for(self, spend=0.0, points=0.0, orders=0):
        """The highest tier of this program reached by these figures (or none)."""
        self.ensure_one()
        reached = self.tier_ids.filtered(lambda t: t._is_reached(spend, points, orders))
        return reached.sorted("sequence")[-1:] if reached else reached

    def action_view_tiers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "member_loyalty.loyalty_member_tier_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
