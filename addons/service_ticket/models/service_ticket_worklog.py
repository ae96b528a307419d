# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ServiceTicketWorklog(models.Model):
    """Work log (工作记录): who did what, when, for how long."""

    _name = "service.ticket.worklog"
    _description = "Service Ticket Work Log"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one("service.ticket", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Engineer", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    hours = fields.Float(digits=(16, 2))
    description = fields.Text(required=True)
