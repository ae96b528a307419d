# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CimApprovalRule(models.Model):
    """When a record needs approval (condition) and who approves it (ordered steps).

    All the conditions that are set must hold (AND); a rule without any condition applies to
    every record of its model. The first matching rule by sequence is used."""

    _name = "cim.approval.rule"
    _description = "Approval Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    model_id = fields.Many2one(
        "ir.model",
        string="Document Model",
        required=True,
        ondelete="cascade",
        domain=[("model", "in", ("sale.order",))],
        default=lambda self: self.env["ir.model"]._get("sale.order"),
    )
    model = fields.Char(related="model_id.model", store=True, index=True, string="Model Name")
    domain = fields.Char(
        string="Condition",
        default="[]",
        help="Odoo domain the document must match, e.g. [('team_id.name', '=', '华东大客户组')].",
    )
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        required=True,
    )
    amount_min = fields.Monetary(
        string="Untaxed Amount ≥",
        help="The rule applies from this untaxed amount on (0: any amount). Documents in "
        "another currency are converted at their date.",
    )
    discount_min = fields.Float(
        string="Any Line Discount ≥ (%)",
        help="The rule applies when one line has at least this discount (0: not checked).",
    )
    margin_max = fields.Float(
        string="Margin ≤ (%)",
        help="The rule applies when the margin is at most this percentage. Only checked when "
        "margins are computed (the sale_margin module); 0: not checked.",
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", help="The rule applies only to these customers."
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="The rule applies when the document sells one of these products.",
    )
    step_ids = fields.One2many("cim.approval.rule.step", "rule_id", string="Steps", copy=True)
    step_count = fields.Integer(compute="_compute_step_count", string="Number of Steps")

    @api.depends("step_ids")
    def _compute_step_count(self):
        for rule in self:
            rule.step_count = len(rule.step_ids)

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                domain = literal_eval(rule.domain or "[]")
                self.env[rule.model or "sale.order"].search_count(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of rule %(rule)s is not a valid domain: %(error)s",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    @api.constrains("discount_min", "margin_max")
    def _check_percentages(self):
        for rule in self:
            if not (0 <= rule.discount_min <= 100) or not (-100 <= rule.margin_max <= 100):
                raise ValidationError(self.env._("Percentages must be between 0 and 100."))

    def _cim_rules_for(self, model_name, company):
        """Active rules of a model for a company, in order, with their thresholds (one
        query)."""
        return self.sudo().search_fetch(
            [("model", "=", model_name), ("company_id", "in", [company.id, False])],
            ["amount_min", "discount_min", "margin_max", "domain", "currency_id"],
        )

    def _cim_amount(self, values):
        """The document's amount in the rule's currency (the company currency unless set
        otherwise), converted at the document's date."""
        amount = values.get("amount", 0.0)
        currency = values.get("currency")
        if not currency or currency == self.currency_id:
            return amount
        return currency._convert(
            amount,
            self.currency_id,
            values.get("company") or self.env.company,
            values.get("date") or fields.Date.context_today(self),
        )

    def _cim_matches(self, record):
        """Whether this rule applies to ``record`` (values from ``_cim_approval_values``)."""
        self.ensure_one()
        values = record._cim_approval_values()
        if self.amount_min and self._cim_amount(values) < self.amount_min:
            return False
        if self.discount_min and values.get("discount", 0.0) < self.discount_min:
            return False
        if self.margin_max:
            margin = values.get("margin")
            if margin is None or margin > self.margin_max:
                return False
        if self.partner_ids and values.get("partner") not in self.partner_ids:
            return False
        if self.product_ids and not (values.get("products") & self.product_ids):
            return False
        domain = literal_eval(self.domain or "[]")
        return not domain or bool(record.filtered_domain(domain))
