# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

SERVICE_GROUP = "service_ticket.service_ticket_group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # customer 360 (客户360): service section, a constant number of queries
    service_360_ticket_count = fields.Integer(
        string="Service Tickets", compute="_compute_service_360", groups=SERVICE_GROUP
    )
    service_360_open_ticket_count = fields.Integer(
        string="Open Tickets", compute="_compute_service_360", groups=SERVICE_GROUP
    )
    service_360_rating_avg = fields.Float(
        string="Service Satisfaction",
        compute="_compute_service_360",
        groups=SERVICE_GROUP,
        help="Average rating of the closed tickets (1 = dissatisfied, 5 = satisfied).",
    )
    service_360_equipment_count = fields.Integer(
        string="Equipment", compute="_compute_service_360", groups=SERVICE_GROUP
    )
    service_360_recent_ticket_ids = fields.Many2many(
        "service.ticket",
        string="Recent Tickets",
        compute="_compute_service_360",
        groups=SERVICE_GROUP,
    )
    service_360_equipment_ids = fields.Many2many(
        "service.equipment",
        string="Customer Equipment",
        compute="_compute_service_360",
        groups=SERVICE_GROUP,
    )

    SERVICE_360_RECENT = 5
    SERVICE_360_EQUIPMENT = 20

    def _compute_service_360(self):
        commercial = self.commercial_partner_id
        Ticket = self.env["service.ticket"]
        Equipment = self.env["service.equipment"]
        tickets, ratings, equipment = {}, {}, {}
        if commercial.ids:
            for customer, closed, count in Ticket._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id", "is_closed"],
                ["__count"],
            ):
                total, still_open = tickets.get(customer, (0, 0))
                tickets[customer] = (total + count, still_open + (0 if closed else count))
            ratings = dict(
                Ticket._read_group(
                    [
                        ("commercial_partner_id", "in", commercial.ids),
                        ("rating_last_value", ">", 0),
                    ],
                    ["commercial_partner_id"],
                    ["rating_last_value:avg"],
                )
            )
            equipment = dict(
                Equipment._read_group(
                    [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
                )
            )
        for partner in self:
            entity = partner.commercial_partner_id
            total, still_open = tickets.get(entity, (0, 0))
            partner.service_360_ticket_count = total
            partner.service_360_open_ticket_count = still_open
            partner.service_360_rating_avg = ratings.get(entity, 0.0)
            partner.service_360_equipment_count = equipment.get(entity, 0)
            if not entity.id:
                partner.service_360_recent_ticket_ids = Ticket
                partner.service_360_equipment_ids = Equipment
                continue
            partner.service_360_recent_ticket_ids = Ticket.search(
                [("commercial_partner_id", "=", entity.id)],
                order="id desc",
                limit=self.SERVICE_360_RECENT,
            )
            partner.service_360_equipment_ids = Equipment.search(
                [("partner_id", "=", entity.id)], limit=self.SERVICE_360_EQUIPMENT
            )

    def action_service_new_ticket(self):
        """From the 360 view: a new ticket for this customer (phone call)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.ticket",
            "view_mode": "form",
            "target": "current",
            "context": {"default_partner_id": self.id, "default_channel": "phone"},
        }

    def action_service_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_ticket.service_ticket_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.model
    def _cim_health_factors(self, company):
        """Service feeds the customer health score: satisfaction and open tickets."""
        factors = super()._cim_health_factors(company)
        factors.append(
            (
                company.service_health_weight_satisfaction,
                # average rating 1–5 of the customer's tickets → 0–100; no rating: neutral
                SQL(
                    """coalesce((SELECT (avg(t.rating_last_value) - 1) * 25
                                   FROM service_ticket t
                                  WHERE t.commercial_partner_id = p.id
                                    AND t.rating_last_value > 0), 75)"""
                ),
            )
        )
        factors.append(
            (
                company.service_health_weight_tickets,
                # each open ticket costs 20 points
                SQL(
                    """greatest(0, 100 - 20 * (SELECT count(*)
                                                FROM service_ticket t
                                               WHERE t.commercial_partner_id = p.id
                                                 AND NOT coalesce(t.is_closed, false)))"""
                ),
            )
        )
        return factors
