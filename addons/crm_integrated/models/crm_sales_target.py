# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSalesTarget(models.Model):
    """A salesperson's monthly targets (业绩目标): won, invoiced and collected amounts, read
    by the leaderboard (销售业绩龙虎榜) against what was really won, invoiced and collected."""

    _name = "crm.sales.target"
    _description = "Sales Target"
    _order = "month desc, user_id"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, ondelete="cascade"
    )
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month; stored as its first day.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    won_target = fields.Monetary()
    invoiced_target = fields.Monetary()
    collected_target = fields.Monetary()

    _sql_constraints = [
        (
            "user_month_uniq",
            "unique(user_id, month, company_id)",
            "A salesperson has one target per month.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().write(vals)

    @api.constrains("won_target", "invoiced_target", "collected_target")
    def _check_amounts(self):
        for target in self:
            if min(target.won_target, target.invoiced_target, target.collected_target) < 0:
                raise ValidationError(self.env._("Targets cannot be negative."))
