# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import normalize


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cim_default_customer_level_id = fields.Many2one(
        related="company_id.cim_default_customer_level_id", readonly=False
    )
    cim_collection_user_id = fields.Many2one(
        related="company_id.cim_collection_user_id", readonly=False
    )
    cim_check_uscc = fields.Boolean(related="company_id.cim_check_uscc", readonly=False)
    cim_dup_mode_uscc = fields.Selection(related="company_id.cim_dup_mode_uscc", readonly=False)
    cim_dup_mode_phone = fields.Selection(related="company_id.cim_dup_mode_phone", readonly=False)
    cim_dup_mode_email = fields.Selection(related="company_id.cim_dup_mode_email", readonly=False)
    cim_dup_mode_name = fields.Selection(related="company_id.cim_dup_mode_name", readonly=False)
    cim_rfm_window_days = fields.Integer(related="company_id.cim_rfm_window_days", readonly=False)
    cim_health_weight_frequency = fields.Integer(
        related="company_id.cim_health_weight_frequency", readonly=False
    )
    cim_health_weight_overdue = fields.Integer(
        related="company_id.cim_health_weight_overdue", readonly=False
    )
    cim_health_weight_followup = fields.Integer(
        related="company_id.cim_health_weight_followup", readonly=False
    )
    cim_churn_threshold = fields.Integer(related="company_id.cim_churn_threshold", readonly=False)
    cim_weekly_report = fields.Boolean(related="company_id.cim_weekly_report", readonly=False)
    cim_weekly_report_day = fields.Selection(
        related="company_id.cim_weekly_report_day", readonly=False
    )
    cim_weekly_report_hour = fields.Float(
        related="company_id.cim_weekly_report_hour", readonly=False
    )
    cim_weekly_report_user_ids = fields.Many2many(
        related="company_id.cim_weekly_report_user_ids", readonly=False
    )
    cim_dup_name_similarity = fields.Float(
        related="company_id.cim_dup_name_similarity", readonly=False
    )
    cim_invoice_request_on_delivery = fields.Boolean(
        related="company_id.cim_invoice_request_on_delivery", readonly=False
    )
    cim_name_noise_words = fields.Char(
        string="Words Ignored in Company Names",
        config_parameter="crm_integrated.name_noise_words",
        default=normalize.DEFAULT_NOISE_WORDS,
        help="Comma-separated legal-form words left out when company names are compared.",
    )

    @api.constrains("cim_dup_name_similarity")
    def _check_cim_dup_name_similarity(self):
        for settings in self:
            if not 0 <= settings.cim_dup_name_similarity <= 1:
                raise ValidationError(
                    self.env._("The name similarity threshold must be between 0 and 1.")
                )

    def set_values(self):
        old_words = self.env["res.company"]._cim_noise_words()
        res = super().set_values()
        if self.env["res.company"]._cim_noise_words() != old_words:
            self.env["res.partner"]._cim_recompute_keys()
            self.env["crm.lead"]._cim_recompute_keys()
        return res
