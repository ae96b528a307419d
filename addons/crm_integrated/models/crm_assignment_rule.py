# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmAssignmentRule(models.Model):
    """Lead routing, first match wins: an Odoo domain on the lead → a team, and inside the
    team round-robin or least-loaded among members that take leads (Odoo's opt-out and
    30-day capacity of team members are respected)."""

    _name = "crm.assignment.rule"
    _description = "Lead Assignment Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    domain = fields.Char(
        string="Conditions", default="[]", required=True, help="Leads this rule takes."
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", required=True)
    method = fields.Selection(
        [("round_robin", "Round-robin"), ("least_loaded", "Least loaded")],
        required=True,
        default="round_robin",
    )
    last_user_id = fields.Many2one("res.users", string="Last Assigned", readonly=True)
    lead_count = fields.Integer(compute="_compute_lead_count", string="Leads Assigned")

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                self.env["crm.lead"].search_count(rule._domain(), limit=1)
            except Exception as exc:
                raise ValidationError(
                    self.env._("The conditions of rule %(rule)s are not valid.", rule=rule.name)
                ) from exc

    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("cim_assignment_rule_id", "in", self.ids)],
                ["cim_assignment_rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.lead_count = counts.get(rule, 0)

    def _domain(self):
        self.ensure_one()
        return literal_eval(self.domain or "[]")

    @api.model
    def _assign(self, leads):
        """Route ``leads`` (without salesperson) by the first matching rule; returns them."""
        rules = self.search([])
        assigned = self.env["crm.lead"]
        for lead in leads.filtered(lambda lead: not lead.user_id):
            for rule in rules:
                if lead.company_id and rule.company_id != lead.company_id:
                    continue
                if lead.filtered_domain(rule._domain()):
                    user = rule._next_user()
                    lead.write(
                        {
                            "team_id": rule.team_id.id,
                            "user_id": user.id,
                            "cim_assignment_rule_id": rule.id,
                        }
                    )
                    assigned |= lead
                    break
        return assigned

    def _available_members(self):
        """Team members that take leads now: not opted out, under their 30-day capacity."""
        self.ensure_one()
        members = self.team_id.crm_team_member_ids.filtered(
            lambda m: m.active and not m.assignment_optout and m.user_id.active
        )
        return members.filtered(
            lambda m: not m.assignment_max or m.lead_month_count < m.assignment_max
        ).sorted(lambda m: m.user_id.id)

    def _next_user(self):
        self.ensure_one()
        members = self._available_members()
        if not members:
            return self.env["res.users"]
        users = members.user_id
        if self.method == "least_loaded":
            load = dict(
                self.env["crm.lead"]._read_group(
                    [
                        ("user_id", "in", users.ids),
                        ("active", "=", True),
                        ("probability", "<", 100),
                    ],
                    ["user_id"],
                    ["__count"],
                )
            )
            user = min(users, key=lambda u: (load.get(u, 0), u.id))
        else:
            after = users.filtered(lambda u: u.id > self.last_user_id.id)
            user = after[:1] or users[:1]
        self.sudo().last_user_id = user
        # the capacity counts this lead from now on
        members.invalidate_recordset(["lead_month_count"])
        return user

    def action_apply_to_backlog(self):
        """Route the open leads nobody owns."""
        leads = self.env["crm.lead"].search(
            [("user_id", "=", False), ("active", "=", True), ("probability", "<", 100)]
        )
        self._assign(leads)
        return True
