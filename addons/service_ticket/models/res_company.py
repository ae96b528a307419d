# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_default_team_id = fields.Many2one(
        "service.ticket.team",
        string="Default Service Team",
        help="Team of new tickets that no dispatch rule routes elsewhere.",
    )
    service_auto_dispatch = fields.Boolean(
        string="Auto-dispatch Tickets",
        help="New tickets are routed by the dispatch rules and given to the best engineer.",
    )
    service_health_weight_satisfaction = fields.Integer(
        string="Health Weight: Service Satisfaction",
        help="Weight of the customer's average service rating in the health score (0 = not used).",
    )
    service_health_weight_tickets = fields.Integer(
        string="Health Weight: Open Tickets",
        help="Weight of the customer's open service tickets in the health score (0 = not used).",
    )
    service_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain="[('type', '=', 'service')]",
        help="Hours of the work log are billed with this service product (e.g. 维修工时).",
    )
