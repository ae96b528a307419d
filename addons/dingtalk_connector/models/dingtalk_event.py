# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import json
import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

RETENTION_DAYS = 30  # processed events (and their nonces) are kept this long
TODO_DONE_EVENTS = ("todo_task_finish", "todo_task_update", "todo_change")


class DingtalkEvent(models.Model):
    """An event pushed by DingTalk to the callback URL. Stored at once (its nonce and event
    id are unique, which rejects replays and deduplicates DingTalk's retries), answered
    within DingTalk's 1.5 s, processed later by a cron."""

    _name = "dingtalk.event"
    _description = "DingTalk Event"
    _order = "id desc"

    name = fields.Char(string="Event Type", required=True, readonly=True, index=True)
    event_id = fields.Char(string="Event Id", required=True, readonly=True)
    nonce = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    payload = fields.Text(readonly=True)
    state = fields.Selection(
        [("new", "To Process"), ("done", "Processed"), ("ignored", "Ignored"), ("error", "Error")],
        default="new",
        required=True,
        readonly=True,
        index=True,
    )
    processed_date = fields.Datetime(readonly=True)
    error = fields.Char(readonly=True)

    _sql_constraints = [
        ("event_id_uniq", "unique(company_id, event_id)", "An event is processed once."),
        ("nonce_uniq", "unique(company_id, nonce)", "A callback nonce is accepted once."),
    ]

    @api.model
    def _receive(self, company, nonce, message):
        """Store a decrypted event. Returns 'replay' (nonce already seen), 'duplicate'
        (same event delivered again: answer success, do nothing) or 'queued'."""
        event_type = str(message.get("EventType") or message.get("eventType") or "unknown")
        plain = json.dumps(message, sort_keys=True, ensure_ascii=False)
        event_id = str(
            message.get("EventId")
            or message.get("eventId")
            or hashlib.sha1(plain.encode()).hexdigest()
        )
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT nonce = %s FROM dingtalk_event WHERE company_id = %s "
                "AND (nonce = %s OR event_id = %s) LIMIT 1",
                nonce,
                company.id,
                nonce,
                event_id,
            )
        )
        row = cr.fetchone()
        if row:
            return "replay" if row[0] else "duplicate"
        state = "done" if event_type == "check_url" else "new"
        cr.execute(
            SQL(
                """INSERT INTO dingtalk_event (name, event_id, nonce, company_id, payload, state,
                                              create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s,
                           now() at time zone 'UTC')
                   ON CONFLICT DO NOTHING RETURNING id""",
                event_type[:64],
                event_id,
                nonce,
                company.id,
                plain,
                state,
                self.env.uid,
                self.env.uid,
            )
        )
        if not cr.fetchone():
            return "duplicate"  # a concurrent delivery of the same event won
        if state == "new":
            self.env.ref("dingtalk_connector.ir_cron_dingtalk_event").sudo()._trigger()
        return "queued"

    def action_reprocess(self):
        self.filtered(lambda e: e.state == "error").write({"state": "new", "error": False})
        self.env.ref("dingtalk_connector.ir_cron_dingtalk_event").sudo()._trigger()

    def _process(self):
        """Process one event; handlers are ``_process_<event type>`` methods."""
        self.ensure_one()
        handler = getattr(self, f"_process_{self.name}", None)
        if self.name in TODO_DONE_EVENTS:
            handler = self._process_todo_done
        if not handler:
            self.write({"state": "ignored", "processed_date": fields.Datetime.now()})
            return
        handler(json.loads(self.payload or "{}"))
        self.write({"state": "done", "processed_date": fields.Datetime.now(), "error": False})

    def _process_todo_done(self, message):
        """A DingTalk to-do was completed: mark the Odoo activity done (once)."""
        data = message.get("data") if isinstance(message.get("data"), dict) else message
        task_id = data.get("taskId") or data.get("bizId") or data.get("id")
        done = data.get("done", data.get("isDone", True))
        if not task_id or done in (False, 0, "false"):
            return
        todos = (
            self.env["dingtalk.todo"]
            .sudo()
            .search([("task_id", "=", str(task_id)), ("company_id", "=", self.company_id.id)])
        )
        todos._mark_done_from_dingtalk()

    def _process_bpms_task_change(self, message):
        """An approval task was agreed or refused in DingTalk."""
        self.env["cim.approval.request"]._dingtalk_task_change(self.company_id, message)

    def _process_bpms_instance_change(self, message):
        """An approval instance finished or was terminated in DingTalk."""
        self.env["cim.approval.request"]._dingtalk_instance_change(self.company_id, message)

    def _process_user_add_org(self, message):
        """Joined or changed: read each user and link them (by mobile or e-mail)."""
        client = self.env["dingtalk.client"]
        users = []
        for userid in message.get("UserId") or []:
            answer = client._call(
                self.company_id, "POST", "oapi", "/topapi/v2/user/get", body={"userid": userid}
            )
            users.append(answer.get("result") or {})
        self.env["res.users"]._dingtalk_link(self.company_id, users)

    _process_user_modify_org = _process_user_add_org
    _process_user_active_org = _process_user_add_org

    def _process_user_leave_org(self, message):
        self.env["res.users"]._dingtalk_unlink_leavers(self.company_id, message.get("UserId") or [])

    def _process_org_dept_create(self, message):
        self.env["dingtalk.department"]._sync_departments(self.company_id)

    _process_org_dept_modify = _process_org_dept_create
    _process_org_dept_remove = _process_org_dept_create

    @api.model
    def _cron_process(self, batch_size=200):
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM dingtalk_event WHERE state = 'new'
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                batch_size,
            )
        )
        events = self.browse(row[0] for row in self.env.cr.fetchall())
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for event in events:
            try:
                with self.env.cr.savepoint():
                    event._process()
            except Exception as exc:  # noqa: BLE001 - one bad event must not block the others
                _logger.warning("DingTalk event %s (%s) failed: %s", event.id, event.name, exc)
                event.write({"state": "error", "error": str(exc)[:250]})
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if len(events) == batch_size:
            self.env.ref("dingtalk_connector.ir_cron_dingtalk_event").sudo()._trigger()
        return events

    @api.model
    def _cron_prune(self):
        """Forget processed events after the retention period (replays are refused long
        before by the timestamp window)."""
        limit = fields.Datetime.now() - timedelta(days=RETENTION_DAYS)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """DELETE FROM dingtalk_event
                    WHERE create_date < %s AND state IN ('done', 'ignored')""",
                limit,
            )
        )
        self.invalidate_model()
