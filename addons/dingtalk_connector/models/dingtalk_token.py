# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

REFRESH_MARGIN = timedelta(minutes=10)  # refresh this long before DingTalk's expiry


class DingtalkToken(models.Model):
    """The access token of one DingTalk app, shared by every Odoo worker.

    Read without a lock while valid; refreshed under a row lock so that concurrent workers
    fetch it once and all use the same token."""

    _name = "dingtalk.token"
    _description = "DingTalk Access Token"

    app_key = fields.Char(required=True, readonly=True, index=True)
    access_token = fields.Char(readonly=True)
    expires_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("app_key_uniq", "unique(app_key)", "One access token per DingTalk app."),
    ]

    @api.model
    def _get_token(self, company, stale_token=None):
        """A valid access token for the company's app. ``stale_token``: DingTalk refused
        this token, fetch another one unless a concurrent worker already did."""
        company = company.sudo()
        app_key, app_secret = company.dingtalk_app_key, company.dingtalk_app_secret
        client = self.env["dingtalk.client"]
        if not app_key or not app_secret:
            raise client._error(None, self.env._("DingTalk is not configured for this company."))
        limit = fields.Datetime.now() + REFRESH_MARGIN
        cached = self.sudo().search([("app_key", "=", app_key)], limit=1)
        if cached.access_token and cached.expires_at > limit and cached.access_token != stale_token:
            return cached.access_token
        cr = self.env.cr
        self.flush_model()
        cr.execute(
            SQL(
                """INSERT INTO dingtalk_token
                          (app_key, create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (app_key) DO NOTHING""",
                app_key,
                self.env.uid,
                self.env.uid,
            )
        )
        cr.execute(
            SQL(
                """SELECT id, access_token, expires_at FROM dingtalk_token
                    WHERE app_key = %s FOR UPDATE""",
                app_key,
            )
        )
        token_id, token, expires_at = cr.fetchone()
        if token and expires_at and expires_at > limit and token != stale_token:
            self.invalidate_model()
            return token  # another worker refreshed it while we waited for the lock
        token, expires_in = client._fetch_token(app_key, app_secret)
        cr.execute(
            SQL(
                """UPDATE dingtalk_token SET access_token = %s, expires_at = %s,
                          write_date = now() at time zone 'UTC' WHERE id = %s""",
                token,
                fields.Datetime.now() + timedelta(seconds=expires_in),
                token_id,
            )
        )
        self.invalidate_model()
        return token
