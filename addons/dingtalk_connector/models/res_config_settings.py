# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dingtalk_corp_id = fields.Char(related="company_id.dingtalk_corp_id", readonly=False)
    dingtalk_agent_id = fields.Char(related="company_id.dingtalk_agent_id", readonly=False)
    dingtalk_app_key = fields.Char(related="company_id.dingtalk_app_key", readonly=False)
    dingtalk_big_deal_amount = fields.Monetary(
        related="company_id.dingtalk_big_deal_amount", readonly=False
    )
    dingtalk_app_secret = fields.Char(related="company_id.dingtalk_app_secret", readonly=False)
    dingtalk_callback_token = fields.Char(
        related="company_id.dingtalk_callback_token", readonly=False
    )
    dingtalk_callback_aes_key = fields.Char(
        related="company_id.dingtalk_callback_aes_key", readonly=False
    )
    dingtalk_callback_url = fields.Char(
        string="DingTalk Callback URL", compute="_compute_dingtalk_callback_url"
    )
    dingtalk_todo = fields.Boolean(related="company_id.dingtalk_todo", readonly=False)
    dingtalk_create_users = fields.Boolean(
        related="company_id.dingtalk_create_users", readonly=False
    )
    dingtalk_activity_type_ids = fields.Many2many(
        related="company_id.dingtalk_activity_type_ids", readonly=False
    )
    dingtalk_approval_check_minutes = fields.Integer(
        related="company_id.dingtalk_approval_check_minutes", readonly=False
    )

    @api.depends("company_id")
    def _compute_dingtalk_callback_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for settings in self:
            settings.dingtalk_callback_url = (
                f"{base_url.rstrip('/')}/dingtalk/callback/{settings.company_id.id}"
            )

    def action_dingtalk_test_connection(self):
        self.ensure_one()
        self.env["dingtalk.client"]._test_connection(self.company_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Connected to DingTalk: the credentials work."),
            },
        }
