# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .dingtalk_server import FakeDingtalk

SECRET = "SECoutbox"


@tagged("post_install", "-at_install")
class TestDingtalkOutbox(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk({"OUT": SECRET})
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        cls.robot = cls.env["dingtalk.robot"].create(
            {"name": "捷报群", "webhook_url": cls.server.url("OUT"), "secret": SECRET}
        )
        cls.Outbox = cls.env["dingtalk.outbox"]

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.force_errcode = None
        self.server.http_status = 200

    def _queue(self, count, key_prefix="k"):
        return self.Outbox.concat(
            *(
                self.robot._enqueue_markdown(f"大单 {i}", f"第 {i} 单", key=f"{key_prefix}{i}")
                for i in range(count)
            )
        )

    def _run(self):
        return self.Outbox._cron_send()

    def test_queued_then_sent_once(self):
        messages = self._queue(3)
        self.assertEqual(set(messages.mapped("state")), {"queued"})
        self._run()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        uuids = [r["body"]["msgUuid"] for r in self.server.requests]
        self.assertEqual(sorted(uuids), ["k0", "k1", "k2"])
        self._run()
        self.assertEqual(len(self.server.requests), 3)

    def test_same_key_is_queued_once(self):
        first = self.robot._enqueue_markdown("周报", "本周", key="weekly-2026-47")
        again = self.robot._enqueue_markdown("周报", "本周", key="weekly-2026-47")
        self.assertEqual(first, again)
        self.assertEqual(self.Outbox.search_count([("idempotency_key", "=", "weekly-2026-47")]), 1)

    def test_outage_backoff_then_recovery_without_loss_or_duplicates(self):
        self.server.http_status = 500
        with freeze_time("2026-11-23 02:00:00"):
            # queued at the frozen time too: due at once whatever day the test runs
            messages = self._queue(2)
            self._run()
        self.assertEqual(set(messages.mapped("attempts")), {1})
        self.assertEqual(set(messages.mapped("state")), {"queued"})
        self.assertEqual(
            set(messages.mapped("next_attempt")),
            {fields.Datetime.to_datetime("2026-11-23 02:01:00")},
        )
        with freeze_time("2026-11-23 02:00:30"):
            self._run()  # not due yet
        self.assertEqual(set(messages.mapped("attempts")), {1})
        with freeze_time("2026-11-23 02:01:00"):
            self._run()
        self.assertEqual(
            set(messages.mapped("next_attempt")),
            {fields.Datetime.to_datetime("2026-11-23 02:03:00")},
        )
        self.server.http_status = 200
        self.server.requests.clear()
        with freeze_time("2026-11-23 02:03:00"):
            self._run()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(sorted(r["body"]["msgUuid"] for r in self.server.requests), ["k0", "k1"])

    def test_throttled_is_retried_refused_fails_at_once(self):
        throttled = self._queue(1, "t")
        self.server.force_errcode = 410100
        self._run()
        self.assertEqual(throttled.state, "queued")
        self.assertIn("410100", throttled.last_error)
        self.server.force_errcode = None
        refused = self._queue(1, "r")
        self.robot.secret = "SECwrong"
        self._run()
        self.assertEqual(refused.state, "failed")
        self.assertIn("310000", refused.last_error)

    def test_fails_after_max_attempts_and_admin_retries(self):
        self.env["ir.config_parameter"].set_param("dingtalk_connector.max_attempts", 2)
        message = self._queue(1)
        self.server.http_status = 500
        self._run()
        message.next_attempt = fields.Datetime.now() - timedelta(seconds=1)
        self._run()
        self.assertEqual(message.state, "failed")
        self.server.http_status = 200
        message.action_retry()
        self._run()
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 1)

    def test_rate_limit_per_robot(self):
        messages = self._queue(25)
        self._run()
        self.assertEqual(len(messages.filtered(lambda m: m.state == "sent")), 20)
        waiting = messages.filtered(lambda m: m.state == "queued")
        self.assertEqual(len(waiting), 5)
        self.assertTrue(all(m.next_attempt > fields.Datetime.now() for m in waiting))
        self.assertEqual(len(self.server.requests), 20)


@tagged("post_install", "-at_install")
class TestBigDealAnnouncement(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk({"SALES": SECRET})
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        cls.robot = cls.env["dingtalk.robot"].create(
            {
                "name": "销售捷报群",
                "purpose": "sales",
                "webhook_url": cls.server.url("SALES"),
                "secret": SECRET,
            }
        )
        cls.env["dingtalk.robot"].create(
            {"name": "服务群", "purpose": "service", "webhook_url": cls.server.url("SALES")}
        )
        cls.env.company.dingtalk_big_deal_amount = 500000

    def _lead(self, revenue):
        return self.env["crm.lead"].create(
            {"name": f"项目 {revenue}", "type": "opportunity", "expected_revenue": revenue}
        )

    def test_big_deal_won_is_announced_once(self):
        big = self._lead(1280000)
        small = self._lead(30000)
        (big | small).action_set_won()
        queued = self.env["dingtalk.outbox"].search([("idempotency_key", "like", "crm.lead-won-%")])
        self.assertEqual(len(queued), 1)
        self.assertEqual(queued.robot_id, self.robot)
        self.env["dingtalk.outbox"]._cron_send()
        self.assertEqual(queued.state, "sent")
        body = self.server.requests[-1]["body"]
        self.assertEqual(body["msgtype"], "markdown")
        self.assertIn("项目 1280000", body["markdown"]["text"])
        # reopened and won again: no second announcement
        big.action_set_lost()
        big.toggle_active()
        big.action_set_won()
        self.assertEqual(
            self.env["dingtalk.outbox"].search_count(
                [("idempotency_key", "like", "crm.lead-won-%")]
            ),
            1,
        )

    def test_no_threshold_no_announcement(self):
        self.env.company.dingtalk_big_deal_amount = 0
        self._lead(9000000).action_set_won()
        self.assertFalse(
            self.env["dingtalk.outbox"].search([("idempotency_key", "like", "crm.lead-won-%")])
        )
