# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


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
    rule_active = fields.Boolean(
        string="Assign by Rule",
        help="The nightly customer-value computation gives this level to the customers "
        "meeting all the conditions below (levels are tried in sequence, the first match "
        "wins; a rule without conditions matches everyone left). Customers whose level was "
        "set by hand keep it.",
    )
    rule_min_monetary = fields.Float(
        string="Minimum Purchases",
        digits="Account",
        help="Confirmed orders (untaxed, company currency) within the RFM window.",
    )
    rule_min_orders = fields.Integer(
        string="Minimum Orders", help="Confirmed orders within the RFM window."
    )
    rule_min_health = fields.Integer(string="Minimum Health Score")
    rule_segment_ids = fields.Many2many(
        "crm.customer.segment",
        string="In Segments",
        help="The customer's RFM segment is one of these (empty: any segment or none).",
    )

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

    @api.constrains("rule_min_monetary", "rule_min_orders", "rule_min_health")
    def _check_rule(self):
        for level in self:
            if level.rule_min_monetary < 0 or level.rule_min_orders < 0:
                raise ValidationError(self.env._("Rule thresholds cannot be negative."))
            if not 0 <= level.rule_min_health <= 100:
                raise ValidationError(self.env._("A health score is between 0 and 100."))

    @api.model
    def _cim_rule_case_sql(self, company, monetary, orders, health, segment):
        """SQL giving the level id by the rule levels of ``company`` over the SQL values of a
        customer (NULL when no rule matches), or None when no level is assigned by rule."""
        levels = self.search(
            [("rule_active", "=", True), ("company_id", "in", [company.id, False])]
        )
        if not levels:
            return None
        whens = []
        for level in levels:
            conditions = [SQL("TRUE")]
            if level.rule_min_monetary:
                conditions.append(SQL("coalesce(%s, 0) >= %s", monetary, level.rule_min_monetary))
            if level.rule_min_orders:
                conditions.append(SQL("coalesce(%s, 0) >= %s", orders, level.rule_min_orders))
            if level.rule_min_health:
                conditions.append(SQL("coalesce(%s, 0) >= %s", health, level.rule_min_health))
            if level.rule_segment_ids:
                conditions.append(SQL("%s IN %s", segment, tuple(level.rule_segment_ids.ids)))
            whens.append(SQL("WHEN %s THEN %s", SQL(" AND ").join(conditions), level.id))
        return SQL("CASE %s ELSE NULL END", SQL(" ").join(whens))

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers of level %(level)s", level=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("customer_level_id", "=", self.id)],
        }
