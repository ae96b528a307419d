# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo import api, models
from odoo.tools import html2plaintext

SEND_PATH = "/topapi/message/corpconversation/asyncsend_v2"
MAX_MARKDOWN_BYTES = 1500  # DingTalk refuses a msg over 2048 bytes


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._dingtalk_push()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if vals.get("user_id"):
            self._dingtalk_push()
        return result

    def unlink(self):
        """A cancelled activity removes its open DingTalk to-do (done ones are completed by
        ``_action_done``, which unlinks with ``dingtalk_done``)."""
        if not self.env.context.get("dingtalk_done"):
            todos = (
                self.env["dingtalk.todo"]
                .sudo()
                .search([("activity_id", "in", self.ids), ("state", "=", "open")])
            )
            todos._enqueue_deletion()
        return super().unlink()

    def _action_done(self, feedback=False, attachment_ids=None):
        todos = self.env["dingtalk.todo"]
        if not self.env.context.get("dingtalk_from_callback"):
            todos = todos.sudo().search([("activity_id", "in", self.ids), ("state", "=", "open")])
        result = super(MailActivity, self.with_context(dingtalk_done=True))._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        todos._enqueue_completion()
        return result

    def _dingtalk_push(self):
        """Activities of the configured types assigned to users linked to DingTalk become
        work notifications (an action card opening the record) and, if enabled, DingTalk
        to-dos — all through the outbox. Nothing is read for unlinked users."""
        linked = self.sudo().filtered(lambda a: a.user_id.dingtalk_userid and a.res_id)
        linked -= linked._dingtalk_approved_in_dingtalk()
        if not linked:
            return
        base_url = self.get_base_url()
        vals_list, todo_vals = [], []
        for activity in linked:
            user = activity.user_id
            company = user.company_id
            if (
                not company.dingtalk_agent_id
                or activity.activity_type_id not in company.dingtalk_activity_type_ids
            ):
                continue
            url = f"{base_url}/mail/view?model={activity.res_model}&res_id={activity.res_id}"
            title = activity.summary or activity.activity_type_id.name
            text = activity._dingtalk_markdown(title)
            vals_list.append(
                {
                    "name": title,
                    "kind": "notification",
                    "company_id": company.id,
                    "idempotency_key": f"activity-{activity.id}-notify-{user.id}",
                    "payload": {
                        "method": "POST",
                        "host": "oapi",
                        "path": SEND_PATH,
                        "body": {
                            "agent_id": int(company.dingtalk_agent_id),
                            "userid_list": user.dingtalk_userid,
                            "msg": {
                                "msgtype": "action_card",
                                "action_card": {
                                    "title": title,
                                    "markdown": text,
                                    "single_title": self.env._("Open in Odoo"),
                                    "single_url": url,
                                },
                            },
                        },
                    },
                }
            )
            if company.dingtalk_todo and user.dingtalk_unionid:
                todo_vals.append((activity, title, url))
        self.env["dingtalk.outbox"]._enqueue_many(vals_list)
        if todo_vals:
            self.env["dingtalk.todo"]._create_for_activities(todo_vals)

    def _dingtalk_approved_in_dingtalk(self):
        """Approval to-dos of requests that run in DingTalk: DingTalk notifies its own
        approvers, and only DingTalk's approval decides."""
        approval_type = self.env.ref(
            "crm_integrated.mail_activity_type_cim_approval", raise_if_not_found=False
        )
        candidates = self.filtered(lambda a: a.activity_type_id == approval_type)
        if not candidates:
            return self.browse()
        requests = (
            self.env["cim.approval.request"]
            .sudo()
            .search(
                [
                    ("state", "=", "pending"),
                    ("dingtalk_state", "in", ("queued", "running")),
                    ("res_id", "in", candidates.mapped("res_id")),
                ]
            )
        )
        in_dingtalk = {(request.res_model, request.res_id) for request in requests}
        return candidates.filtered(lambda a: (a.res_model, a.res_id) in in_dingtalk)

    def _dingtalk_markdown(self, title):
        self.ensure_one()
        lines = [
            f"### {title}",
            f"**{self.res_name or ''}**",
            self.env._("Due: %(date)s", date=self.date_deadline),
        ]
        note = html2plaintext(self.note or "").strip()
        if note:
            lines.append(note)
        text = "\n\n".join(lines)
        # the same content to the same user twice a day is silently dropped by DingTalk
        text += f"\n\n<font color=#999999>#{self.id}</font>"
        data = text.encode()
        if len(data) > MAX_MARKDOWN_BYTES:
            text = data[:MAX_MARKDOWN_BYTES].decode(errors="ignore") + "…"
        return text

    def _dingtalk_due_ms(self):
        self.ensure_one()
        return int(datetime.combine(self.date_deadline, time(18, 0)).timestamp() * 1000)
