# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hmac
import json
import logging
import secrets
import time
from urllib.parse import urlencode

from werkzeug.urls import url_parse

from odoo import http
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request

from odoo.addons.web.controllers.utils import _get_login_redirect_url

from ..lib.callback_crypto import CallbackCrypto, CallbackCryptoError

_logger = logging.getLogger(__name__)

TIMESTAMP_TOLERANCE_MS = 10 * 60 * 1000  # older (or newer) callbacks are refused
MAX_BODY_BYTES = 256 * 1024


class DingtalkController(http.Controller):
    def _refuse(self, status, reason):
        """Malformed or hostile input: a 4xx and a warning, never a 500."""
        _logger.warning(
            "DingTalk callback refused (%s) from %s: %s",
            status,
            request.httprequest.remote_addr,
            reason,
        )
        return request.make_json_response({"errcode": status, "errmsg": reason}, status=status)

    @http.route(
        "/dingtalk/callback/<int:company_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def dingtalk_callback(self, company_id, **query):
        try:
            return self._dingtalk_callback(company_id, query)
        except Exception as exc:  # noqa: BLE001 - DingTalk must never see a 500 for bad input
            _logger.warning("DingTalk callback failed: %s", type(exc).__name__, exc_info=True)
            return request.make_json_response({"errcode": 400, "errmsg": "bad request"}, status=400)

    def _dingtalk_callback(self, company_id, query):
        signature = query.get("msg_signature") or query.get("signature")
        timestamp = query.get("timestamp") or query.get("timeStamp")
        nonce = query.get("nonce")
        if not (
            isinstance(signature, str) and isinstance(timestamp, str) and isinstance(nonce, str)
        ) or not (signature and timestamp.isdigit() and 0 < len(nonce) <= 64):
            return self._refuse(400, "missing signature, timestamp or nonce")
        company = request.env["res.company"].sudo().browse(company_id).exists()
        if not company or not company.dingtalk_callback_token:
            return self._refuse(404, "no DingTalk callback configured")
        raw = request.httprequest.get_data()
        if len(raw) > MAX_BODY_BYTES:
            return self._refuse(400, "body too large")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return self._refuse(400, "body is not JSON")
        encrypt = body.get("encrypt") if isinstance(body, dict) else None
        if not isinstance(encrypt, str) or not encrypt:
            return self._refuse(400, "no encrypt field")
        try:
            crypto = CallbackCrypto(
                company.dingtalk_callback_token,
                company.dingtalk_callback_aes_key,
                (company.dingtalk_app_key, company.dingtalk_corp_id),
            )
        except CallbackCryptoError as exc:
            return self._refuse(404, f"callback misconfigured: {exc}")
        if not crypto.verify(signature, timestamp, nonce, encrypt):
            return self._refuse(403, "bad signature")
        if abs(time.time() * 1000 - int(timestamp)) > TIMESTAMP_TOLERANCE_MS:
            return self._refuse(403, "stale timestamp")
        try:
            message = json.loads(crypto.decrypt(encrypt))
        except (CallbackCryptoError, ValueError) as exc:
            return self._refuse(400, f"cannot decrypt: {exc}")
        if not isinstance(message, dict):
            return self._refuse(400, "the event is not a JSON object")
        outcome = request.env["dingtalk.event"].sudo()._receive(company, nonce, message)
        if outcome == "replay":
            return self._refuse(403, "replayed nonce")
        return request.make_json_response(crypto.reply("success"))

    # -- sign-in inside the DingTalk client (免登) -----------------------------------------
    def _signin_page(self, company, message=None, status=200, redirect="/odoo"):
        values = {
            "company": company,
            "corp_id": company.dingtalk_corp_id if company else "",
            "message": message,
            "redirect": redirect,
        }
        return request.render("dingtalk_connector.signin_page", values, status=status)

    @staticmethod
    def _safe_redirect(redirect):
        """Only paths on this server: never an open redirect."""
        if (
            not isinstance(redirect, str)
            or not redirect.startswith("/")
            or redirect.startswith("//")
        ):
            return "/odoo"
        parsed = url_parse(redirect)
        return "/odoo" if parsed.scheme or parsed.netloc else redirect

    @http.route("/dingtalk/signin", type="http", auth="public", methods=["GET"], website=False)
    def dingtalk_signin(self, company_id=None, code=None, redirect=None, **_kw):
        Company = request.env["res.company"].sudo()
        company = Company.browse(int(company_id)).exists() if str(company_id).isdigit() else None
        company = company or Company.search([("dingtalk_app_key", "!=", False)], limit=1)
        redirect = self._safe_redirect(redirect)
        if not company or not company.dingtalk_app_key:
            return self._signin_page(
                None, request.env._("DingTalk sign-in is not configured."), status=404
            )
        if not code:
            # inside DingTalk: the page asks the client for an auth code, then comes back
            return self._signin_page(company, redirect=redirect)
        try:
            answer = (
                request.env["dingtalk.client"]
                .sudo()
                ._call(company, "POST", "oapi", "/topapi/v2/user/getuserinfo", body={"code": code})
            )
        except UserError as exc:
            _logger.warning("DingTalk sign-in refused by DingTalk: %s", exc)
            return self._signin_page(
                company,
                request.env._("DingTalk could not confirm who you are: %(error)s", error=str(exc)),
                status=403,
            )
        userid = (answer.get("result") or {}).get("userid")
        user = (
            request.env["res.users"]
            .sudo()
            .search(
                [
                    ("dingtalk_userid", "=", userid or "-"),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                ],
                limit=1,
            )
        )
        if not userid or not user:
            return self._refuse_unlinked(company)
        return self._signin_as(company, user, redirect)

    def _signin_as(self, company, user, redirect):
        """DingTalk vouched for ``user``: open an Odoo session for them."""
        token = user._dingtalk_signin_token()
        request.env.cr.commit()  # visible to authenticate()'s own transaction
        credential = {"login": user.login, "token": token, "type": "dingtalk"}
        try:
            auth_info = request.session.authenticate(request.db, credential)
        except AccessDenied:
            return self._signin_page(
                company, request.env._("Your Odoo user cannot sign in."), status=403
            )
        response = request.redirect(_get_login_redirect_url(auth_info["uid"], redirect), 303)
        response.autocorrect_location_header = False
        return response

    def _refuse_unlinked(self, company):
        _logger.info("DingTalk sign-in: no Odoo user linked to a DingTalk user")
        return self._signin_page(
            company,
            request.env._(
                "Your DingTalk account is not linked to an Odoo user of %(company)s. "
                "Ask your administrator to synchronise the DingTalk contacts.",
                company=company.name,
            ),
            status=403,
        )

    # -- sign-in in a browser: DingTalk QR code / OAuth 2 ----------------------------------
    @http.route("/dingtalk/oauth/start", type="http", auth="public", methods=["GET"])
    def dingtalk_oauth_start(self, company_id=None, redirect=None, **_kw):
        Company = request.env["res.company"].sudo()
        company = Company.browse(int(company_id)).exists() if str(company_id).isdigit() else None
        company = company or Company.search([("dingtalk_app_key", "!=", False)], limit=1)
        if not company or not company.dingtalk_app_key:
            return self._signin_page(
                None, request.env._("DingTalk sign-in is not configured."), status=404
            )
        state = secrets.token_urlsafe(24)
        request.session["dingtalk_oauth"] = {
            "state": state,
            "company_id": company.id,
            "redirect": self._safe_redirect(redirect),
        }
        params = {
            "redirect_uri": f"{request.env['res.company'].get_base_url()}/dingtalk/oauth/callback",
            "response_type": "code",
            "client_id": company.dingtalk_app_key,
            "scope": "openid corpid",
            "state": state,
            "prompt": "consent",
        }
        login_url = request.env["dingtalk.client"].sudo()._base_url("login")
        return request.redirect(f"{login_url}/oauth2/auth?{urlencode(params)}", local=False)

    @http.route("/dingtalk/oauth/callback", type="http", auth="public", methods=["GET"])
    def dingtalk_oauth_callback(self, state=None, authCode=None, code=None, **_kw):
        pending = request.session.pop("dingtalk_oauth", None) or {}
        company = request.env["res.company"].sudo().browse(pending.get("company_id")).exists()
        expected = pending.get("state") or ""
        if (
            not company
            or not isinstance(state, str)
            or not expected
            or not hmac.compare_digest(state.encode(), expected.encode())
        ):
            _logger.warning("DingTalk OAuth callback with a wrong or missing state")
            return self._signin_page(
                company or None,
                request.env._("This sign-in link has expired; please start again."),
                status=403,
            )
        try:
            profile = request.env["dingtalk.client"].sudo()._oauth_user(company, authCode or code)
        except UserError as exc:
            _logger.warning("DingTalk OAuth sign-in refused by DingTalk: %s", exc)
            return self._signin_page(
                company,
                request.env._("DingTalk could not confirm who you are: %(error)s", error=str(exc)),
                status=403,
            )
        if profile.get("corpId") and company.dingtalk_corp_id not in (
            None,
            False,
            profile["corpId"],
        ):
            _logger.warning("DingTalk OAuth sign-in from another organisation refused")
            return self._signin_page(
                company,
                request.env._("This DingTalk account belongs to another organisation."),
                status=403,
            )
        user = (
            request.env["res.users"]
            .sudo()
            .search(
                [
                    ("dingtalk_unionid", "=", profile.get("unionId") or "-"),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                ],
                limit=1,
            )
        )
        if not user:
            return self._refuse_unlinked(company)
        return self._signin_as(company, user, pending.get("redirect") or "/odoo")
