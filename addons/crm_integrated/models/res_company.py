# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import normalize

DUPLICATE_MODES = [("off", "Off"), ("warn", "Warn"), ("block", "Block")]


class ResCompany(models.Model):
    _inherit = "res.company"

    cim_collection_user_id = fields.Many2one(
        "res.users",
        string="Collection Follow-up (Finance)",
        domain=[("share", "=", False)],
        help="Gets, with the salesperson, the reminders of instalments coming due or overdue.",
    )
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

    # customer value: RFM, segments, health
    cim_rfm_window_days = fields.Integer(
        string="RFM Window (days)",
        default=365,
        help="Frequency and monetary value count the confirmed orders of this many last days.",
    )
    cim_health_weight_frequency = fields.Integer(
        string="Weight: Purchase Frequency",
        default=40,
        help="Orders in the window compared with the customer's own earlier rhythm.",
    )
    cim_health_weight_overdue = fields.Integer(
        string="Weight: Overdue Receivables",
        default=30,
        help="Full marks without overdue invoices; one point less per day of the oldest delay.",
    )
    cim_health_weight_followup = fields.Integer(
        string="Weight: Follow-up Recency",
        default=30,
        help="Full marks when followed up in the last 7 days, none after 90 days.",
    )
    cim_churn_threshold = fields.Integer(
        string="Churn Warning Below",
        default=40,
        help="When a customer's health score drops below this, its owner gets a to-do "
        "(once, until the score recovers). 0 = no warnings.",
    )

    @api.constrains(
        "cim_rfm_window_days",
        "cim_health_weight_frequency",
        "cim_health_weight_overdue",
        "cim_health_weight_followup",
        "cim_churn_threshold",
    )
    def _check_cim_value_settings(self):
        for company in self:
            weights = (
                company.cim_health_weight_frequency,
                company.cim_health_weight_overdue,
                company.cim_health_weight_followup,
            )
            if company.cim_rfm_window_days < 1 or min(weights) < 0:
                raise ValidationError(
                    self.env._("The RFM window needs at least one day; weights cannot be negative.")
                )
            if not 0 <= company.cim_churn_threshold <= 100:
                raise ValidationError(self.env._("The churn threshold is a score from 0 to 100."))

    # weekly report (周报)
    cim_weekly_report = fields.Boolean(string="Weekly Report", default=True)
    cim_weekly_report_day = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
            ("5", "Saturday"),
            ("6", "Sunday"),
        ],
        string="Weekly Report Day",
        default="4",
        required=True,
    )
    cim_weekly_report_hour = fields.Float(
        string="Weekly Report Time",
        default=17.0,
        help="Local time of the company (its partner's time zone, Asia/Shanghai by default).",
    )
    cim_weekly_report_user_ids = fields.Many2many(
        "res.users",
        "res_company_cim_weekly_report_user_rel",
        "company_id",
        "user_id",
        string="Weekly Report Recipients",
        help="They get the whole company's week; each sales team leader gets their team's.",
    )
    cim_weekly_report_last = fields.Date(string="Weekly Report Last Sent", readonly=True)

    # lead to cash
    cim_invoice_request_on_delivery = fields.Boolean(
        string="Invoice Request When Delivered",
        default=True,
        help="When every goods line of a confirmed order is fully delivered, finance gets an "
        "invoice request (once per order).",
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
