# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

# robots that get an event when no rule maps it (the robot's purpose)
DEFAULT_PURPOSE = {
    "big_deal_won": "sales",
    "sla_breach": "service",
    "weekly_report": "management",
}


class DingtalkRobotRule(models.Model):
    """Which group robots post which event. Other addons add events with
    ``selection_add`` and post them with ``_post_event``."""

    _name = "dingtalk.robot.rule"
    _description = "DingTalk Robot Event Rule"
    _order = "event, id"

    event = fields.Selection(
        [
            ("big_deal_won", "Big deal won"),
            ("sla_breach", "SLA breach"),
            ("weekly_report", "Weekly report"),
        ],
        required=True,
    )
    robot_ids = fields.Many2many("dingtalk.robot", string="Robots", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    @api.depends("event")
    def _compute_display_name(self):
        labels = dict(self._fields["event"]._description_selection(self.env))
        for rule in self:
            rule.display_name = labels.get(rule.event, "")

    @api.model
    def _robots_for(self, event, company):
        """The robots that post ``event`` for ``company``: those of its rules, or, if no
        rule maps the event, the robots whose purpose matches it."""
        rules = self.sudo().search([("event", "=", event), ("company_id", "=", company.id)])
        if rules:
            return rules.robot_ids.filtered("active")
        purpose = DEFAULT_PURPOSE.get(event)
        if not purpose:
            return self.env["dingtalk.robot"]
        return (
            self.env["dingtalk.robot"]
            .sudo()
            .search([("purpose", "=", purpose), ("company_id", "=", company.id)])
        )

    @api.model
    def _post_event(self, event, company, title, text, key):
        """Queue a markdown message to every robot of the event, once per ``key``."""
        messages = self.env["dingtalk.outbox"]
        for robot in self._robots_for(event, company):
            messages |= robot._enqueue_markdown(title, text, key=f"{key}-{robot.id}")
        return messages
