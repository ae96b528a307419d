# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .dingtalk_client import DingtalkError

_logger = logging.getLogger(__name__)

INSTANCE_PATH = "/v1.0/workflow/processInstances"


class CimApprovalRequest(models.Model):
    """Approval requests of rules that run in DingTalk: the request becomes a DingTalk
    approval instance; DingTalk decides (callbacks, or the catch-up cron when one was
    missed) and Odoo follows."""

    _inherit = "cim.approval.request"

    dingtalk_state = fields.Selection(
        [
            ("queued", "Waiting to be sent"),
            ("running", "Running in DingTalk"),
            ("done", "Decided in DingTalk"),
            ("terminated", "Terminated"),
            ("failed", "Not created in DingTalk"),
        ],
        string="DingTalk",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dingtalk_instance_id = fields.Char(
        string="DingTalk Instance Id", readonly=True, copy=False, index="btree_not_null"
    )
    dingtalk_sent_date = fields.Datetime(string="Sent to DingTalk", readonly=True, copy=False)
    dingtalk_checked_date = fields.Datetime(
        string="Last Checked in DingTalk", readonly=True, copy=False
    )
    dingtalk_task_ids = fields.One2many(
        "dingtalk.approval.task", "request_id", string="DingTalk Decisions", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.filtered(lambda r: r.rule_id.dingtalk_enabled)._dingtalk_submit()
        return requests

    # Odoo → DingTalk ------------------------------------------------------------------
    def _dingtalk_submit(self):
        """Queue the creation of each request's DingTalk approval instance (once)."""
        db_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        vals_list = []
        for request in self:
            rule = request.rule_id.sudo()  # the form mapping reads ir.model.fields
            company = request.company_id.sudo()
            if not company.dingtalk_app_key:
                raise UserError(
                    self.env._(
                        "Approval rule %(rule)s runs in DingTalk, but %(company)s has no "
                        "DingTalk application configured.",
                        rule=rule.name,
                        company=company.name,
                    )
                )
            requester = request.requester_id
            if not requester.dingtalk_userid:
                raise UserError(
                    self.env._(
                        "Approval rule %(rule)s runs in DingTalk, where the approval is started "
                        "by the requester, but %(user)s is not linked to a DingTalk user. Link "
                        "the user (DingTalk → Users, or the contacts sync) and request the "
                        "approval again.",
                        rule=rule.name,
                        user=requester.name,
                    )
                )
            record = request._cim_record().sudo()
            body = {
                "processCode": rule.dingtalk_process_code.strip(),
                "originatorUserId": requester.dingtalk_userid,
                "formComponentValues": [
                    {"name": line.name, "value": line._dingtalk_value(record, request)}
                    for line in rule.dingtalk_form_field_ids
                ],
            }
            if rule.dingtalk_send_approvers:
                body["approvers"] = request._dingtalk_approvers(record)
            vals_list.append(
                {
                    "name": self.env._("Approval: %s", request.name),
                    "kind": "approval_create",
                    "approval_request_id": request.id,
                    "company_id": company.id,
                    "idempotency_key": f"approval-create-{db_uuid}-{request.id}",
                    "payload": {
                        "method": "POST",
                        "host": "api",
                        "path": INSTANCE_PATH,
                        "body": body,
                    },
                }
            )
        if vals_list:
            self._cim_engine().write({"dingtalk_state": "queued"})
            self.env["dingtalk.outbox"]._enqueue_many(vals_list)

    def _dingtalk_approvers(self, record):
        """The rule's steps as DingTalk approvers: one entry per step, in order."""
        self.ensure_one()
        approvers = []
        for step in self.rule_id.step_ids:
            users = step._cim_approvers(record, self.requester_id).filtered("dingtalk_userid")
            if not users:
                raise UserError(
                    self.env._(
                        "Nobody linked to DingTalk can approve step %(step)s of rule %(rule)s.",
                        step=step.name,
                        rule=self.rule_id.name,
                    )
                )
            if len(users) == 1:
                action = "NONE"
            else:
                action = "OR" if step.mode == "any" else "AND"
            approvers.append({"actionType": action, "userIds": users.mapped("dingtalk_userid")})
        return approvers

    def _cim_decide(self, approve, comment=False):
        """DingTalk is the source of truth of the requests it runs."""
        if self.dingtalk_state in ("queued", "running") and not self.env.context.get(
            "dingtalk_approval_sync"
        ):
            raise UserError(
                self.env._(
                    "%s is being approved in DingTalk: approve or reject it in DingTalk, Odoo "
                    "follows DingTalk's decision.",
                    self.name,
                )
            )
        return super()._cim_decide(approve, comment)

    def _cim_cancel(self):
        """Cancelled in Odoo (document changed or cancelled): terminate the DingTalk
        instance too (unless DingTalk terminated it)."""
        running = self.filtered(
            lambda r: r.state == "pending" and r.dingtalk_state in ("queued", "running")
        )
        result = super()._cim_cancel()
        if running and not self.env.context.get("dingtalk_approval_sync"):
            running._dingtalk_terminate()
        return result

    def _dingtalk_terminate(self):
        db_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")[:8]
        self.env["dingtalk.outbox"]._enqueue_many(
            [
                {
                    "name": self.env._("Approval withdrawn: %s", request.name),
                    "kind": "approval_terminate",
                    "approval_request_id": request.id,
                    "company_id": request.company_id.id,
                    "idempotency_key": f"approval-terminate-{db_uuid}-{request.id}",
                    "payload": {
                        "method": "POST",
                        "host": "api",
                        "path": f"{INSTANCE_PATH}/terminate",
                        "body": {
                            "isSystem": True,
                            "remark": self.env._(
                                "Withdrawn in Odoo: the document was changed or cancelled."
                            ),
                        },
                    },
                }
                for request in self
            ]
        )

    def _dingtalk_sent(self, instance_id):
        """The outbox created the instance."""
        self.ensure_one()
        vals = {"dingtalk_instance_id": instance_id, "dingtalk_sent_date": fields.Datetime.now()}
        if self.dingtalk_state == "queued":
            vals["dingtalk_state"] = "running"
        self._cim_engine().write(vals)

    def _dingtalk_send_failed(self, error):
        """DingTalk refused the instance: Odoo decides this request instead."""
        self.ensure_one()
        if self.dingtalk_state != "queued":
            return
        self._cim_engine().write({"dingtalk_state": "failed"})
        if self.state == "pending":
            self._cim_record().sudo().message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The approval could not be created in DingTalk (%(error)s): it is decided "
                    "in Odoo instead.",
                    error=error,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # DingTalk → Odoo ------------------------------------------------------------------
    @api.model
    def _dingtalk_find(self, company, instance_id):
        if not instance_id:
            return self.browse()
        return self.sudo().search(
            [("dingtalk_instance_id", "=", str(instance_id)), ("company_id", "=", company.id)],
            limit=1,
        )

    def _dingtalk_user(self, staff_id):
        self.ensure_one()
        if not staff_id:
            return self.env["res.users"]
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [("dingtalk_userid", "=", staff_id), ("company_id", "=", self.company_id.id)],
                limit=1,
            )
        )

    @api.model
    def _dingtalk_task_change(self, company, message):
        """``bpms_task_change``: someone agreed or refused an approval task."""
        result = str(message.get("result") or "").lower()
        if message.get("type") != "finish" or result not in ("agree", "refuse"):
            return
        request = self._dingtalk_find(company, message.get("processInstanceId"))
        if request:
            request._dingtalk_apply_task(
                message.get("taskId"), message.get("staffId"), result, message.get("remark")
            )

    def _dingtalk_apply_task(self, task_id, staff_id, result, remark):
        """Record a DingTalk decision once; where the current Odoo step waits for the
        same person, decide it as them."""
        self.ensure_one()
        if not task_id:
            return
        task_id = str(task_id)
        if self.dingtalk_task_ids.filtered(lambda t: t.task_id == task_id):
            return
        user = self._dingtalk_user(staff_id)
        approve = result == "agree"
        self.env["dingtalk.approval.task"].sudo().create(
            {
                "request_id": self.id,
                "task_id": task_id,
                "staff_id": staff_id,
                "user_id": user.id,
                "result": result,
                "remark": remark or False,
            }
        )
        if self.state == "pending" and user:
            line = self.sudo().line_ids.filtered(
                lambda ln: (
                    ln.state == "pending" and ln.step_id == self.step_id and ln.user_id == user
                )
            )
            if line:
                comment = remark or ("" if approve else self.env._("Refused in DingTalk."))
                self.with_user(user).with_context(dingtalk_approval_sync=True)._cim_decide(
                    approve, comment
                )
                return
        who = user.name or staff_id or self.env._("someone")
        text = (
            self.env._("%s agreed in DingTalk.", who)
            if approve
            else self.env._("%s refused in DingTalk.", who)
        )
        body = Markup("<p>%s</p>") % text
        if remark:
            body += Markup("<p>%s</p>") % remark
        self._cim_record().sudo().message_post(
            body=body, subtype_xmlid="mail.mt_note", author_id=user.partner_id.id or None
        )

    @api.model
    def _dingtalk_instance_change(self, company, message):
        """``bpms_instance_change``: the instance finished (agree/refuse) or was
        terminated."""
        request = self._dingtalk_find(company, message.get("processInstanceId"))
        if not request:
            return
        kind = message.get("type")
        result = str(message.get("result") or "").lower()
        if kind == "finish" and result in ("agree", "refuse"):
            request._dingtalk_finish(result == "agree", message.get("remark"))
        elif kind == "terminate":
            request._dingtalk_terminated()

    def _dingtalk_finish(self, approve, remark=None):
        """DingTalk's final result approves or rejects the Odoo request (once)."""
        self.ensure_one()
        if self.dingtalk_state in ("done", "terminated"):
            return
        engine = self._cim_engine()
        engine.write({"dingtalk_state": "done"})
        if self.state != "pending":
            return  # the Odoo chain already reached the same end through the tasks
        last = self.dingtalk_task_ids.sorted("id")[-1:]
        user = last.user_id
        comment = remark or last.remark or ""
        if not approve and not comment:
            comment = self.env._("Refused in DingTalk.")
        self._cim_skip(engine.line_ids.filtered(lambda ln: ln.state == "pending"))
        engine.write(
            {"state": "approved" if approve else "rejected", "date_done": fields.Datetime.now()}
        )
        record = self._cim_record().sudo()
        who = user.name or last.staff_id or self.env._("DingTalk")
        text = (
            self.env._("Approved in DingTalk (last decision by %s).", who)
            if approve
            else self.env._("Rejected in DingTalk (last decision by %s).", who)
        )
        body = Markup("<p>%s</p>") % text
        if comment:
            body += Markup("<p>%s</p>") % comment
        record.message_post(
            body=body, subtype_xmlid="mail.mt_note", author_id=user.partner_id.id or None
        )
        if approve:
            record._cim_on_approval_approved(self)
        else:
            record._cim_on_approval_rejected(self, comment)

    def _dingtalk_terminated(self):
        """Terminated (withdrawn) in DingTalk: the Odoo request is cancelled, the document
        may be submitted again."""
        self.ensure_one()
        if self.dingtalk_state in ("done", "terminated"):
            return
        self._cim_engine().write({"dingtalk_state": "terminated"})
        if self.state != "pending":
            return
        self.with_context(dingtalk_approval_sync=True)._cim_cancel()
        record = self._cim_record().sudo()
        if record.cim_approval_request_id == self and record.cim_approval_state == "pending":
            record.write({"cim_approval_state": "none"})
        record.message_post(
            body=Markup("<p>%s</p>")
            % self.env._("The approval was terminated in DingTalk: it can be requested again."),
            subtype_xmlid="mail.mt_note",
        )

    # catch-up -------------------------------------------------------------------------
    @api.model
    def _cron_dingtalk_check(self, batch_size=100):
        """Read the instances pending in DingTalk for longer than the company's delay
        (least recently checked first, a bounded batch) and apply what a missed callback
        would have."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([("dingtalk_app_key", "!=", False)])
        if not companies:
            return self.browse()
        domain = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (
                        "dingtalk_sent_date",
                        "<=",
                        now - timedelta(minutes=company.dingtalk_approval_check_minutes),
                    ),
                ]
                for company in companies
            ]
        )
        requests = self.sudo().search(
            expression.AND(
                [
                    [
                        ("state", "=", "pending"),
                        ("dingtalk_state", "=", "running"),
                        ("dingtalk_instance_id", "!=", False),
                    ],
                    domain,
                ]
            ),
            order="dingtalk_checked_date asc nulls first, id",
            limit=batch_size,
        )
        client = self.env["dingtalk.client"]
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for request in requests:
            try:
                answer = client._call(
                    request.company_id,
                    "GET",
                    "api",
                    INSTANCE_PATH,
                    params={"processInstanceId": request.dingtalk_instance_id},
                )
            except DingtalkError as error:
                _logger.warning("DingTalk approval %s could not be read: %s", request.id, error)
                if error.retryable:
                    break  # DingTalk is down or throttling: the rest next time
                answer = {}
            request._cim_engine().write({"dingtalk_checked_date": fields.Datetime.now()})
            try:
                with self.env.cr.savepoint():
                    request._dingtalk_apply_instance(answer.get("result") or {})
            except UserError as error:
                _logger.warning("DingTalk approval %s could not be applied: %s", request.id, error)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return requests

    def _dingtalk_apply_instance(self, instance):
        """Apply an instance read from DingTalk: its finished tasks, then its end."""
        self.ensure_one()
        remarks = {}
        for record in instance.get("operationRecords") or []:
            if record.get("remark"):
                remarks[record.get("userId")] = record["remark"]
        for task in instance.get("tasks") or []:
            result = str(task.get("result") or "").lower()
            if task.get("status") == "COMPLETED" and result in ("agree", "refuse"):
                self._dingtalk_apply_task(
                    task.get("taskId"), task.get("userId"), result, remarks.get(task.get("userId"))
                )
        status = instance.get("status")
        if status == "COMPLETED" and str(instance.get("result")).lower() in ("agree", "refuse"):
            self._dingtalk_finish(str(instance["result"]).lower() == "agree")
        elif status == "TERMINATED":
            self._dingtalk_terminated()
