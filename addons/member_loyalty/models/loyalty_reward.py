# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# programs whose rewards a member can exchange points for, outside a sale order
EXCHANGE_PROGRAM_TYPES = ("loyalty", "coupons")


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    exchange_points = fields.Float(
        string="Points to Exchange",
        help="Member points that buy this reward outside an order (积分兑换): a gift product "
        "delivered by a zero-priced order, or a coupon of this coupon program. 0: not "
        "exchangeable.",
    )

    @api.constrains("exchange_points", "reward_type", "program_id")
    def _check_exchange_points(self):
        for reward in self.filtered("exchange_points"):
            program_type = reward.program_id.program_type
            if (
                reward.exchange_points < 0
                or reward.reward_type not in ("product", "discount")
                or program_type not in EXCHANGE_PROGRAM_TYPES
                or (reward.reward_type == "discount" and program_type != "coupons")
            ):
                raise ValidationError(
                    self.env._(
                        "Reward %(reward)s: members exchange points for gift products (of a "
                        "loyalty or coupon program) or for coupons (discounts of a coupon "
                        "program) only, at a positive number of points.",
                        reward=reward.description,
                    )
                )
