# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ServiceTicket(models.Model):
    """After-sales work order (售后工单)."""

    _name = "service.ticket"
    _description = "Service Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin", "utm.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name", "partner_id"]

    number = fields.Char(string="Ticket Number", readonly=True, copy=False, index=True, default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    customer_level_id = fields.Many2one(
        related="commercial_partner_id.customer_level_id", string="Customer Level"
    )
    team_id = fields.Many2one(
        "service.ticket.team",
        string="Service Team",
        tracking=True,
        index=True,
        default=lambda self: self._default_team(),
    )
    user_id = fields.Many2one("res.users", string="Engineer", tracking=True, index=True)
    stage_id = fields.Many2one(
        "service.ticket.stage",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")],
        default="0",
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("portal", "Customer Portal"),
            ("wechat", "WeChat"),
            ("dingtalk", "DingTalk"),
            ("web", "Web Form"),
        ],
        default="phone",
    )
    scheduled_date = fields.Datetime(string="Scheduled Visit")
    date_closed = fields.Datetime(readonly=True, copy=False)
    resolution = fields.Html()
    color = fields.Integer()

    @api.model
    def _default_team(self):
        return self.env.company.service_default_team_id

    @api.model
    def _default_stage(self):
        return self.env["service.ticket.stage"].search([("is_closed", "=", False)], limit=1)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                vals["number"] = self.env["ir.sequence"].next_by_code("service.ticket") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" in vals:
            stage = self.env["service.ticket.stage"].browse(vals["stage_id"])
            vals["date_closed"] = fields.Datetime.now() if stage.is_closed else False
        return super().write(vals)

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = f"{ticket.number} {ticket.name}" if ticket.number else ticket.name

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})
