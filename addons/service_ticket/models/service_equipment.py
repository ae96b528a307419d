# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ServiceEquipment(models.Model):
    """Customer equipment file (设备档案): one machine at a customer's site, its warranty
    and its whole service history."""

    _name = "service.equipment"
    _description = "Customer Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, id desc"
    _rec_names_search = ["name", "serial_no", "partner_id"]

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True, required=True
    )
    product_id = fields.Many2one(
        "product.product", string="Model", required=True, tracking=True, index=True
    )
    product_categ_id = fields.Many2one(related="product_id.categ_id", store=True)
    serial_no = fields.Char(string="Serial Number", tracking=True, index="trigram", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site",
        domain="[('id', 'child_of', partner_id)]",
        help="Where the machine stands (a delivery address of the customer).",
    )
    site_note = fields.Char(string="Location on Site", help="e.g. 二号车间 3 号工位")
    sale_order_id = fields.Many2one("sale.order", string="Sold On", index="btree_not_null")
    install_date = fields.Date(string="Installed On", tracking=True)
    installer_id = fields.Many2one("res.users", string="Installed By")
    warranty_months = fields.Integer(
        compute="_compute_warranty_months", store=True, readonly=False, precompute=True
    )
    warranty_end = fields.Date(
        string="Warranty Ends",
        compute="_compute_warranty_end",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Install date + the product's warranty months; can be entered by hand.",
    )
    in_warranty = fields.Boolean(compute="_compute_in_warranty", search="_search_in_warranty")
    state = fields.Selection(
        [
            ("running", "Running"),
            ("repair", "Under Repair"),
            ("stopped", "Stopped"),
            ("scrapped", "Scrapped"),
        ],
        string="Status",
        default="running",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    note = fields.Html()
    ticket_ids = fields.One2many("service.ticket", "equipment_id", string="Tickets")
    ticket_count = fields.Integer(compute="_compute_history")
    part_ids = fields.One2many(
        "service.ticket.part", compute="_compute_history", string="Spare Parts Replaced"
    )
    worklog_ids = fields.One2many(
        "service.ticket.worklog", compute="_compute_history", string="Visits and Work"
    )
    rating_avg = fields.Float(string="Satisfaction", compute="_compute_history")

    _sql_constraints = [
        (
            "serial_uniq",
            "unique(product_id, serial_no, company_id)",
            "This serial number is already registered for this model.",
        )
    ]

    @api.depends("product_id", "serial_no")
    def _compute_name(self):
        for equipment in self:
            parts = [equipment.product_id.display_name, equipment.serial_no]
            equipment.name = " ".join(p for p in parts if p) or equipment.name

    @api.depends("product_id")
    def _compute_warranty_months(self):
        for equipment in self:
            equipment.warranty_months = equipment.product_id.service_warranty_months

    @api.depends("install_date", "warranty_months")
    def _compute_warranty_end(self):
        for equipment in self:
            if equipment.install_date and equipment.warranty_months:
                equipment.warranty_end = equipment.install_date + relativedelta(
                    months=equipment.warranty_months
                )
            else:
                equipment.warranty_end = equipment.warranty_end or False

    @api.depends("warranty_end")
    def _compute_in_warranty(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.in_warranty = bool(equipment.warranty_end and equipment.warranty_end >= today)

    def _search_in_warranty(self, operator, value):
        today = fields.Date.context_today(self)
        positive = (operator == "=") == bool(value)
        if positive:
            return [("warranty_end", ">=", today)]
        return ["|", ("warranty_end", "=", False), ("warranty_end", "<", today)]

    def _compute_history(self):
        """Tickets, parts and work of every ticket on the machine: one query each."""
        Ticket = self.env["service.ticket"]
        tickets = Ticket.search([("equipment_id", "in", self.ids)]) if self.ids else Ticket
        by_equipment = {}
        for ticket in tickets:
            by_equipment.setdefault(ticket.equipment_id.id, Ticket)
            by_equipment[ticket.equipment_id.id] |= ticket
        for equipment in self:
            mine = by_equipment.get(equipment.id, Ticket)
            equipment.ticket_count = len(mine)
            equipment.part_ids = mine.part_ids
            equipment.worklog_ids = mine.worklog_ids
            rated = [t.rating_last_value for t in mine if t.rating_last_value]
            equipment.rating_avg = sum(rated) / len(rated) if rated else 0.0

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_ticket.service_ticket_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
