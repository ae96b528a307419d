# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_default_team_id = fields.Many2one(
        related="company_id.service_default_team_id", readonly=False
    )
    service_auto_dispatch = fields.Boolean(
        related="company_id.service_auto_dispatch", readonly=False
    )
    service_health_weight_satisfaction = fields.Integer(
        related="company_id.service_health_weight_satisfaction", readonly=False
    )
    service_health_weight_tickets = fields.Integer(
        related="company_id.service_health_weight_tickets", readonly=False
    )
    service_labour_product_id = fields.Many2one(
        related="company_id.service_labour_product_id", readonly=False
    )
