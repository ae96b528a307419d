# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from stdnum.cn import uscc

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

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

    def _cim_must_check_uscc(self):
        """Chinese companies carry an 18-character USCC in the Tax ID."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return bool(
            self.vat and self.is_company and company.cim_check_uscc and self.country_id.code == "CN"
        )
