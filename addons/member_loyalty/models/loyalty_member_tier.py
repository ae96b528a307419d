# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class LoyaltyMemberTier(models.Model):
    """Member tier (会员等级) of a loyalty program: 普通会员, 银卡, 金卡, 钻石…

    A member qualifies for a tier when any of its thresholds is reached within the
    rolling window; the tier is kept for the retention period (保级).
    """

    _name = "loyalty.member.tier"
    _description = "Member Tier"
    _order = "program_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Higher tiers come later: the order is the upgrade path."
    )
    active = fields.Boolean(default=True)
    program_id = fields.Many2one(
        "loyalty.program",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("program_type", "=", "loyalty")],
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    min_spend = fields.Monetary(
        string="Qualifying Spend", help="Paid amount within the window that qualifies."
    )
    min_points = fields.Float(string="Qualifying Points")
    min_orders = fields.Integer(string="Qualifying Orders")
    window_months = fields.Integer(
        string="Window (months)", default=12, help="Rolling window for the thresholds."
    )
    retention_months = fields.Integer(
        string="Retention (months)",
        default=12,
        help="How long a reached tier is kept before it is evaluated again (保级).",
    )
    points_multiplier = fields.Float(default=1.0, digits=(16, 2))
    pricelist_id = fields.Many2one(
        "product.pricelist", string="Member Pricelist", help="Discounts for this tier."
    )
    benefits = fields.Text(translate=True)
    gift_program_id = fields.Many2one(
        "loyalty.program",
        string="Tier-up Gift",
        domain=[("program_type", "in", ("coupons", "promotion", "next_order_coupons"))],
        help="Program of the coupon a member gets when upgraded to this tier.",
    )
    color = fields.Integer()

    _sql_constraints = [
        (
            "name_program_uniq",
            "unique(program_id, name)",
            "A tier name must be unique in its program.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "points_multiplier" in vals:
            self.env.registry.clear_cache()  # _points_multiplier_of
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _points_multiplier_of
        return res

    @api.model
    @tools.ormcache("tier_id")
    def _points_multiplier_of(self, tier_id):
        """The points multiplier of a tier, cached: every confirmation of a member's order
        reads it, an administrator rarely changes it (writes clear the cache)."""
        return self.sudo().browse(tier_id).points_multiplier or 1.0

    @api.constrains("min_spend", "min_points", "min_orders", "points_multiplier", "window_months")
    def _check_thresholds(self):
        for tier in self:
            if min(tier.min_spend, tier.min_points, tier.min_orders) < 0:
                raise ValidationError(
                    self.env._("Thresholds of tier %(tier)s cannot be negative.", tier=tier.name)
                )
            if tier.points_multiplier <= 0:
                raise ValidationError(
                    self.env._(
                        "The points multiplier of tier %(tier)s must be positive.",
                        tier=tier.name,
                    )
                )
            if tier.window_months <= 0 or tier.retention_months < 0:
                raise ValidationError(
                    self.env._(
                        "The window of tier %(tier)s must be at least one month.",
                        tier=tier.name,
                    )
                )

    def _is_reached(self, spend, points, orders):
        """Any threshold set on the tier is enough; a tier without thresholds is the entry tier."""
        self.ensure_one()
        thresholds = [
            (self.min_spend, spend),
            (self.min_points, points),
            (self.min_orders, orders),
        ]
        set_ones = [(need, have) for need, have in thresholds if need]
        return not set_ones or any(have >= need for need, have in set_ones)
