# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    member_program_id = fields.Many2one(related="company_id.member_program_id", readonly=False)
    member_earn_moment = fields.Selection(
        related="company_id.member_program_id.earn_moment", readonly=False
    )
    member_points_expiry = fields.Selection(
        related="company_id.member_program_id.points_expiry", readonly=False
    )
    member_points_expiry_months = fields.Integer(
        related="company_id.member_program_id.points_expiry_months", readonly=False
    )
    member_point_value = fields.Float(
        related="company_id.member_program_id.point_value", readonly=False
    )
    member_dormant_days = fields.Integer(
        related="company_id.member_program_id.dormant_days", readonly=False
    )
    member_birthday_points = fields.Float(
        related="company_id.member_program_id.birthday_points", readonly=False
    )
