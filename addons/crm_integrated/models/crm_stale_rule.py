# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils.mail import log_notes

_logger = logging.getLogger(__name__)
STALE_BATCH = 1000


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
    def _cron_stale_reminders(self, batch_size=STALE_BATCH):
        """Remind owners of stale opportunities, in batches that commit their progress;
        returns the leads reminded."""
        now = fields.Datetime.now()
        Lead = self.env["crm.lead"]
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        reminded = set()
        for rule in self.search([]):
            ids = [
                lead_id
                for lead_id in Lead._search(rule._stale_domain(now), order="id").get_result_ids()
                if lead_id not in reminded
            ]
            for start in range(0, len(ids), batch_size):
                leads = Lead.browse(ids[start : start + batch_size])
                rule._remind(leads, now)
                leads.write({"cim_stale_reminded": True})
                reminded.update(leads.ids)
                done = min(start + batch_size, len(ids))
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done)
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                leads.invalidate_recordset()
        _logger.info("stale opportunities: %s reminded", len(reminded))
        return Lead.browse(sorted(reminded))

    def _remind(self, leads, now):
        """A to-do for each lead's owner and, when set, a note in the team leader's inbox."""
        self.ensure_one()
        model_id = self.env["ir.model"]._get_id("crm.lead")
        summaries = {
            lead.id: self.env._(
                "Important opportunity not followed up for %(days)s days",
                days=(now - lead.cim_followup_anchor).days,
            )
            for lead in leads
        }
        note = self.env._("Rule: %(rule)s", rule=self.name)
        # the owners see the to-dos in their activities (and in DingTalk when connected)
        # rather than one e-mail per opportunity
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": self.activity_type_id.id,
                    "summary": summaries[lead.id],
                    "note": note,
                    "user_id": lead.user_id.id,
                }
                for lead in leads
            ]
        )
        if not self.notify_manager:
            return
        copied = leads.filtered(lambda x: x.team_id.user_id and x.team_id.user_id != x.user_id)
        bodies = {
            lead.id: Markup("<p>%s</p>")
            % self.env._(
                "%(summary)s — owner: %(owner)s (rule: %(rule)s)",
                summary=summaries[lead.id],
                owner=lead.user_id.name,
                rule=self.name,
            )
            for lead in copied
        }
        log_notes(copied, bodies, {lead.id: lead.team_id.user_id.partner_id for lead in copied})
