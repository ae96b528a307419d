# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from ..models import dingtalk_client
from .common import DingtalkCase

SEND = "/topapi/message/corpconversation/asyncsend_v2"


@tagged("post_install", "-at_install")
class TestDingtalkActivity(DingtalkCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.todo_type = cls.env["mail.activity.type"].create(
            {"name": "钉钉回访", "res_model": False, "category": "default"}
        )
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.env.company.write({"dingtalk_activity_type_ids": [(6, 0, cls.todo_type.ids)]})
        cls.salesman = new_test_user(
            cls.env,
            login="wang.sales",
            name="王强",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman.sudo().write({"dingtalk_userid": "wq01", "dingtalk_unionid": "union-wq01"})
        cls.colleague = new_test_user(
            cls.env, login="zhang.sales", groups="sales_team.group_sale_salesman"
        )
        cls.customer = cls.env["crm.lead"].create(
            {
                "name": "济南重工机械有限公司 数控机床",
                "type": "opportunity",
                "user_id": cls.salesman.id,
            }
        )
        cls.Outbox = cls.env["dingtalk.outbox"].sudo()

    def _activity(self, user, activity_type=None, summary="回访济南重工"):
        return self.customer.with_user(self.salesman).activity_schedule(
            activity_type_id=(activity_type or self.todo_type).id,
            summary=summary,
            user_id=user.id,
            note="<p>确认设备安装进度</p>",
        )

    def _messages(self, kind):
        return self.Outbox.search([("kind", "=", kind)])

    def test_activity_becomes_work_notification(self):
        activity = self._activity(self.salesman)
        message = self._messages("notification")
        self.assertEqual(len(message), 1)
        self.Outbox._cron_send()
        self.assertEqual(message.state, "sent")
        body = self.server.calls(SEND)[0]["body"]
        self.assertEqual(body["agent_id"], 3080001)
        self.assertEqual(body["userid_list"], "wq01")
        card = body["msg"]["action_card"]
        self.assertEqual(body["msg"]["msgtype"], "action_card")
        self.assertEqual(card["title"], "回访济南重工")
        self.assertIn("济南重工机械有限公司", card["markdown"])
        self.assertIn(f"/mail/view?model=crm.lead&res_id={self.customer.id}", card["single_url"])
        self.assertIn(f"#{activity.id}", card["markdown"])  # never the same content twice
        self.assertFalse(self._messages("todo_create"))

    def test_filtered_by_type_and_link(self):
        self._activity(self.colleague)  # not linked to DingTalk
        self._activity(self.salesman, self.call_type)  # type not sent
        self.assertFalse(self.Outbox.search([("kind", "!=", "robot")]))
        activity = self._activity(self.colleague)
        activity.user_id = self.salesman  # reassigned to a linked user
        self.assertEqual(len(self._messages("notification")), 1)

    def test_todo_both_ways(self):
        self.env.company.dingtalk_todo = True
        activity = self._activity(self.salesman)
        todo = self.env["dingtalk.todo"].search([("activity_id", "=", activity.id)])
        self.assertEqual(todo.union_id, "union-wq01")
        self.Outbox._cron_send()
        self.assertTrue(todo.task_id)
        created = self.server.todos[todo.task_id]
        self.assertEqual(created["sourceId"], todo.source_id)
        self.assertEqual(created["executorIds"], ["union-wq01"])
        self.assertIn("pcUrl", created["detailUrl"])
        # a resend after a crash is deduplicated by sourceId
        self._messages("todo_create").write({"state": "queued", "attempts": 0})
        self.Outbox._cron_send()
        self.assertEqual(len(self.server.todos), 1)

        # done in Odoo → done in DingTalk
        activity.with_user(self.salesman).action_feedback(feedback="已回访")
        done = self._messages("todo_done")
        self.assertEqual(len(done), 1)
        self.Outbox._cron_send()
        self.assertEqual(done.state, "sent")
        self.assertTrue(self.server.todos[todo.task_id]["done"])
        self.assertEqual(todo.state, "done")
        put = self.server.calls(f"/v1.0/todo/users/union-wq01/tasks/{todo.task_id}")[0]
        self.assertEqual(put["method"], "PUT")
        self.assertEqual(put["query"]["operatorId"], "union-wq01")

    def test_done_before_todo_created_waits(self):
        self.env.company.dingtalk_todo = True
        activity = self._activity(self.salesman)
        activity.with_user(self.salesman).action_feedback()
        self.Outbox._cron_send()  # creation first, then completion, in one run
        todo = self.env["dingtalk.todo"].search([("source_id", "like", f"-activity-{activity.id}")])
        self.assertEqual(todo.state, "done")
        self.assertTrue(self.server.todos[todo.task_id]["done"])

    def test_done_in_dingtalk_marks_activity_done(self):
        self.env.company.dingtalk_todo = True
        activity = self._activity(self.salesman)
        self.Outbox._cron_send()
        todo = self.env["dingtalk.todo"].search([("activity_id", "=", activity.id)])
        Event = self.env["dingtalk.event"].sudo()
        Event._receive(
            self.env.company,
            "todo-n1",
            {"EventType": "todo_task_finish", "data": {"taskId": todo.task_id, "done": True}},
        )
        Event._cron_process()
        self.assertFalse(activity.exists())
        self.assertEqual(todo.state, "done")
        self.assertFalse(self._messages("todo_done"), "no echo back to DingTalk")
        message = self.customer.message_ids[0]
        self.assertEqual(message.author_id, self.salesman.partner_id)

    def test_failed_notification_does_not_block_the_activity(self):
        self.server.fail_next.append((SEND, 200, {"errcode": 60011, "errmsg": "no permission"}))
        activity = self._activity(self.salesman)
        self.Outbox._cron_send()
        message = self._messages("notification")
        self.assertEqual(message.state, "failed")
        self.assertIn("60011", message.last_error)
        self.assertTrue(activity.exists())

    def test_cancelled_activity_deletes_the_todo(self):
        self.env.company.dingtalk_todo = True
        activity = self._activity(self.salesman)
        self.Outbox._cron_send()
        todo = self.env["dingtalk.todo"].search([("activity_id", "=", activity.id)])
        self.assertIn(todo.task_id, self.server.todos)
        activity.with_user(self.salesman).unlink()
        self.assertFalse(self._messages("todo_done"))
        deletion = self._messages("todo_delete")
        self.Outbox._cron_send()
        self.assertEqual(deletion.state, "sent")
        self.assertEqual(todo.state, "cancelled")
        self.assertNotIn(todo.task_id, self.server.todos)

    def test_notification_outage_then_recovery_without_duplicates(self):
        self.server.fail_next += [(SEND, 503, {}), (SEND, 200, {"errcode": 90018})] * 1
        self._activity(self.salesman)
        message = self._messages("notification")
        self.Outbox._cron_send()
        self.assertEqual((message.state, message.attempts), ("queued", 1))
        self.assertIn("503", message.last_error)
        message.next_attempt = message.next_attempt.replace(year=2000)
        with patch.object(dingtalk_client.time, "sleep"):
            self.Outbox._cron_send()  # throttled, retried once in the call: delivered
        self.assertEqual(message.state, "sent")
        self.Outbox._cron_send()
        self.assertEqual(len(self.server.calls(SEND)), 3)
        self.assertEqual(len(self._messages("notification")), 1)

    def test_missed_callback_caught_up_by_the_check(self):
        self.env.company.dingtalk_todo = True
        first = self._activity(self.salesman, summary="回访一")
        second = self._activity(self.salesman, summary="回访二")
        self.Outbox._cron_send()
        todos = self.env["dingtalk.todo"].search([("activity_id", "in", (first | second).ids)])
        done_there = todos.filtered(lambda t: t.activity_id == first)
        self.server.todos[done_there.task_id]["done"] = True  # its callback never came
        self.env["dingtalk.todo"]._cron_check_done()
        self.assertFalse(first.exists())
        self.assertTrue(second.exists())
        self.assertEqual(done_there.state, "done")
        self.assertTrue(all(todos.mapped("checked_date")))
        self.assertFalse(self._messages("todo_done"), "no echo back to DingTalk")
