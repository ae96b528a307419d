# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..utils import normalize

DUPLICATE_MODES = [("off", "Off"), ("warn", "Warn"), ("block", "Block")]


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
    cim_dup_mode_uscc = fields.Selection(
        DUPLICATE_MODES, string="Duplicate USCC", default="block", required=True
    )
    cim_dup_mode_phone = fields.Selection(
        DUPLICATE_MODES, string="Duplicate Phone/Mobile", default="warn", required=True
    )
    cim_dup_mode_email = fields.Selection(
        DUPLICATE_MODES, string="Duplicate Email", default="warn", required=True
    )
    cim_dup_mode_name = fields.Selection(
        DUPLICATE_MODES, string="Duplicate Company Name", default="warn", required=True
    )
    cim_dup_name_similarity = fields.Float(
        string="Name Similarity Threshold",
        default=0.8,
        help="Between 0 and 1: company names at least this similar (trigram similarity of "
        "the normalised names) count as the same customer. 0 keeps exact matches only.",
    )

    def _cim_duplicate_modes(self):
        self.ensure_one()
        return {
            "uscc": self.cim_dup_mode_uscc,
            "phone": self.cim_dup_mode_phone,
            "email": self.cim_dup_mode_email,
            "name": self.cim_dup_mode_name,
        }

    @api.model
    def _cim_noise_words(self):
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_integrated.name_noise_words", normalize.DEFAULT_NOISE_WORDS)
        )
