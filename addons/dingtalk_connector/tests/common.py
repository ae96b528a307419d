# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user

from .dingtalk_server import APP_KEY, APP_SECRET, FakeDingtalk

CALLBACK_TOKEN = "hongdaToken2026"
CALLBACK_AES_KEY = "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7"


def setup_dingtalk(env, server):
    """Point the client at the local DingTalk and configure the company's app."""
    params = env["ir.config_parameter"].sudo()
    params.set_param("dingtalk_connector.oapi_url", server.base_url)
    params.set_param("dingtalk_connector.api_url", server.base_url)
    params.set_param("dingtalk_connector.login_url", server.base_url)
    env.company.sudo().write(
        {
            "dingtalk_corp_id": "dingcorp0001",
            "dingtalk_agent_id": "3080001",
            "dingtalk_app_key": APP_KEY,
            "dingtalk_app_secret": APP_SECRET,
            "dingtalk_callback_token": CALLBACK_TOKEN,
            "dingtalk_callback_aes_key": CALLBACK_AES_KEY,
        }
    )


class DingtalkCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk()
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        setup_dingtalk(cls.env, cls.server)
        cls.dt_user = new_test_user(
            cls.env,
            login="dt_user",
            groups="base.group_user,dingtalk_connector.dingtalk_connector_group_user",
        )

    def setUp(self):
        super().setUp()
        self.server.requests.clear()
        self.server.fail_next.clear()
        self.server.expire_tokens()
        self.server.todos.clear()
