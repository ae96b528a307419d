# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dingtalk_corp_id = fields.Char(string="DingTalk CorpId")
    dingtalk_agent_id = fields.Char(string="DingTalk AgentId")
    dingtalk_app_key = fields.Char(string="DingTalk AppKey", groups="base.group_system")
    dingtalk_app_secret = fields.Char(string="DingTalk AppSecret", groups="base.group_system")
    dingtalk_big_deal_amount = fields.Monetary(
        string="Big Deal Amount",
        currency_field="currency_id",
        help="Won opportunities with at least this expected revenue are announced by the "
        "sales robots. 0 = never.",
    )
