# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.exceptions import AccessError


class LoyaltyCardUpdateBalance(models.TransientModel):
    """On an immutable ledger a manual balance change is an adjustment line with its reason
    (the description) and its approver; only loyalty administrators approve them."""

    _inherit = "loyalty.card.update.balance"

    def action_update_card_point(self):
        if not self.card_id.program_id.ledger_locked:
            return super().action_update_card_point()
        if not self.env.user.has_group("member_loyalty.member_loyalty_group_manager"):
            raise AccessError(
                self.env._("Only loyalty administrators can adjust a member's points.")
            )
        adjusting = self.with_context(default_kind="adjust", default_approver_id=self.env.uid)
        return super(LoyaltyCardUpdateBalance, adjusting).action_update_card_point()
