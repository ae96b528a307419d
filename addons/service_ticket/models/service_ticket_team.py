# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ServiceTicketTeam(models.Model):
    _name = "service.ticket.team"
    _description = "Service Team"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one("res.users", string="Team Leader", tracking=True)
    member_ids = fields.Many2many("res.users", string="Engineers")
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
