# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .dingtalk_client import DingtalkError

_logger = logging.getLogger(__name__)

RATE_PER_MINUTE = 20  # DingTalk: 20 messages per minute per robot, else throttled 10 minutes
BACKOFF_BASE = 60  # seconds, doubled at every try
BACKOFF_MAX = 3600


class DingtalkOutbox(models.Model):
    """One message or call to DingTalk (robot message, work notification, to-do,
    approval).
    Sent by a cron, retried with backoff, never duplicated
    (DingTalk's msgUuid is the idempotency key), kept when Odoo restarts."""

    _name = "dingtalk.outbox"
    _description = "DingTalk Outbox"
    _order = "id desc"

    name = fields.Char(string="Summary", required=True)
    kind = fields.Selection(
        [
            ("robot", "Group robot message"),
            ("notification", "Work notification"),
            ("todo_create", "To-do"),
            ("todo_done", "To-do completion"),
            ("todo_delete", "To-do deletion"),
            ("approval_create", "Approval"),
            ("approval_terminate", "Approval termination"),
        ],
        default="robot",
        required=True,
        readonly=True,
    )
    robot_id = fields.Many2one("dingtalk.robot", ondelete="cascade", index="btree_not_null")
    todo_id = fields.Many2one("dingtalk.todo", ondelete="cascade", index="btree_not_null")
    approval_request_id = fields.Many2one(
        "cim.approval.request", ondelete="cascade", index="btree_not_null", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    payload = fields.Text(required=True, help="JSON body sent to DingTalk.")
    idempotency_key = fields.Char(required=True, readonly=True, copy=False)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        default="queued",
        required=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(default=fields.Datetime.now, index=True, readonly=True)
    sent_date = fields.Datetime(readonly=True, index=True)
    last_error = fields.Char(readonly=True)

    _sql_constraints = [
        ("idempotency_key_uniq", "unique(idempotency_key)", "A message is queued only once."),
    ]

    @api.model
    def _max_attempts(self):
        value = self.env["ir.config_parameter"].sudo().get_param("dingtalk_connector.max_attempts")
        return int(value or 6)

    @api.model
    def _enqueue(self, robot, name, payload, key):
        """Queue a robot message unless one with the same key exists; wake the cron."""
        return self._enqueue_many(
            [
                {
                    "name": name,
                    "kind": "robot",
                    "robot_id": robot.id,
                    "company_id": robot.company_id.id,
                    "payload": dict(payload, msgUuid=key),
                    "idempotency_key": key,
                }
            ]
        )

    @api.model
    def _enqueue_many(self, vals_list):
        """Queue messages (``payload`` as a dict) whose idempotency key is new, in one
        query and one insert; wake the cron. Returns the messages, existing ones included."""
        keys = [vals["idempotency_key"] for vals in vals_list]
        existing = self.sudo().search([("idempotency_key", "in", keys)])
        seen = set(existing.mapped("idempotency_key"))
        new_vals = []
        for vals in vals_list:
            if vals["idempotency_key"] in seen:
                continue
            seen.add(vals["idempotency_key"])
            new_vals.append(dict(vals, payload=json.dumps(vals["payload"], ensure_ascii=False)))
        if not new_vals:
            return existing
        messages = self.sudo().create(new_vals)
        self.env.ref("dingtalk_connector.ir_cron_dingtalk_outbox").sudo()._trigger()
        return existing | messages

    def action_retry(self):
        self.filtered(lambda m: m.state != "sent").write(
            {"state": "queued", "attempts": 0, "next_attempt": fields.Datetime.now()}
        )
        self.env.ref("dingtalk_connector.ir_cron_dingtalk_outbox").sudo()._trigger()

    @api.model
    def _cron_send(self, batch_size=100):
        """Send due messages, robot by robot within DingTalk's rate limit."""
        now = fields.Datetime.now()
        self.flush_model(["state", "next_attempt"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM dingtalk_outbox
                    WHERE state = 'queued' AND next_attempt <= %s
                 ORDER BY next_attempt, id LIMIT %s
                      FOR UPDATE SKIP LOCKED""",
                now,
                batch_size,
            )
        )
        due = self.browse(row[0] for row in self.env.cr.fetchall())
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        sent_in_window = {}
        for message in due:
            robot = message.robot_id
            if not robot:
                message._send()
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                continue
            if robot not in sent_in_window:
                sent_in_window[robot] = self.search_count(
                    [
                        ("robot_id", "=", robot.id),
                        ("state", "=", "sent"),
                        ("sent_date", ">", now - timedelta(seconds=60)),
                    ]
                )
            if sent_in_window[robot] >= RATE_PER_MINUTE:
                message.next_attempt = now + timedelta(seconds=60)
                continue
            message._send()
            if message.state == "sent":
                sent_in_window[robot] += 1
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return due

    def _send(self):
        self.ensure_one()
        if self.kind == "robot":
            ok, retryable, error = self.robot_id._deliver(json.loads(self.payload))
        else:
            ok, retryable, error = self._deliver_api()
        attempts = self.attempts + 1
        if ok:
            self.write(
                {
                    "state": "sent",
                    "attempts": attempts,
                    "sent_date": fields.Datetime.now(),
                    "last_error": False,
                }
            )
        elif retryable and attempts < self._max_attempts():
            delay = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)
            self.write(
                {
                    "attempts": attempts,
                    "last_error": error,
                    "next_attempt": fields.Datetime.now() + timedelta(seconds=delay),
                }
            )
        else:
            self.write({"state": "failed", "attempts": attempts, "last_error": error})
            if self.kind == "approval_create":
                self.approval_request_id._dingtalk_send_failed(error)
            _logger.warning("DingTalk message %s failed after %s tries", self.id, attempts)

    def _deliver_api(self):
        """Send a work notification, a to-do or an approval call. Returns (ok, retryable,
        error)."""
        self.ensure_one()
        payload = json.loads(self.payload)
        client = self.env["dingtalk.client"]
        request = self.approval_request_id
        try:
            if self.kind == "approval_terminate":
                if not request.dingtalk_instance_id:
                    creation = self.search(
                        [
                            ("approval_request_id", "=", request.id),
                            ("kind", "=", "approval_create"),
                        ],
                        limit=1,
                    )
                    if creation.state == "failed" or not creation:
                        error = self.env._("The approval was never created in DingTalk.")
                        return False, False, error
                    return False, True, self.env._("Waiting for the approval to be created.")
                payload["body"]["processInstanceId"] = request.dingtalk_instance_id
            if self.kind in ("todo_done", "todo_delete") and not self.todo_id.task_id:
                creation = self.search(
                    [("todo_id", "=", self.todo_id.id), ("kind", "=", "todo_create")], limit=1
                )
                if creation.state == "failed" or not creation:
                    return False, False, self.env._("The to-do was never created in DingTalk.")
                return False, True, self.env._("Waiting for the to-do to be created.")
            path = payload["path"].format(task_id=self.todo_id.task_id)
            answer = client._call(
                self.company_id,
                payload["method"],
                payload["host"],
                path,
                params=payload.get("params"),
                body=payload.get("body"),
            )
        except DingtalkError as error:
            return False, error.retryable, str(error)
        except UserError as error:
            return False, False, str(error)
        if self.kind == "todo_create":
            self.todo_id.task_id = answer.get("id")
        elif self.kind == "todo_done":
            self.todo_id.state = "done"
        elif self.kind == "todo_delete":
            self.todo_id.state = "cancelled"
        elif self.kind == "approval_create":
            if not answer.get("instanceId"):
                return False, False, self.env._("DingTalk returned no approval instance id.")
            request._dingtalk_sent(answer["instanceId"])
        elif self.kind == "approval_terminate":
            request._cim_engine().write({"dingtalk_state": "terminated"})
        return True, False, False
