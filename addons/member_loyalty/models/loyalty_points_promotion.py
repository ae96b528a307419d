# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyPointsPromotion(models.Model):
    """Points promotion (积分活动): orders dated in the range earn the multiplier."""

    _name = "loyalty.points.promotion"
    _description = "Points Promotion"
    _order = "date_from desc, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one(
        "loyalty.program",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("program_type", "=", "loyalty")],
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    multiplier = fields.Float(default=2.0, digits=(16, 2), required=True)

    @api.constrains("date_from", "date_to", "multiplier")
    def _check_dates(self):
        for promotion in self:
            if promotion.date_to < promotion.date_from or promotion.multiplier <= 0:
                raise ValidationError(
                    self.env._(
                        "Promotion %(name)s needs a positive multiplier and an end date after "
                        "its start date.",
                        name=promotion.name,
                    )
                )
