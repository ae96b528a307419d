# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading

from odoo import api, fields, models

from .dingtalk_client import DingtalkError

_logger = logging.getLogger(__name__)


class DingtalkTodo(models.Model):
    """A DingTalk to-do (待办) mirroring an Odoo activity. ``source_id`` is DingTalk's
    idempotency key: a to-do is created once even if its creation is sent twice."""

    _name = "dingtalk.todo"
    _description = "DingTalk To-do"
    _order = "id desc"

    name = fields.Char(string="Subject", required=True)
    source_id = fields.Char(string="Source Id", required=True, readonly=True, copy=False)
    activity_id = fields.Many2one("mail.activity", ondelete="set null", index="btree_not_null")
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document Id", model_field="res_model", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    union_id = fields.Char(string="DingTalk unionId", readonly=True)
    task_id = fields.Char(string="DingTalk Task Id", readonly=True, index="btree_not_null")
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        readonly=True,
    )

    checked_date = fields.Datetime(
        string="Last Checked", readonly=True, help="Last time its state was read from DingTalk."
    )

    _sql_constraints = [
        ("source_id_uniq", "unique(source_id)", "A DingTalk to-do is created once per source."),
    ]

    def _mark_done_from_dingtalk(self):
        """Completed in DingTalk: mark the activity done in Odoo as its assignee, without
        sending the completion back."""
        for todo in self.filtered(lambda t: t.state == "open"):
            todo.state = "done"
            activity = todo.activity_id
            if activity.exists() and activity.active:
                user = activity.user_id if activity.user_id.active else self.env.user
                activity.with_user(user).sudo().with_context(
                    dingtalk_from_callback=True
                )._action_done()

    @api.model
    def _create_for_activities(self, items):
        """``items``: [(activity, title, url)] → one to-do each, created through the outbox
        with ``sourceId`` as DingTalk's idempotency key."""
        db_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        todos = self.sudo().create(
            [
                {
                    "name": title,
                    "source_id": f"odoo-{db_uuid}-activity-{activity.id}",
                    "activity_id": activity.id,
                    "res_model": activity.res_model,
                    "res_id": activity.res_id,
                    "user_id": activity.user_id.id,
                    "union_id": activity.user_id.dingtalk_unionid,
                    "company_id": activity.user_id.company_id.id,
                }
                for activity, title, _url in items
            ]
        )
        vals_list = []
        for todo, (activity, title, url) in zip(todos, items):
            vals_list.append(
                {
                    "name": title,
                    "kind": "todo_create",
                    "todo_id": todo.id,
                    "company_id": todo.company_id.id,
                    "idempotency_key": f"todo-create-{todo.source_id}",
                    "payload": {
                        "method": "POST",
                        "host": "api",
                        "path": f"/v1.0/todo/users/{todo.union_id}/tasks",
                        "params": {"operatorId": todo.union_id},
                        "body": {
                            "subject": title,
                            "description": activity.res_name or "",
                            "sourceId": todo.source_id,
                            "executorIds": [todo.union_id],
                            "dueTime": activity._dingtalk_due_ms(),
                            "detailUrl": {"appUrl": url, "pcUrl": url},
                            "priority": 20,
                        },
                    },
                }
            )
        self.env["dingtalk.outbox"]._enqueue_many(vals_list)
        return todos

    def _enqueue_completion(self):
        """Completed in Odoo: complete the DingTalk to-do (once the creation went out)."""
        self._enqueue_task_call("todo_done", "PUT", {"done": True})

    def _enqueue_deletion(self):
        """Cancelled in Odoo: delete the DingTalk to-do (once the creation went out)."""
        self._enqueue_task_call("todo_delete", "DELETE", None)

    def _enqueue_task_call(self, kind, method, body):
        vals_list = [
            {
                "name": todo.name,
                "kind": kind,
                "todo_id": todo.id,
                "company_id": todo.company_id.id,
                "idempotency_key": f"{kind.replace('_', '-')}-{todo.source_id}",
                "payload": {
                    "method": method,
                    "host": "api",
                    "path": f"/v1.0/todo/users/{todo.union_id}/tasks/{{task_id}}",
                    "params": {"operatorId": todo.union_id},
                    "body": body,
                },
            }
            for todo in self
        ]
        if vals_list:
            self.env["dingtalk.outbox"]._enqueue_many(vals_list)

    @api.model
    def _cron_check_done(self, batch_size=200):
        """Catch up on missed callbacks: read the open to-dos (least recently checked
        first, a bounded batch) from DingTalk; those done there are done in Odoo."""
        todos = self.sudo().search(
            [("state", "=", "open"), ("task_id", "!=", False)],
            order="checked_date asc nulls first, id",
            limit=batch_size,
        )
        client = self.env["dingtalk.client"]
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for todo in todos:
            try:
                task = client._call(
                    todo.company_id,
                    "GET",
                    "api",
                    f"/v1.0/todo/users/{todo.union_id}/tasks/{todo.task_id}",
                    params={"operatorId": todo.union_id},
                )
            except DingtalkError as error:
                _logger.warning("DingTalk to-do %s could not be checked: %s", todo.id, error)
                if error.retryable:
                    break  # DingTalk is down or throttling: try the rest next time
                task = {}
            todo.checked_date = fields.Datetime.now()
            if task.get("done"):
                todo._mark_done_from_dingtalk()
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return todos
