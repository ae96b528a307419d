# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import split_every

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]
SLA_SEVERITY = {"met": 0, "on_track": 1, "at_risk": 2, "breached": 3}


class ServiceTicketSlaStatus(models.Model):
    """One line per SLA policy applied to a ticket: its deadlines and status."""

    _name = "service.ticket.sla.status"
    _description = "Ticket SLA Status"
    _order = "ticket_id, id"

    ticket_id = fields.Many2one("service.ticket", required=True, ondelete="cascade", index=True)
    policy_id = fields.Many2one("service.sla.policy", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    date_start = fields.Datetime(string="Clock Started")
    response_deadline = fields.Datetime(readonly=True)
    resolution_deadline = fields.Datetime(readonly=True)
    response_reached = fields.Datetime(related="ticket_id.date_first_response")
    resolution_reached = fields.Datetime(related="ticket_id.date_closed")
    paused_since = fields.Datetime(readonly=True)
    paused_hours = fields.Float(
        readonly=True, help="Working hours spent in pausing stages, added to the deadlines."
    )
    status = fields.Selection(SLA_STATUSES, default="on_track", index=True, readonly=True)
    warned_date = fields.Datetime(readonly=True, copy=False)
    escalated_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ computation
    def _sla_recompute(self, now=None):
        """Deadlines (start + target + paused working hours) and status, stored."""
        now = now or fields.Datetime.now()
        for line in self:
            ticket, policy = line.ticket_id, line.policy_id
            calendar = policy.calendar_id
            start = ticket.date_open if policy.start_on == "create" else ticket.date_assigned
            vals = {"date_start": start}
            if not start:
                vals.update(response_deadline=False, resolution_deadline=False, status="on_track")
                line.write(vals)
                continue
            paused = line.paused_hours
            if line.paused_since:
                paused += calendar.get_work_hours_count(line.paused_since, now)
            for target, key in (
                (policy.response_hours, "response_deadline"),
                (policy.resolution_hours, "resolution_deadline"),
            ):
                vals[key] = (
                    calendar.plan_hours(target + paused, start, compute_leaves=True)
                    if target
                    else False
                )
            vals["status"] = line._sla_status_at(
                now, vals["response_deadline"], vals["resolution_deadline"]
            )
            line.write(vals)

    def _sla_status_at(self, now, response_deadline, resolution_deadline):
        """The status at ``now`` of this line for these deadlines."""
        self.ensure_one()
        ticket, policy = self.ticket_id, self.policy_id
        outcomes = []
        for deadline, reached in (
            (response_deadline, ticket.date_first_response),
            (resolution_deadline, ticket.date_closed),
        ):
            if not deadline:
                continue
            if reached:
                outcomes.append("met" if reached <= deadline else "breached")
            elif now > deadline:
                outcomes.append("breached")
            elif now >= deadline - timedelta(hours=policy.warning_hours):
                outcomes.append("at_risk")
            else:
                outcomes.append("on_track")
        return max(outcomes, key=SLA_SEVERITY.get) if outcomes else "on_track"

    def _sla_refresh(self, now=None):
        """The periodic check: the stored deadlines only move while a clock is paused or
        before it starts, so only those lines are planned again on the working calendar;
        the others get their status from the stored deadlines (written when it changes)."""
        now = now or fields.Datetime.now()
        replan = self.filtered(
            lambda line: (
                line.paused_since
                or not line.date_start
                or (line.policy_id.response_hours and not line.response_deadline)
                or (line.policy_id.resolution_hours and not line.resolution_deadline)
            )
        )
        replan._sla_recompute(now)
        for line in self - replan:
            status = line._sla_status_at(now, line.response_deadline, line.resolution_deadline)
            if status != line.status:
                line.status = status

    def _sla_pause(self, now):
        self.filtered(lambda line: not line.paused_since).write({"paused_since": now})

    def _sla_resume(self, now):
        for line in self.filtered("paused_since"):
            hours = line.policy_id.calendar_id.get_work_hours_count(line.paused_since, now)
            line.write({"paused_since": False, "paused_hours": line.paused_hours + hours})

    # ------------------------------------------------------------------ escalation
    def _sla_notify(self):
        """Warn once when at risk, escalate once when breached."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        now = fields.Datetime.now()
        for line in self:
            ticket = line.ticket_id
            leader = ticket.team_id.leader_id
            if line.status == "at_risk" and not line.warned_date:
                upcoming = [d for d in (line.response_deadline, line.resolution_deadline) if d]
                deadline = min(upcoming) if upcoming else now
                user = ticket.user_id or leader
                if user:
                    ticket.activity_schedule(
                        activity_type_id=todo.id,
                        user_id=user.id,
                        date_deadline=fields.Date.context_today(line, deadline),
                        summary=self.env._("SLA at risk: %(policy)s", policy=line.policy_id.name),
                        note=self.env._(
                            "The SLA deadline is close: %(deadline)s.",
                            deadline=fields.Datetime.to_string(deadline),
                        ),
                    )
                line.warned_date = now
            if line.status == "breached" and not line.escalated_date:
                if leader:
                    ticket.activity_schedule(
                        activity_type_id=todo.id,
                        user_id=leader.id,
                        summary=self.env._("SLA breached: %(policy)s", policy=line.policy_id.name),
                        note=self.env._(
                            "Ticket %(ticket)s missed its SLA deadline; take it over or "
                            "reassign it.",
                            ticket=ticket.display_name,
                        ),
                    )
                    if line.policy_id.reassign_on_breach and ticket.user_id != leader:
                        ticket.user_id = leader
                ticket.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "SLA %(policy)s breached, escalated to %(leader)s.",
                        policy=line.policy_id.name,
                        leader=leader.name or "-",
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                line.escalated_date = now

    @api.model
    def _cron_sla_check(self, batch_size=1000):
        """Refresh the status of the running SLA lines; warn and escalate once each."""
        ids = self.search([("status", "in", ("on_track", "at_risk"))]).ids
        ids += self.search([("status", "=", "breached"), ("escalated_date", "=", False)]).ids
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        for chunk in split_every(batch_size, ids):
            lines = self.browse(chunk)
            lines._sla_refresh()
            lines._sla_notify()
            lines.ticket_id._sla_store_summary()
            done += len(chunk)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(ids) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
