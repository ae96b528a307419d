# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dingtalk_corp_id = fields.Char(related="company_id.dingtalk_corp_id", readonly=False)
    dingtalk_agent_id = fields.Char(related="company_id.dingtalk_agent_id", readonly=False)
    dingtalk_app_key = fields.Char(related="company_id.dingtalk_app_key", readonly=False)
    dingtalk_big_deal_amount = fields.Monetary(
        related="company_id.dingtalk_big_deal_amount", readonly=False
    )
    dingtalk_app_secret = fields.Char(related="company_id.dingtalk_app_secret", readonly=False)
