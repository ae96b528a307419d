# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmStaleRule(models.Model):
    """ "An important opportunity not followed up for N days → a to-do for the salesperson,
    copied to their manager." One reminder per lapse: a follow-up re-arms it."""

    _name = "crm.stale.rule"
    _description = "Stale Opportunity Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_ids = fields.Many2many("crm.team", string="Sales Teams", help="Empty means every team.")
    min_expected_revenue = fields.Monetary(
        string="Expected Revenue at Least", currency_field="currency_id"
    )
    days = fields.Integer(string="Without Follow-up (days)", required=True, default=3)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
        domain="[('res_model', 'in', (False, 'crm.lead'))]",
    )
    notify_manager = fields.Boolean(
        string="Copy the Team Leader", default=True, help="The team leader gets a notification."
    )

    @api.constrains("days")
    def _check_days(self):
        for rule in self:
            if rule.days <= 0:
                raise ValidationError(
                    self.env._("Rule %(rule)s needs at least one day.", rule=rule.name)
                )

    def _stale_domain(self, now):
        self.ensure_one()
        domain = [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("probability", "<", 100),
            ("user_id", "!=", False),
            ("company_id", "in", (self.company_id.id, False)),
            ("cim_stale_reminded", "=", False),
            ("cim_followup_anchor", "<=", now - timedelta(days=self.days)),
        ]
        if self.min_expected_revenue:
            domain.append(("expected_revenue", ">=", self.min_expected_revenue))
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return domain

    @api.model
    def _cron_stale_reminders(self):
        """Remind owners of stale opportunities; returns the leads reminded."""
        now = fields.Datetime.now()
        Lead = self.env["crm.lead"]
        reminded = Lead
        for rule in self.search([]):
            leads = Lead.search(rule._stale_domain(now)) - reminded
            for lead in leads:
                rule._remind(lead, now)
            leads.write({"cim_stale_reminded": True})
            reminded |= leads
        return reminded

    def _remind(self, lead, now):
        self.ensure_one()
        days = (now - lead.cim_followup_anchor).days
        summary = self.env._("Important opportunity not followed up for %(days)s days", days=days)
        lead.activity_schedule(
            activity_type_id=self.activity_type_id.id,
            summary=summary,
            note=self.env._("Rule: %(rule)s", rule=self.name),
            user_id=lead.user_id.id,
        )
        leader = lead.team_id.user_id
        if self.notify_manager and leader and leader != lead.user_id:
            lead.message_post(
                body=self.env._(
                    "%(summary)s — owner: %(owner)s (rule: %(rule)s)",
                    summary=summary,
                    owner=lead.user_id.name,
                    rule=self.name,
                ),
                partner_ids=leader.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
