# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerLevel(models.Model):
    """Customer level (客户等级): a configurable grade such as A/B/C/D."""

    _name = "crm.customer.level"
    _description = "Customer Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code shown on badges, e.g. A.")
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the level between companies."
    )
    partner_count = fields.Integer(compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_level_id", "in", self.ids)],
                ["customer_level_id"],
                ["__count"],
            )
        )
        for level in self:
            level.partner_count = counts.get(level, 0)

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for level in self:
            clash = self.with_context(active_test=False).search_count(
                [
                    ("id", "!=", level.id),
                    ("code", "=", level.code),
                    ("company_id", "=", level.company_id.id),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._("The customer level code %(code)s is already used.", code=level.code)
                )

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers of level %(level)s", level=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("customer_level_id", "=", self.id)],
        }
