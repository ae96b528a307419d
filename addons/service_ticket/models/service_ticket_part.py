# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ServiceTicketPart(models.Model):
    """Spare parts used (备件) on a ticket."""

    _name = "service.ticket.part"
    _description = "Service Ticket Spare Part"
    _order = "ticket_id, sequence, id"

    ticket_id = fields.Many2one("service.ticket", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Spare Part", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    note = fields.Char()

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.product_id.uom_id
