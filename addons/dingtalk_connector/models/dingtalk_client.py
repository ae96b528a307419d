# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import time

import requests

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

TIMEOUT = (5, 15)  # connect, read seconds: every call to DingTalk has a timeout
RATE_LIMIT_WAIT = 1  # seconds before the one in-call retry of a rate-limited call
OAPI_URL = "https://oapi.dingtalk.com"
API_URL = "https://api.dingtalk.com"
LOGIN_URL = "https://login.dingtalk.com"
HOSTS = {"oapi": OAPI_URL, "api": API_URL, "login": LOGIN_URL}

# invalid or expired access token: invalidate, fetch another, retry once
INVALID_TOKEN_CODES = {40014, 42001, 40001, 41001, "InvalidAuthentication"}
# throttling and quotas: back off
RATE_LIMIT_CODES = {
    90018,
    90002,
    90020,
    "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
    "Forbidden.AccessDenied.ApiCountLimitForOrg",
}
RETRYABLE_CODES = RATE_LIMIT_CODES | {-1}


class DingtalkError(UserError):
    """A DingTalk call failed; ``code`` is DingTalk's, ``retryable`` tells the outbox
    whether trying again later may succeed (network, 5xx, throttling)."""

    def __init__(self, message, code=None, retryable=False):
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class DingtalkClient(models.AbstractModel):
    """A thin client of DingTalk's two hosts: oapi (token in the query) and api (token in
    a header). Token cached in the database (``dingtalk.token``), one retry with a fresh
    token on invalid-token codes, one delayed retry on rate limits, a timeout on every
    call, DingTalk's code in every error. Secrets and tokens are never logged."""

    _name = "dingtalk.client"
    _description = "DingTalk API Client"

    @api.model
    def _base_url(self, host):
        """DingTalk's hosts; system parameters ``dingtalk_connector.<host>_url`` override
        them (a proxy, or the local DingTalk of the tests)."""
        param = f"dingtalk_connector.{host}_url"
        url = self.env["ir.config_parameter"].sudo().get_param(param) or HOSTS[host]
        return url.rstrip("/")

    @api.model
    def _error(self, code, detail, retryable=False):
        explanations = {
            40089: self.env._("the AppKey or AppSecret is wrong"),
            40001: self.env._("the access token is invalid"),
            40014: self.env._("the access token is invalid"),
            42001: self.env._("the access token has expired"),
            60011: self.env._("the app lacks the permission for this API"),
            60020: self.env._("Odoo's server address is not in the app's IP whitelist"),
            60121: self.env._("the user was not found"),
            90018: self.env._("too many calls per second, try again shortly"),
            90002: self.env._("too many calls, try again shortly"),
            90020: self.env._("the organisation's monthly API quota is used up"),
            "Forbidden.AccessDenied.AccessTokenPermissionDenied": self.env._(
                "the app lacks the permission for this API"
            ),
            "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi": self.env._(
                "too many calls per second, try again shortly"
            ),
        }
        if code is None:
            return DingtalkError(detail, code=None, retryable=retryable)
        message = self.env._(
            "DingTalk error %(code)s: %(explanation)s",
            code=code,
            explanation=explanations.get(code) or detail or self.env._("unknown error"),
        )
        return DingtalkError(message, code=code, retryable=retryable)

    @api.model
    def _request(self, method, url, **kwargs):
        """One HTTP exchange; returns (status, decoded JSON or {})."""
        try:
            response = requests.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            _logger.warning(
                "DingTalk unreachable (%s %s): %s", method, url.split("?")[0], type(exc).__name__
            )
            raise self._error(
                None,
                self.env._("DingTalk could not be reached: %(error)s", error=type(exc).__name__),
                retryable=True,
            ) from exc
        if response.status_code >= 500:
            raise self._error(
                None,
                self.env._("DingTalk answered HTTP %(status)s", status=response.status_code),
                retryable=True,
            )
        try:
            answer = response.json() if response.content else {}
        except ValueError as exc:
            raise self._error(
                None, self.env._("DingTalk answered something that is not JSON."), retryable=True
            ) from exc
        return response.status_code, answer if isinstance(answer, dict) else {}

    @api.model
    def _fetch_token(self, app_key, app_secret):
        _status, answer = self._request(
            "GET",
            f"{self._base_url('oapi')}/gettoken",
            params={"appkey": app_key, "appsecret": app_secret},
        )
        code = answer.get("errcode")
        if code or not answer.get("access_token"):
            raise self._error(code, answer.get("errmsg", ""), retryable=code in RETRYABLE_CODES)
        return answer["access_token"], int(answer.get("expires_in") or 7200)

    @api.model
    def _check_answer(self, host, status, answer):
        """Raise the DingTalk error an answer carries, if any."""
        if host == "oapi":
            code = answer.get("errcode")
            if code == 88 and str(answer.get("sub_code")) == "40014":
                code = 40014
            if code:
                raise self._error(code, answer.get("errmsg", ""), retryable=code in RETRYABLE_CODES)
        elif status >= 400:
            code = answer.get("code") or f"HTTP {status}"
            if status == 401:
                code = "InvalidAuthentication"
            raise self._error(code, answer.get("message", ""), retryable=code in RETRYABLE_CODES)

    @api.model
    def _call(self, company, method, host, path, params=None, body=None):
        """Call DingTalk as the company's app; returns the decoded answer or raises
        DingtalkError."""
        Token = self.env["dingtalk.token"]
        token = Token._get_token(company)
        token_retried = rate_retried = False
        while True:
            query = dict(params or {})
            headers = {"Content-Type": "application/json;charset=utf-8"}
            if host == "oapi":
                query["access_token"] = token
            else:
                headers["x-acs-dingtalk-access-token"] = token
            status, answer = self._request(
                method,
                f"{self._base_url(host)}{path}",
                params=query,
                json=body if method != "GET" else None,
                headers=headers,
            )
            try:
                self._check_answer(host, status, answer)
            except DingtalkError as error:
                if error.code in INVALID_TOKEN_CODES and not token_retried:
                    token_retried = True
                    token = Token._get_token(company, stale_token=token)
                    continue
                if error.code in RATE_LIMIT_CODES and not rate_retried:
                    rate_retried = True
                    time.sleep(RATE_LIMIT_WAIT)
                    continue
                raise
            return answer

    @api.model
    def _oauth_user(self, company, code):
        """Browser sign-in: exchange the OAuth code for a user token, then read who it is.
        Returns the profile ({unionId, nick, mobile, …}) with the token's ``corpId``."""
        company = company.sudo()
        if not code:
            raise self._error(None, self.env._("DingTalk sent no authorisation code."))
        status, answer = self._request(
            "POST",
            f"{self._base_url('api')}/v1.0/oauth2/userAccessToken",
            json={
                "clientId": company.dingtalk_app_key,
                "clientSecret": company.dingtalk_app_secret,
                "code": code,
                "grantType": "authorization_code",
            },
        )
        self._check_answer("api", status, answer)
        status, profile = self._request(
            "GET",
            f"{self._base_url('api')}/v1.0/contact/users/me",
            headers={"x-acs-dingtalk-access-token": answer.get("accessToken") or ""},
        )
        self._check_answer("api", status, profile)
        return dict(profile, corpId=answer.get("corpId"))

    @api.model
    def _test_connection(self, company):
        """Fetch a token and read the root department: proves credentials and permissions."""
        self.env["dingtalk.token"]._get_token(company)
        return self._call(company, "POST", "oapi", "/topapi/v2/department/get", body={"dept_id": 1})
