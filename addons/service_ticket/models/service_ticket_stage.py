# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ServiceTicketStage(models.Model):
    _name = "service.ticket.stage"
    _description = "Service Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closing Stage", help="Tickets in this stage are done (resolved or cancelled)."
    )
    team_ids = fields.Many2many(
        "service.ticket.team",
        string="Teams",
        help="Teams using this stage; empty means every team.",
    )
    rating_request = fields.Boolean(
        string="Request a Rating",
        help="Entering this stage sends the customer a satisfaction request (email and portal).",
    )
    active = fields.Boolean(default=True)
