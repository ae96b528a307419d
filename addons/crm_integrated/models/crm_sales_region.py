# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSalesRegion(models.Model):
    """Sales region (销售区域) grouping provinces, e.g. 华东 = 上海/江苏/浙江/…"""

    _name = "crm.sales.region"
    _description = "Sales Region"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the region between companies."
    )
    state_ids = fields.Many2many(
        "res.country.state",
        "crm_sales_region_state_rel",
        "region_id",
        "state_id",
        string="Provinces",
    )
    user_id = fields.Many2one("res.users", string="Region Manager")

    @api.constrains("state_ids", "company_id", "active")
    def _check_state_unique(self):
        """A province belongs to one active region per company."""
        for region in self.filtered("active"):
            clash = self.search(
                [
                    ("id", "!=", region.id),
                    ("company_id", "in", [region.company_id.id, False]),
                    ("state_ids", "in", region.state_ids.ids),
                ],
                limit=1,
            )
            if clash:
                shared = region.state_ids & clash.state_ids
                raise ValidationError(
                    self.env._(
                        "%(states)s already belong to the sales region %(region)s.",
                        states=", ".join(shared.mapped("name")),
                        region=clash.display_name,
                    )
                )

    @api.model
    def _region_for_state(self, state, company):
        """Return the region containing ``state`` for ``company`` (own before shared)."""
        if not state:
            return self.browse()
        regions = self.search(
            [("state_ids", "in", state.ids), ("company_id", "in", [company.id, False])]
        )
        return regions.sorted(lambda r: (not r.company_id, r.sequence))[:1]
