# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac
import logging
import time
import uuid
from urllib.parse import quote_plus, urlsplit

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

ROBOT_TIMEOUT = 10  # seconds; DingTalk answers robots in well under a second


class DingtalkRobot(models.Model):
    """A DingTalk group robot (自定义机器人) reached through its signed webhook."""

    _name = "dingtalk.robot"
    _description = "DingTalk Group Robot"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    purpose = fields.Selection(
        [
            ("sales", "Sales (big deals won)"),
            ("service", "Service (SLA breaches)"),
            ("management", "Management (weekly report)"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    webhook_url = fields.Char(
        string="Webhook URL",
        groups="base.group_system",
        help="The robot's webhook, https://oapi.dingtalk.com/robot/send?access_token=…",
    )
    secret = fields.Char(
        groups="base.group_system",
        help="The robot's signing secret (加签), starting with SEC.",
    )
    last_sent = fields.Datetime(readonly=True)
    last_error = fields.Char(readonly=True)

    @api.constrains("webhook_url")
    def _check_webhook_url(self):
        for robot in self.sudo():
            url = robot.webhook_url
            if url and (
                urlsplit(url).scheme not in ("http", "https") or "access_token=" not in url
            ):
                raise ValidationError(
                    self.env._(
                        "The webhook of robot %(robot)s must be an http(s) URL "
                        "with an access_token.",
                        robot=robot.name,
                    )
                )

    @staticmethod
    def _sign(secret, timestamp_ms):
        """DingTalk robot signature: base64(HMAC-SHA256(secret, "ts\\nsecret")), URL-encoded."""
        string_to_sign = f"{timestamp_ms}\n{secret}".encode()
        digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
        return quote_plus(base64.b64encode(digest))

    def _signed_url(self, timestamp_ms=None):
        self.ensure_one()
        robot = self.sudo()
        if not robot.webhook_url:
            raise UserError(self.env._("Robot %(robot)s has no webhook URL.", robot=robot.name))
        if not robot.secret:
            return robot.webhook_url
        timestamp_ms = timestamp_ms or int(time.time() * 1000)
        return (
            f"{robot.webhook_url}&timestamp={timestamp_ms}"
            f"&sign={self._sign(robot.secret, timestamp_ms)}"
        )

    # DingTalk answers that are worth trying again later: throttled, busy, QPS limits
    RETRYABLE_CODES = {-1, 410100, 90018, 90002, 130101}

    def _deliver(self, payload):
        """Send one message now. Returns (ok, retryable, error message); never raises."""
        self.ensure_one()
        try:
            response = requests.post(
                self._signed_url(),
                json=payload,
                headers={"Content-Type": "application/json;charset=utf-8"},
                timeout=ROBOT_TIMEOUT,
            )
            if response.status_code >= 500:
                return (
                    False,
                    True,
                    self.env._("DingTalk answered HTTP %(status)s", status=response.status_code),
                )
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            _logger.warning("DingTalk robot %s unreachable: %s", self.id, type(exc).__name__)
            return (
                False,
                True,
                self.env._("DingTalk could not be reached: %(error)s", error=type(exc).__name__),
            )
        except UserError as exc:
            return False, False, str(exc)
        code = answer.get("errcode")
        if code:
            message = self.env._(
                "DingTalk refused the message (code %(code)s): %(msg)s",
                code=code,
                msg=answer.get("errmsg", ""),
            )
            return False, code in self.RETRYABLE_CODES, message
        return True, False, False

    def _post(self, payload):
        """Send one message now (interactive use); raise a clear error on failure."""
        self.ensure_one()
        payload = dict(payload, msgUuid=payload.get("msgUuid") or uuid.uuid4().hex)
        ok, _retryable, error = self._deliver(payload)
        if not ok:
            self.sudo().last_error = error
            raise UserError(error)
        self.sudo().write({"last_sent": fields.Datetime.now(), "last_error": False})
        return True

    def _enqueue_markdown(self, title, text, key=None):
        """Queue a markdown message: the cron sends it, with retries, exactly once."""
        self.ensure_one()
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        return self.env["dingtalk.outbox"]._enqueue(self, title, payload, key or uuid.uuid4().hex)

    def send_markdown(self, title, text):
        return self._post({"msgtype": "markdown", "markdown": {"title": title, "text": text}})

    def action_send_test(self):
        self.ensure_one()
        self.send_markdown(
            self.env._("Test message"),
            self.env._(
                "#### Odoo is connected\nThis robot will post: %(purpose)s",
                purpose=dict(self._fields["purpose"]._description_selection(self.env))[
                    self.purpose
                ],
            ),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The test message was delivered to DingTalk."),
            },
        }
