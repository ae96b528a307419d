# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

from odoo import fields, models


class ServiceTicketTeam(models.Model):
    _name = "service.ticket.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one("res.users", string="Team Leader", tracking=True)
    member_ids = fields.Many2many("res.users", string="Engineers")
    dispatch_capacity = fields.Integer(
        string="Max Open Tickets per Engineer",
        help="Engineers with this many open tickets are dispatched only when nobody else "
        "can go; 0 = no limit.",
    )
    ticket_ids = fields.One2many("service.ticket", "team_id")
    open_ticket_count = fields.Integer(compute="_compute_open_ticket_count")

    def _compute_open_ticket_count(self):
        counts = dict(
            self.env["service.ticket"]._read_group(
                [("team_id", "in", self.ids), ("is_closed", "=", False)],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_ticket_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("service.ticket")
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults.update({"team_id": self.id, "company_id": self.company_id.id})
            values["alias_defaults"] = repr(defaults)
            values["alias_parent_thread_id"] = self.id
            values["alias_parent_model_id"] = self.env["ir.model"]._get_id(self._name)
        return values

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_ticket.service_ticket_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
