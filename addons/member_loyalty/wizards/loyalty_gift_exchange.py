# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..models.loyalty_reward import EXCHANGE_PROGRAM_TYPES


class LoyaltyGiftExchange(models.TransientModel):
    """Exchange a member's points for a gift product or a coupon (积分兑换), outside an order."""

    _name = "loyalty.gift.exchange"
    _description = "Exchange Member Points"

    card_id = fields.Many2one("loyalty.card", required=True, readonly=True)
    partner_id = fields.Many2one(related="card_id.partner_id")
    balance = fields.Float(related="card_id.points", string="Balance")
    reward_id = fields.Many2one(
        "loyalty.reward",
        required=True,
        domain=[
            ("exchange_points", ">", 0),
            ("reward_type", "in", ("product", "discount")),
            ("program_id.program_type", "in", EXCHANGE_PROGRAM_TYPES),
            ("program_id.active", "=", True),
        ],
    )
    reward_type = fields.Selection(related="reward_id.reward_type")
    exchange_points = fields.Float(related="reward_id.exchange_points")
    product_id = fields.Many2one(
        "product.product",
        string="Gift",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_product_ids)]",
    )
    allowed_product_ids = fields.Many2many(related="reward_id.reward_product_ids")

    @api.depends("reward_id")
    def _compute_product_id(self):
        for wizard in self:
            wizard.product_id = wizard.reward_id.reward_product_ids[:1]

    def action_exchange(self):
        self.ensure_one()
        result = self.card_id._exchange_reward(self.reward_id, product=self.product_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": result._name,
            "res_id": result.id,
            "view_mode": "form",
            "target": "current",
        }
