# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_dingtalk_connector_tour(self):
        self.start_tour("/odoo", "dingtalk_connector_tour", login="admin")
        robot = self.env["dingtalk.robot"].search([("name", "=", "服务告警群")])
        self.assertEqual(robot.purpose, "service")
        self.assertEqual(robot.secret, "SECtour")
        self.assertIn("access_token=TOURTOKEN", robot.webhook_url)
        rule = self.env["dingtalk.robot.rule"].search([("event", "=", "sla_breach")])
        self.assertEqual(rule.robot_ids, robot)
        linked = self.env["res.users"].search([("dingtalk_userid", "=", "tour-userid")])
        self.assertEqual(len(linked), 1)
