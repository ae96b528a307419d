# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from stdnum.cn import uscc

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "cim.duplicate.mixin"]

    customer_level_id = fields.Many2one(
        "crm.customer.level",
        index="btree_not_null",
        tracking=True,
        default=lambda self: self.env.company.cim_default_customer_level_id,
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        compute="_compute_sales_region_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="Derived from the province; can be set by hand.",
    )
    cim_source_id = fields.Many2one(
        "utm.source",
        string="Source Channel",
        index="btree_not_null",
        help="Where the customer came from: exhibition, website, referral, WeChat…",
    )
    # Fapiao (开票) details, reused by invoice requests
    cim_invoice_title = fields.Char(string="Invoice Title", help="抬头: the buyer's name.")
    cim_invoice_taxpayer_id = fields.Char(
        string="Taxpayer ID",
        compute="_compute_cim_invoice_taxpayer_id",
        store=True,
        readonly=False,
        help="税号: defaults to the Tax ID.",
    )
    cim_invoice_bank = fields.Char(string="Bank", help="开户行")
    cim_invoice_bank_account = fields.Char(string="Bank Account", help="账号")
    cim_invoice_address_phone = fields.Char(string="Address and Phone", help="地址、电话")
    cim_invoice_type = fields.Selection(
        [("special", "Special VAT invoice (专票)"), ("ordinary", "Ordinary VAT invoice (普票)")],
        string="Invoice Type",
        default="ordinary",
    )
    cim_invoice_mailing_address = fields.Char(
        string="Invoice Mailing Address", help="Where paper invoices are posted."
    )

    @api.depends("state_id")
    def _compute_sales_region_id(self):
        Region = self.env["crm.sales.region"]
        cache = {}
        for partner in self:
            company = partner.company_id or self.env.company
            key = (partner.state_id.id, company.id)
            if key not in cache:
                cache[key] = Region._region_for_state(partner.state_id, company)
            partner.sales_region_id = cache[key]

    @api.depends("vat")
    def _compute_cim_invoice_taxpayer_id(self):
        for partner in self:
            if not partner.cim_invoice_taxpayer_id:
                partner.cim_invoice_taxpayer_id = partner.vat

    @api.depends("vat", "mobile", "phone", "email", "name", "is_company")
    def _compute_cim_keys(self):
        return super()._compute_cim_keys()

    def _cim_key_values(self):
        return {
            "uscc": self.vat,
            "mobile": self.mobile,
            "phone": self.phone,
            "email": self.email,
            # persons share names too often: only companies are compared by name
            "name": self.name if self.is_company else False,
        }

    def _cim_same_customer_domains(self):
        commercial_id = self.commercial_partner_id._origin.id or self._origin.id
        if not commercial_id:
            return [], []
        return (
            [("commercial_partner_id", "!=", commercial_id)],
            [
                "|",
                ("partner_id", "=", False),
                ("partner_id.commercial_partner_id", "!=", commercial_id),
            ],
        )

    @api.constrains("vat", "country_id", "is_company")
    def _check_cim_uscc(self):
        for partner in self:
            if not partner._cim_must_check_uscc():
                continue
            code = uscc.compact(partner.vat)
            if not uscc.is_valid(code):
                raise ValidationError(
                    self.env._(
                        "“%(code)s” is not a valid unified social credit code "
                        "(统一社会信用代码) for %(partner)s: it must have 18 characters "
                        "and a correct check digit.",
                        code=partner.vat,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("vat", "mobile", "phone", "email", "name", "is_company", "active")
    def _check_cim_duplicates(self):
        self.filtered("active")._cim_check_duplicates()

    def _cim_must_check_uscc(self):
        """Chinese companies carry an 18-character USCC in the Tax ID."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return bool(
            self.vat and self.is_company and company.cim_check_uscc and self.country_id.code == "CN"
        )
