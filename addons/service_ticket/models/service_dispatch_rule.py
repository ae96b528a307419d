# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval


class ServiceDispatchRule(models.Model):
    """Dispatch rules (派工规则), ordered, first match wins: conditions → a team."""

    _name = "service.dispatch.rule"
    _description = "Service Dispatch Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    problem_type_ids = fields.Many2many(
        "service.problem.type", string="Problem Types", help="Their sub-types match too."
    )
    customer_level_ids = fields.Many2many("crm.customer.level", string="Customer Levels")
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Category of the product or equipment of the ticket (sub-categories match).",
    )
    partner_domain = fields.Char(
        string="Customer Filter",
        default="[]",
        help="Which customers (region, province, city…), "
        "e.g. [('state_id.code', '=', '鲁')] for Shandong.",
    )
    team_id = fields.Many2one("service.ticket.team", required=True, ondelete="cascade")

    def _matches(self, ticket):
        self.ensure_one()
        if self.customer_level_ids and ticket.customer_level_id not in self.customer_level_ids:
            return False
        if self.problem_type_ids:
            wanted = {str(pid) for pid in self.problem_type_ids.ids}
            if not wanted & set((ticket.problem_type_id.parent_path or "").split("/")):
                return False
        if self.product_categ_ids:
            wanted = {str(cid) for cid in self.product_categ_ids.ids}
            path = ticket.product_id.categ_id.parent_path or ""
            if not wanted & set(path.split("/")):
                return False
        domain = safe_eval(self.partner_domain or "[]")
        if domain:
            customer = ticket.commercial_partner_id
            if not customer or not customer.filtered_domain(domain):
                return False
        return True

    @api.model
    def _rule_for(self, ticket):
        rules = self.search([("company_id", "=", ticket.company_id.id)])
        return next((rule for rule in rules if rule._matches(ticket)), self.browse())
