# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .service_ticket import PRIORITIES


class ServiceSlaPolicy(models.Model):
    """SLA policy: conditions on the ticket → response and resolution targets in working
    hours of a calendar (whose global leaves are the public holidays)."""

    _name = "service.sla.policy"
    _description = "Service SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Text(translate=True)
    # conditions (empty = any)
    customer_level_ids = fields.Many2many("crm.customer.level", string="Customer Levels")
    problem_type_ids = fields.Many2many(
        "service.problem.type", string="Problem Types", help="Their sub-types match too."
    )
    priority = fields.Selection(
        PRIORITIES, string="Minimum Priority", help="Tickets of this priority or higher."
    )
    team_ids = fields.Many2many("service.ticket.team", string="Teams")
    # targets
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Deadlines count the working hours of this calendar; its global time off "
        "(public holidays such as 国庆节) does not count.",
    )
    response_hours = fields.Float(
        string="Respond Within (hours)", help="Working hours until the first answer; 0 = none."
    )
    resolution_hours = fields.Float(
        string="Resolve Within (hours)", help="Working hours until the ticket is closed; 0 = none."
    )
    warning_hours = fields.Float(
        string="Warn Before (hours)",
        default=2.0,
        help="The ticket is 'at risk' this many hours before a deadline; the engineer "
        "(or the team leader) is warned once.",
    )
    start_on = fields.Selection(
        [("create", "Ticket creation"), ("assign", "Engineer assignment")],
        string="Clock Starts On",
        default="create",
        required=True,
    )
    pause_stage_ids = fields.Many2many(
        "service.ticket.stage",
        string="Paused in Stages",
        help="The clock stops while the ticket is in these stages (e.g. waiting for the "
        "customer or for parts).",
    )
    reassign_on_breach = fields.Boolean(
        string="Reassign to Team Leader on Breach",
        help="Besides the to-do, the ticket is given to the team leader.",
    )

    def _matches(self, ticket):
        self.ensure_one()
        if self.company_id != ticket.company_id:
            return False
        if self.customer_level_ids and ticket.customer_level_id not in self.customer_level_ids:
            return False
        if self.team_ids and ticket.team_id not in self.team_ids:
            return False
        if self.priority and int(ticket.priority or 0) < int(self.priority):
            return False
        if self.problem_type_ids:
            wanted = {str(pid) for pid in self.problem_type_ids.ids}
            path = set((ticket.problem_type_id.parent_path or "").split("/"))
            if not wanted & path:
                return False
        return True

    @api.model
    def _policies_for(self, tickets):
        """{ticket: policies}, one search for the batch."""
        policies = self.search([("company_id", "in", tickets.company_id.ids)])
        return {ticket: policies.filtered(lambda p, t=ticket: p._matches(t)) for ticket in tickets}
