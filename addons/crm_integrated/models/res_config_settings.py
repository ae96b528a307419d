# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cim_default_customer_level_id = fields.Many2one(
        related="company_id.cim_default_customer_level_id", readonly=False
    )
    cim_check_uscc = fields.Boolean(related="company_id.cim_check_uscc", readonly=False)
