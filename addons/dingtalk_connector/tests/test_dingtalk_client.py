# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models import dingtalk_client
from ..models.dingtalk_client import DingtalkError
from .common import DingtalkCase
from .dingtalk_server import APP_KEY, APP_SECRET

SEND = "/topapi/message/corpconversation/asyncsend_v2"


@tagged("post_install", "-at_install")
class TestDingtalkClient(DingtalkCase):
    def _notify(self):
        return self.env["dingtalk.client"]._call(
            self.env.company,
            "POST",
            "oapi",
            SEND,
            body={"agent_id": 3080001, "userid_list": "u1", "msg": {"msgtype": "text"}},
        )

    def _token(self):
        return self.env["dingtalk.token"].sudo().search([("app_key", "=", APP_KEY)])

    def test_token_cached_in_database_and_shared(self):
        self._notify()
        self._notify()
        self.assertEqual(len(self.server.calls("/gettoken")), 1)
        self.assertEqual(self.server.calls("/gettoken")[0]["query"]["appsecret"], APP_SECRET)
        token = self._token()
        self.assertEqual(len(token), 1)
        self.assertEqual(self.server.calls(SEND)[1]["query"]["access_token"], token.access_token)
        self.assertGreater(token.expires_at, fields.Datetime.now() + timedelta(minutes=100))

    def test_token_refreshed_before_expiry(self):
        self._notify()
        self._token().sudo().write({"expires_at": fields.Datetime.now() + timedelta(minutes=5)})
        self._notify()
        self.assertEqual(len(self.server.calls("/gettoken")), 2)
        self.assertGreater(self._token().expires_at, fields.Datetime.now() + timedelta(minutes=100))

    def test_invalid_token_is_invalidated_and_retried_once(self):
        self._notify()
        old = self._token().access_token
        self.server.expire_tokens()  # DingTalk dropped it; our cache still believes in it
        answer = self._notify()
        self.assertEqual(answer["errcode"], 0)
        self.assertEqual(len(self.server.calls("/gettoken")), 2)
        self.assertNotEqual(self._token().access_token, old)
        self.assertEqual([r["query"]["access_token"] for r in self.server.calls(SEND)][1], old)

    def test_invalid_token_on_api_host_http_401(self):
        self._notify()
        self.server.expire_tokens()
        answer = self.env["dingtalk.client"]._call(
            self.env.company,
            "POST",
            "api",
            "/v1.0/todo/users/u9/tasks",
            params={"operatorId": "u9"},
            body={"subject": "回访", "detailUrl": {"pcUrl": "http://x", "appUrl": "http://x"}},
        )
        self.assertTrue(answer["id"])
        todo_calls = self.server.calls("/v1.0/todo/users/u9/tasks")
        self.assertEqual(len(todo_calls), 2)
        self.assertEqual(
            todo_calls[1]["headers"]["x-acs-dingtalk-access-token"], self._token().access_token
        )

    def test_invalid_token_twice_is_an_error(self):
        self.server.fail_next += [(SEND, 200, {"errcode": 42001, "errmsg": "expired"})] * 2
        with self.assertRaises(DingtalkError) as caught:
            self._notify()
        self.assertEqual(caught.exception.code, 42001)
        self.assertIn("42001", str(caught.exception))
        self.assertEqual(len(self.server.calls(SEND)), 2)

    def test_rate_limit_backs_off_then_retries(self):
        throttled = {"errcode": 90018, "errmsg": "qps limit"}
        self.server.fail_next.append((SEND, 200, throttled))
        with patch.object(dingtalk_client.time, "sleep") as sleep:
            self.assertEqual(self._notify()["errcode"], 0)
        sleep.assert_called_once_with(dingtalk_client.RATE_LIMIT_WAIT)
        self.server.fail_next += [(SEND, 200, throttled)] * 2
        with patch.object(dingtalk_client.time, "sleep"), self.assertRaises(DingtalkError) as e:
            self._notify()
        self.assertTrue(e.exception.retryable)
        self.assertEqual(e.exception.code, 90018)

    def test_api_host_error_code_and_5xx(self):
        self.server.fail_next.append(
            ("/v1.0/", 403, {"code": "Forbidden.AccessDenied.AccessTokenPermissionDenied"})
        )
        with self.assertRaisesRegex(DingtalkError, "permission") as caught:
            self.env["dingtalk.client"]._call(
                self.env.company, "DELETE", "api", "/v1.0/todo/users/u1/tasks/x"
            )
        self.assertFalse(caught.exception.retryable)
        self.server.fail_next.append((SEND, 502, {}))
        with self.assertRaises(DingtalkError) as caught:
            self._notify()
        self.assertTrue(caught.exception.retryable)

    def test_wrong_secret_clear_error_and_nothing_logged(self):
        self.env.company.sudo().dingtalk_app_secret = "wrong-secret-秘密"
        with self.assertRaisesRegex(DingtalkError, "40089"):
            self._notify()
        self.env["ir.config_parameter"].sudo().set_param(
            "dingtalk_connector.oapi_url", "http://127.0.0.1:9"
        )
        with self.assertLogs("odoo.addons.dingtalk_connector", logging.DEBUG) as logs:
            with self.assertRaisesRegex(DingtalkError, "could not be reached") as caught:
                self._notify()
        self.assertTrue(caught.exception.retryable)
        self.assertNotIn("wrong-secret", "\n".join(logs.output))
        self.assertNotIn("appsecret", "\n".join(logs.output))

    def test_not_configured(self):
        self.env.company.sudo().dingtalk_app_key = False
        with self.assertRaisesRegex(DingtalkError, "not configured"):
            self._notify()

    def test_settings_test_connection_and_callback_url(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(
            settings.dingtalk_callback_url.endswith(f"/dingtalk/callback/{self.env.company.id}")
        )
        action = settings.action_dingtalk_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertTrue(self.server.calls("/topapi/v2/department/get"))
        self.env.company.sudo().dingtalk_app_secret = "bad"
        self.env["dingtalk.token"].sudo().search([]).unlink()
        with self.assertRaisesRegex(DingtalkError, "AppKey or AppSecret"):
            settings.action_dingtalk_test_connection()

    def test_tokens_and_secrets_hidden_from_users(self):
        self._notify()
        with self.assertRaises(AccessError):
            self.env["dingtalk.token"].with_user(self.dt_user).search([])
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.dt_user).read(["dingtalk_callback_aes_key"])
