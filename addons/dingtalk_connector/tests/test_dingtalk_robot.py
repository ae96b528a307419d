# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .dingtalk_server import FakeDingtalk

SECRET = "SECa1b2c3d4e5f6中文"


@tagged("post_install", "-at_install")
class TestDingtalkRobot(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk({"TOKEN1": SECRET, "NOSIGN": None})
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        cls.robot = cls.env["dingtalk.robot"].create(
            {
                "name": "销售捷报群",
                "purpose": "sales",
                "webhook_url": cls.server.url("TOKEN1"),
                "secret": SECRET,
            }
        )
        cls.dt_user = new_test_user(
            cls.env,
            login="dt_user",
            groups="base.group_user,dingtalk_connector.dingtalk_connector_group_user",
        )

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.force_errcode = None

    def test_signature_known_vector(self):
        # computed independently from DingTalk's documented algorithm
        self.assertEqual(
            self.env["dingtalk.robot"]._sign("SECtest", 1700000000000),
            "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D",
        )

    def test_signed_markdown_is_delivered(self):
        self.robot.send_markdown("大单捷报", "**济南重工** 签约 ¥1,280,000")
        self.assertEqual(len(self.server.requests), 1)
        request = self.server.requests[0]
        self.assertEqual(request["body"]["msgtype"], "markdown")
        self.assertEqual(request["body"]["markdown"]["title"], "大单捷报")
        self.assertTrue(request["body"]["msgUuid"])
        self.assertIn("application/json", request["headers"]["Content-Type"])
        self.assertTrue(self.robot.last_sent)
        self.assertFalse(self.robot.last_error)

    def test_wrong_secret_is_refused_with_code(self):
        self.robot.secret = "SECwrong"
        with self.assertRaisesRegex(UserError, "310000"):
            self.robot.send_markdown("x", "y")
        self.assertIn("310000", self.robot.last_error)

    def test_throttled_error_is_reported(self):
        self.server.force_errcode = 410100
        with self.assertRaisesRegex(UserError, "410100"):
            self.robot.action_send_test()

    def test_unreachable_dingtalk_is_a_clear_error(self):
        self.robot.webhook_url = "http://127.0.0.1:9/robot/send?access_token=TOKEN1"
        with self.assertRaisesRegex(UserError, "could not be reached"):
            self.robot.send_markdown("x", "y")

    def test_robot_without_secret(self):
        self.robot.write({"webhook_url": self.server.url("NOSIGN"), "secret": False})
        self.robot.action_send_test()
        self.assertNotIn("sign", self.server.requests[0]["query"])

    def test_bad_webhook_rejected(self):
        with self.assertRaises(ValidationError):
            self.robot.webhook_url = "ftp://example.com/robot"

    def test_secrets_hidden_from_non_admins(self):
        robot = self.robot.with_user(self.dt_user)
        self.assertEqual(robot.name, "销售捷报群")
        with self.assertRaises(AccessError):
            robot.read(["secret"])
        with self.assertRaises(AccessError):
            robot.read(["webhook_url"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.dt_user).read(["dingtalk_app_secret"])
