# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import AccessDenied
from odoo.tests import HttpCase, new_test_user, tagged

from .common import setup_dingtalk
from .dingtalk_server import APP_KEY, FakeDingtalk


@tagged("post_install", "-at_install")
class TestDingtalkSignin(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = FakeDingtalk()
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        setup_dingtalk(cls.env, cls.server)
        cls.server.add_user("wq01", "王强", mobile="13805361234")
        cls.server.add_user("stranger", "外部人员")
        cls.salesman = new_test_user(
            cls.env, login="wang.signin", groups="sales_team.group_sale_salesman"
        )
        cls.salesman.write({"dingtalk_userid": "wq01", "dingtalk_unionid": "union-wq01"})
        cls.path = f"/dingtalk/signin?company_id={cls.env.company.id}"

    def _session_uid(self):
        response = self.url_open(
            "/web/session/get_session_info",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}),
            headers={"Content-Type": "application/json"},
        )
        return (response.json().get("result") or {}).get("uid")

    def test_auth_code_signs_the_linked_user_in(self):
        self.server.auth_codes["code-ok"] = "wq01"
        response = self.url_open(
            f"{self.path}&code=code-ok&redirect=/odoo/crm", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/odoo/crm"))
        self.assertEqual(self._session_uid(), self.salesman.id)
        call = self.server.calls("/topapi/v2/user/getuserinfo")[0]
        self.assertEqual(call["body"], {"code": "code-ok"})
        self.assertFalse(self.salesman.sudo().dingtalk_signin_token, "the credential is one-time")

    def test_code_used_twice_or_unknown_is_refused(self):
        self.server.auth_codes["code-once"] = "wq01"
        self.url_open(f"{self.path}&code=code-once", allow_redirects=False)
        self.url_open("/web/session/logout", allow_redirects=False)
        response = self.url_open(f"{self.path}&code=code-once", allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertIn("40078", response.text)
        self.assertFalse(self._session_uid())

    def test_unlinked_user_gets_a_clear_page(self):
        self.server.auth_codes["code-stranger"] = "stranger"
        response = self.url_open(f"{self.path}&code=code-stranger", allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        self.assertIn("not linked", response.text)
        self.assertFalse(self._session_uid())

    def test_no_open_redirect_and_forged_credential(self):
        self.server.auth_codes["code-r"] = "wq01"
        response = self.url_open(
            f"{self.path}&code=code-r&redirect=//evil.example/x", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("evil.example", response.headers["Location"])
        with self.assertRaises(AccessDenied):
            self.env["res.users"].authenticate(
                self.env.cr.dbname,
                {"login": "wang.signin", "token": "forged", "type": "dingtalk"},
                {"interactive": True},
            )

    def test_page_inside_dingtalk_asks_for_a_code(self):
        response = self.url_open(self.path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "requestAuthCode", self.url_open("/dingtalk_connector/static/src/js/signin.js").text
        )
        self.assertIn("dingcorp0001", response.text)

    def _oauth_start(self):
        response = self.url_open(
            self.path.replace("signin", "oauth/start") + "&redirect=/odoo/crm",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, "/oauth2/auth")
        query = parse_qs(location.query)
        self.assertEqual(query["client_id"], [APP_KEY])
        self.assertTrue(query["redirect_uri"][0].endswith("/dingtalk/oauth/callback"))
        return query["state"][0]

    def test_browser_oauth_with_state(self):
        state = self._oauth_start()
        self.server.oauth_codes["qr-ok"] = ("union-wq01", "dingcorp0001")
        response = self.url_open(
            f"/dingtalk/oauth/callback?authCode=qr-ok&state={state}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303, response.text)
        self.assertTrue(response.headers["Location"].endswith("/odoo/crm"))
        self.assertEqual(self._session_uid(), self.salesman.id)
        exchange = self.server.calls("/v1.0/oauth2/userAccessToken")[0]["body"]
        self.assertEqual(exchange["grantType"], "authorization_code")

    def test_browser_oauth_refuses_bad_state_and_other_organisation(self):
        state = self._oauth_start()
        self.server.oauth_codes["qr-1"] = ("union-wq01", "dingcorp0001")
        response = self.url_open(f"/dingtalk/oauth/callback?authCode=qr-1&state=forged{state}")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.server.calls("/v1.0/oauth2/userAccessToken"))
        # the state is single-use: even the right one fails now
        response = self.url_open(f"/dingtalk/oauth/callback?authCode=qr-1&state={state}")
        self.assertEqual(response.status_code, 403)
        state = self._oauth_start()
        self.server.oauth_codes["qr-2"] = ("union-wq01", "dingOTHERcorp")
        response = self.url_open(f"/dingtalk/oauth/callback?authCode=qr-2&state={state}")
        self.assertEqual(response.status_code, 403)
        self.assertIn("another organisation", response.text)
        self.assertFalse(self._session_uid())
