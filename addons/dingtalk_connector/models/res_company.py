# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dingtalk_corp_id = fields.Char(string="DingTalk CorpId")
    dingtalk_agent_id = fields.Char(string="DingTalk AgentId")
    dingtalk_app_key = fields.Char(string="DingTalk AppKey", groups="base.group_system")
    dingtalk_app_secret = fields.Char(string="DingTalk AppSecret", groups="base.group_system")
    dingtalk_callback_token = fields.Char(
        string="DingTalk Callback Token",
        groups="base.group_system",
        help="The token of the event subscription (事件订阅), 3 to 32 letters and digits.",
    )
    dingtalk_callback_aes_key = fields.Char(
        string="DingTalk Callback AES Key",
        groups="base.group_system",
        help="The 43-character aes_key (EncodingAESKey) of the event subscription.",
    )
    dingtalk_create_users = fields.Boolean(
        string="Create Missing Users",
        help="The contacts sync creates an internal Odoo user for each active DingTalk user "
        "it cannot match by mobile or e-mail.",
    )
    dingtalk_big_deal_amount = fields.Monetary(
        string="Big Deal Amount",
        currency_field="currency_id",
        help="Won opportunities with at least this expected revenue are announced by the "
        "sales robots. 0 = never.",
    )
    dingtalk_todo = fields.Boolean(
        string="DingTalk To-dos",
        help="Activities sent to DingTalk also become DingTalk to-dos (待办), completed in "
        "both directions.",
    )
    dingtalk_activity_type_ids = fields.Many2many(
        "mail.activity.type",
        "dingtalk_company_activity_type_rel",
        "company_id",
        "activity_type_id",
        string="Activity Types Sent to DingTalk",
        help="Activities of these types assigned to a user linked to DingTalk become work "
        "notifications.",
    )
    dingtalk_approval_check_minutes = fields.Integer(
        string="Approval Catch-up Delay (minutes)",
        default=30,
        help="Approvals running in DingTalk for longer than this are read from DingTalk by "
        "a periodic check, in case a callback was missed.",
    )
