# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import time
from datetime import timedelta
from itertools import count

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..lib.callback_crypto import CallbackCrypto
from .common import CALLBACK_AES_KEY, CALLBACK_TOKEN, setup_dingtalk
from .dingtalk_server import APP_KEY, FakeDingtalk

PROCESS = "PROC-HONGDA-QUOTE-01"
CREATE = "/v1.0/workflow/processInstances"
TERMINATE = "/v1.0/workflow/processInstances/terminate"
COMPONENTS = ["报价单号", "客户名称", "报价金额", "产品明细", "Odoo链接", "有效期至", "审批说明"]


@tagged("post_install", "-at_install")
class TestDingtalkApproval(HttpCase):
    """Quotations approved in DingTalk: the request becomes an approval instance of the
    local DingTalk (real HTTP), DingTalk's callbacks come through the callback URL (real
    HTTP, encrypted) and decide the Odoo request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk()
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        setup_dingtalk(cls.env, cls.server)
        cls.server.add_process(PROCESS, COMPONENTS)
        cls.crypto = CallbackCrypto(CALLBACK_TOKEN, CALLBACK_AES_KEY, APP_KEY)
        cls.env["cim.approval.rule"].search([]).action_archive()
        languages = cls.env["res.lang"].search([]).mapped("code")
        cls.env["res.users"].search([("lang", "not in", languages)]).write({"lang": "en_US"})
        cls.salesman = new_test_user(
            cls.env,
            login="dt_wang",
            name="王强",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="dt_liu",
            name="刘经理",
            groups="base.group_user,crm_integrated.crm_integrated_group_manager",
        )
        cls.unlinked = new_test_user(
            cls.env,
            login="dt_zhao",
            name="赵新人",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.salesman.sudo().dingtalk_userid = "wq01"
        cls.manager.sudo().dingtalk_userid = "liu01"
        cls.server.add_user("wq01", "王强")
        cls.server.add_user("liu01", "刘经理")
        cls.server.add_user("boss01", "鸿达总经理")  # in DingTalk only
        cls.team = cls.env["crm.team"].create(
            {
                "name": "华东大客户组",
                "user_id": cls.manager.id,
                "member_ids": [(6, 0, (cls.salesman | cls.unlinked).ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "潍坊鸿达机械制造有限公司", "is_company": True, "customer_rank": 1}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "立式加工中心 VMC850", "list_price": 268000, "taxes_id": [(5, 0, 0)]}
        )
        validity = cls.env["ir.model.fields"]._get("sale.order", "validity_date")
        cls.rule = cls.env["cim.approval.rule"].create(
            {
                "name": "大额报价（钉钉审批）",
                "amount_min": 100000,
                "dingtalk_enabled": True,
                "dingtalk_process_code": PROCESS,
                "step_ids": [
                    (0, 0, {"sequence": 1, "name": "销售经理", "approver_type": "manager"}),
                ],
                "dingtalk_form_field_ids": [
                    (0, 0, {"name": "报价单号", "source": "reference"}),
                    (0, 0, {"name": "客户名称", "source": "partner"}),
                    (0, 0, {"name": "报价金额", "source": "amount"}),
                    (0, 0, {"name": "产品明细", "source": "lines"}),
                    (0, 0, {"name": "Odoo链接", "source": "url"}),
                    (0, 0, {"name": "有效期至", "source": "field", "field_id": validity.id}),
                    (0, 0, {"name": "审批说明", "source": "text", "text": "请审核大额报价"}),
                ],
            }
        )
        cls.Outbox = cls.env["dingtalk.outbox"].sudo()
        cls.Event = cls.env["dingtalk.event"].sudo()
        cls.event_ids = count(1)

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.fail_next.clear()
        self.server.instances.clear()

    # helpers ---------------------------------------------------------------------------
    def _quotation(self, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "validity_date": "2026-12-31",
                    "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
                }
            )
        )

    def _submitted(self):
        """A quotation whose DingTalk instance is running; returns (order, instance id)."""
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        self.Outbox._cron_send()
        request = order.cim_approval_request_id
        self.assertEqual(request.dingtalk_state, "running")
        return order, request.dingtalk_instance_id

    def _callback(self, message, event_id=None):
        """DingTalk pushes an event to the callback URL (encrypted, signed)."""
        message = dict(message, EventId=event_id or f"ev-approval-{next(self.event_ids)}")
        encrypt = self.crypto.encrypt(json.dumps(message, ensure_ascii=False))
        timestamp = str(int(time.time() * 1000))
        nonce = f"n{next(self.event_ids)}x{time.time_ns() % 10**8}"
        signature = self.crypto.signature(timestamp, nonce, encrypt)
        response = self.url_open(
            f"/dingtalk/callback/{self.env.company.id}?msg_signature={signature}"
            f"&timestamp={timestamp}&nonce={nonce}",
            data=json.dumps({"encrypt": encrypt}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text)

    def _task_event(self, instance_id, task_id, staff, result, remark=""):
        return {
            "EventType": "bpms_task_change",
            "processInstanceId": instance_id,
            "processCode": PROCESS,
            "corpId": "dingcorp0001",
            "type": "finish",
            "result": result,
            "staffId": staff,
            "taskId": task_id,
            "remark": remark,
            "createTime": int(time.time() * 1000),
        }

    def _instance_event(self, instance_id, kind, result=None):
        message = {
            "EventType": "bpms_instance_change",
            "processInstanceId": instance_id,
            "processCode": PROCESS,
            "corpId": "dingcorp0001",
            "type": kind,
            "staffId": "wq01",
            "title": "王强提交的大额报价",
        }
        if result:
            message["result"] = result
        return message

    def _decide_in_dingtalk(self, instance_id, staff, result, remark, finish=True):
        """An approver decides in DingTalk, which pushes the task and instance events."""
        task_id = self.server.decide(instance_id, staff, result, remark)
        self._callback(self._task_event(instance_id, task_id, staff, result, remark))
        if finish:
            self.server.finish(instance_id, result)
            self._callback(self._instance_event(instance_id, "finish", result))
        self.env["dingtalk.event"]._cron_process()
        return task_id

    # tests -----------------------------------------------------------------------------
    def test_submission_creates_instance_with_mapped_form(self):
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        request = order.cim_approval_request_id
        self.assertEqual(request.dingtalk_state, "queued")
        creation = self.Outbox.search([("approval_request_id", "=", request.id)])
        self.assertEqual(creation.kind, "approval_create")
        self.Outbox._cron_send()
        self.assertEqual(creation.state, "sent", creation.last_error)
        call = self.server.calls(CREATE)[0]
        self.assertEqual(call["method"], "POST")
        self.assertTrue(call["headers"].get("x-acs-dingtalk-access-token"))
        body = call["body"]
        self.assertEqual(body["processCode"], PROCESS)
        self.assertEqual(body["originatorUserId"], "wq01")
        self.assertNotIn("approvers", body)  # DingTalk's process decides
        values = {v["name"]: v["value"] for v in body["formComponentValues"]}
        self.assertEqual(values["报价单号"], order.name)
        self.assertEqual(values["客户名称"], "潍坊鸿达机械制造有限公司")
        self.assertIn("536,000.00", values["报价金额"])
        self.assertIn("立式加工中心 VMC850 × 2", values["产品明细"])
        self.assertTrue(values["Odoo链接"].endswith(f"/odoo/sale.order/{order.id}"))
        self.assertEqual(values["有效期至"], "2026-12-31")
        self.assertEqual(values["审批说明"], "请审核大额报价")
        self.assertEqual(request.dingtalk_instance_id, next(iter(self.server.instances)))
        self.assertEqual(request.dingtalk_state, "running")
        # the same request is never submitted twice
        request._dingtalk_submit()
        self.Outbox._cron_send()
        self.assertEqual(len(self.server.calls(CREATE)), 1)

    def test_round_trip_agree_then_confirm(self):
        order, instance_id = self._submitted()
        # DingTalk is the source of truth while the instance runs
        wizard = (
            self.env["cim.approval.decision"]
            .with_user(self.manager)
            .create({"request_id": order.cim_approval_request_id.id, "decision": "approve"})
        )
        with self.assertRaisesRegex(UserError, "approve or reject it in DingTalk"):
            wizard.action_confirm()
        self._decide_in_dingtalk(instance_id, "liu01", "agree", "同意，尽快安排排产")
        request = order.cim_approval_request_id
        self.assertEqual(order.cim_approval_state, "approved")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.dingtalk_state, "done")
        line = request.line_ids
        self.assertEqual((line.user_id, line.state), (self.manager, "approved"))
        self.assertEqual(line.comment, "同意，尽快安排排产")
        self.assertEqual(request.dingtalk_task_ids.user_id, self.manager)
        note = order.message_ids.filtered(lambda m: "同意，尽快安排排产" in (m.body or ""))
        self.assertEqual(note.author_id, self.manager.partner_id)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_round_trip_refuse_with_comment(self):
        order, instance_id = self._submitted()
        self._decide_in_dingtalk(instance_id, "liu01", "refuse", "折扣超出权限，请重新报价")
        request = order.cim_approval_request_id
        self.assertEqual(order.cim_approval_state, "rejected")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.line_ids.comment, "折扣超出权限，请重新报价")
        self.assertIn(
            "折扣超出权限，请重新报价",
            "".join(order.message_ids.mapped("body")),
        )
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_confirm()

    def test_approver_only_in_dingtalk(self):
        """DingTalk's process has its own approver (not in the Odoo chain): the decision is
        noted, the instance's result decides the request."""
        order, instance_id = self._submitted()
        self._decide_in_dingtalk(instance_id, "boss01", "agree", "可以", finish=False)
        request = order.cim_approval_request_id
        self.assertEqual(request.state, "pending")
        self.assertIn("boss01 agreed in DingTalk.", "".join(order.message_ids.mapped("body")))
        self.server.finish(instance_id, "agree")
        self._callback(self._instance_event(instance_id, "finish", "agree"))
        self.env["dingtalk.event"]._cron_process()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.line_ids.state, "skipped")
        self.assertFalse(request.line_ids.activity_id)
        self.assertEqual(order.cim_approval_state, "approved")
        self.assertFalse(
            order.sudo().message_partner_ids & request.line_ids.user_id.partner_id,
            "the Odoo approvers the final result made unneeded stop following",
        )

    def test_approval_activities_not_pushed_to_dingtalk(self):
        """DingTalk notifies its own approvers: the Odoo step's to-do is not sent again,
        while approval to-dos of rules that stay in Odoo still are."""
        approval_type = self.env.ref("crm_integrated.mail_activity_type_cim_approval")
        self.env.company.write(
            {"dingtalk_activity_type_ids": [(6, 0, approval_type.ids)], "dingtalk_todo": True}
        )
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        self.assertTrue(order.cim_approval_request_id.line_ids.activity_id)
        self.assertFalse(self.Outbox.search([("kind", "in", ("notification", "todo_create"))]))
        self.rule.dingtalk_enabled = False
        other = self._quotation()
        other.with_user(self.salesman).action_cim_request_approval()
        self.assertEqual(len(self.Outbox.search([("kind", "=", "notification")])), 1)

    def test_duplicate_events_ignored(self):
        order, instance_id = self._submitted()
        task_id = self.server.decide(instance_id, "boss01", "agree", "同意")
        task = self._task_event(instance_id, task_id, "boss01", "agree", "同意")
        self._callback(task, event_id="ev-task-1")
        self._callback(task, event_id="ev-task-1")  # DingTalk's retry
        self._callback(task)  # the same decision under another event id
        self.server.finish(instance_id, "agree")
        finish = self._instance_event(instance_id, "finish", "agree")
        self._callback(finish)
        self._callback(finish)
        self.assertEqual(self.Event.search_count([("event_id", "=", "ev-task-1")]), 1)
        self.env["dingtalk.event"]._cron_process()
        request = order.cim_approval_request_id
        self.assertEqual(len(request.dingtalk_task_ids), 1)
        bodies = order.message_ids.mapped("body")
        self.assertEqual(len([b for b in bodies if "agreed in DingTalk" in b]), 1)
        self.assertEqual(len([b for b in bodies if "Approved in DingTalk" in b]), 1)
        self.assertEqual(request.state, "approved")

    def test_terminate_in_dingtalk_cancels_in_odoo(self):
        order, instance_id = self._submitted()
        self.server.instances[instance_id]["status"] = "TERMINATED"
        self._callback(self._instance_event(instance_id, "terminate"))
        self.env["dingtalk.event"]._cron_process()
        request = order.cim_approval_request_id
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.dingtalk_state, "terminated")
        self.assertEqual(order.cim_approval_state, "none")
        self.assertFalse(self.Outbox.search([("kind", "=", "approval_terminate")]))
        # it can be requested again: a new instance
        order.with_user(self.salesman).action_cim_request_approval()
        self.Outbox._cron_send()
        self.assertNotEqual(order.cim_approval_request_id, request)
        self.assertEqual(len(self.server.calls(CREATE)), 2)
        self.assertFalse(self.server.calls(TERMINATE))

    def test_cancel_in_odoo_terminates_in_dingtalk(self):
        order, instance_id = self._submitted()
        request = order.cim_approval_request_id
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.Outbox._cron_send()
        call = self.server.calls(TERMINATE)[0]
        self.assertEqual(call["body"]["processInstanceId"], instance_id)
        self.assertTrue(call["body"]["isSystem"])
        self.assertEqual(self.server.instances[instance_id]["status"], "TERMINATED")
        self.assertEqual(request.dingtalk_state, "terminated")
        # DingTalk then reports the termination: nothing more happens
        self._callback(self._instance_event(instance_id, "terminate"))
        self.env["dingtalk.event"]._cron_process()
        self.assertEqual(len(self.server.calls(TERMINATE)), 1)

    def test_cancel_before_creation_was_sent(self):
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        request = order.cim_approval_request_id
        order.with_user(self.salesman)._action_cancel()
        self.Outbox._cron_send()  # the creation goes first, then its termination
        self.assertEqual(len(self.server.calls(CREATE)), 1)
        self.assertEqual(
            self.server.calls(TERMINATE)[0]["body"]["processInstanceId"],
            request.dingtalk_instance_id,
        )
        self.assertEqual(request.dingtalk_state, "terminated")

    def test_catch_up_cron_applies_missed_result(self):
        order, instance_id = self._submitted()
        request = order.cim_approval_request_id
        self.server.decide(instance_id, "liu01", "refuse", "交期无法满足")
        self.server.finish(instance_id, "refuse")
        Request = self.env["cim.approval.request"]
        Request._cron_dingtalk_check()  # too recent: not read
        self.assertFalse([r for r in self.server.calls(CREATE) if r["method"] == "GET"])
        self.assertEqual(request.state, "pending")
        self.env.company.dingtalk_approval_check_minutes = 30
        request._cim_engine().write(
            {"dingtalk_sent_date": fields.Datetime.now() - timedelta(minutes=31)}
        )
        checked = Request._cron_dingtalk_check()
        self.assertEqual(checked, request)
        get = self.server.calls(CREATE)[-1]
        self.assertEqual(get["method"], "GET")
        self.assertEqual(get["query"]["processInstanceId"], instance_id)
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.line_ids.user_id, self.manager)
        self.assertEqual(request.line_ids.comment, "交期无法满足")
        self.assertEqual(order.cim_approval_state, "rejected")
        self.assertTrue(request.dingtalk_checked_date)
        # decided: never read again; the late callback changes nothing
        Request._cron_dingtalk_check()
        self.assertEqual(len([r for r in self.server.calls(CREATE) if r["method"] == "GET"]), 1)
        self._callback(self._instance_event(instance_id, "finish", "refuse"))
        self.env["dingtalk.event"]._cron_process()
        self.assertEqual(len(request.dingtalk_task_ids), 1)

    def test_catch_up_cron_bounded_and_stops_when_dingtalk_is_down(self):
        orders = [self._submitted()[0] for _i in range(3)]
        requests = self.env["cim.approval.request"].union(
            *[o.cim_approval_request_id for o in orders]
        )
        requests._cim_engine().write(
            {"dingtalk_sent_date": fields.Datetime.now() - timedelta(hours=2)}
        )
        Request = self.env["cim.approval.request"]
        self.assertEqual(len(Request._cron_dingtalk_check(batch_size=2)), 2)
        self.assertEqual(len(requests.filtered("dingtalk_checked_date")), 2)
        self.server.fail_next.append((CREATE, 503, {}))
        Request._cron_dingtalk_check(batch_size=2)  # the unchecked one first, DingTalk down
        self.assertEqual(len(requests.filtered("dingtalk_checked_date")), 2)
        self.assertTrue(all(r.state == "pending" for r in requests))

    def test_unlinked_requester_refused_at_submission(self):
        order = self._quotation(user=self.unlinked)
        with self.assertRaisesRegex(UserError, "not linked to a DingTalk user"):
            order.with_user(self.unlinked).action_cim_request_approval()
        self.assertEqual(order.cim_approval_state, "none")
        self.assertFalse(order.cim_approval_request_id)
        self.assertFalse(self.Outbox.search([("kind", "=", "approval_create")]))

    def test_refused_by_dingtalk_falls_back_to_odoo(self):
        self.rule.dingtalk_process_code = "PROC-DELETED"
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        self.Outbox._cron_send()
        request = order.cim_approval_request_id
        creation = self.Outbox.search([("approval_request_id", "=", request.id)])
        self.assertEqual(creation.state, "failed")
        self.assertIn("processCode", creation.last_error)
        self.assertEqual(request.dingtalk_state, "failed")
        self.assertIn("decided in Odoo instead", "".join(order.message_ids.mapped("body")))
        wizard = (
            self.env["cim.approval.decision"]
            .with_user(self.manager)
            .create({"request_id": request.id, "decision": "approve"})
        )
        wizard.action_confirm()
        self.assertEqual(order.cim_approval_state, "approved")

    def test_odoo_approvers_sent_when_configured(self):
        self.rule.dingtalk_send_approvers = True
        order = self._quotation()
        order.with_user(self.salesman).action_cim_request_approval()
        self.Outbox._cron_send()
        body = self.server.calls(CREATE)[0]["body"]
        self.assertEqual(body["approvers"], [{"actionType": "NONE", "userIds": ["liu01"]}])
        self.manager.sudo().dingtalk_userid = False
        other = self._quotation()
        with self.assertRaisesRegex(UserError, "Nobody linked to DingTalk"):
            other.with_user(self.salesman).action_cim_request_approval()

    def test_process_code_required(self):
        with self.assertRaisesRegex(UserError, "give its DingTalk process code"):
            self.rule.dingtalk_process_code = False

    def test_rule_form_and_field_formats(self):
        """The rule is configured in its form view; each field type becomes DingTalk text."""
        fields_by_name = {
            name: self.env["ir.model.fields"]._get("sale.order", name)
            for name in ("partner_id", "validity_date", "state", "require_signature")
        }
        with Form(self.env["cim.approval.rule"]) as form:
            form.name = "钉钉报价审批"
            form.dingtalk_enabled = True
            form.dingtalk_process_code = "PROC-FORM-TEST"
            with form.step_ids.new() as step:
                step.name = "销售经理"
            for label, field in fields_by_name.items():
                with form.dingtalk_form_field_ids.new() as line:
                    line.name = label
                    line.source = "field"
                    line.field_id = field
        rule = form.record
        self.assertEqual(len(rule.dingtalk_form_field_ids), 4)
        order = self._quotation()
        order.require_signature = True
        values = {
            line.name: line._dingtalk_value(order, self.env["cim.approval.request"])
            for line in rule.dingtalk_form_field_ids
        }
        self.assertEqual(
            values,
            {
                "partner_id": "潍坊鸿达机械制造有限公司",
                "validity_date": "2026-12-31",
                "state": "Quotation",
                "require_signature": "Yes",
            },
        )
        lead_name = self.env["ir.model.fields"]._get("crm.lead", "name")
        with self.assertRaisesRegex(ValidationError, "needs a field of"):
            rule.dingtalk_form_field_ids[0].field_id = lead_name
