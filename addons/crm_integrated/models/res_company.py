# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cim_default_customer_level_id = fields.Many2one(
        "crm.customer.level",
        string="Default Customer Level",
        help="Level given to new customers created without one.",
    )
    cim_check_uscc = fields.Boolean(
        string="Validate Unified Social Credit Codes",
        default=True,
        help="Check the checksum of the 18-character code (统一社会信用代码) "
        "of Chinese companies stored in the Tax ID.",
    )
