# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.tests import TransactionCase, tagged

from .dingtalk_server import FakeDingtalk


@tagged("post_install", "-at_install")
class TestDingtalkRobotRule(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk({"SALES": None, "BOSS": None, "SERVICE": None})
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        Robot = cls.env["dingtalk.robot"]
        cls.sales = Robot.create(
            {"name": "销售群", "purpose": "sales", "webhook_url": cls.server.url("SALES")}
        )
        cls.boss = Robot.create(
            {"name": "总经办", "purpose": "management", "webhook_url": cls.server.url("BOSS")}
        )
        cls.service = Robot.create(
            {"name": "售后群", "purpose": "service", "webhook_url": cls.server.url("SERVICE")}
        )
        cls.env.company.dingtalk_big_deal_amount = 100000
        cls.Rule = cls.env["dingtalk.robot.rule"]
        cls.Outbox = cls.env["dingtalk.outbox"]

    def _won(self, revenue=300000):
        lead = self.env["crm.lead"].create(
            {"name": "潍柴 数控车床", "type": "opportunity", "expected_revenue": revenue}
        )
        lead.action_set_won()
        return self.Outbox.search([("idempotency_key", "like", f"crm.lead-won-{lead.id}-%")])

    def test_purpose_is_the_default(self):
        self.assertEqual(self._won().robot_id, self.sales)

    def test_rule_maps_event_to_robots(self):
        self.Rule.create(
            {"event": "big_deal_won", "robot_ids": [(6, 0, (self.boss | self.sales).ids)]}
        )
        self.assertEqual(self._won().robot_id, self.boss | self.sales)

    def test_generic_event_for_other_addons(self):
        rule = self.Rule.create({"event": "sla_breach", "robot_ids": [(6, 0, self.service.ids)]})
        self.assertEqual(rule.display_name, "SLA breach")
        messages = self.Rule._post_event(
            "sla_breach", self.env.company, "SLA 超时", "#### 工单 T0001 超时", key="sla-T0001"
        )
        again = self.Rule._post_event(
            "sla_breach", self.env.company, "SLA 超时", "#### 工单 T0001 超时", key="sla-T0001"
        )
        self.assertEqual(messages, again)
        self.assertEqual(messages.robot_id, self.service)
        self.Outbox._cron_send()
        self.assertEqual(messages.state, "sent")
        self.assertEqual(self.server.requests[-1]["body"]["markdown"]["title"], "SLA 超时")

    def test_weekly_report_goes_to_management_robot(self):
        self.env["crm.lead"].create({"name": "新线索 青岛港机", "type": "lead"})
        now = datetime.now()
        self.env["crm.weekly.report"]._send(self.env.company, now.replace(year=now.year - 1), now)
        message = self.Outbox.search([("idempotency_key", "like", "weekly-report-%")])
        self.assertEqual(message.robot_id, self.boss)
        text = message.payload
        self.assertIn(self.env.company.name, text)
        self.env["crm.weekly.report"]._send(self.env.company, now.replace(year=now.year - 1), now)
        self.assertEqual(
            self.Outbox.search_count([("idempotency_key", "like", "weekly-report-%")]), 1
        )
