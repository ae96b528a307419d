# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CimApprovalRule(models.Model):
    _inherit = "cim.approval.rule"

    dingtalk_enabled = fields.Boolean(
        string="Run in DingTalk",
        help="Requests of this rule become DingTalk approval instances (审批实例); DingTalk's "
        "decisions approve or reject the document in Odoo.",
    )
    dingtalk_process_code = fields.Char(
        string="DingTalk Process Code",
        help="The process code (processCode, e.g. PROC-FF6Y4BE1-…) of the approval form in "
        "the DingTalk console (OA审批 → 表单管理).",
    )
    dingtalk_send_approvers = fields.Boolean(
        string="Send Odoo Approvers",
        help="Send the approvers of this rule's steps to DingTalk (the form's approval "
        "process must allow the originator to choose them: 自选审批人). Otherwise DingTalk's "
        "process decides who approves.",
    )
    dingtalk_form_field_ids = fields.One2many(
        "dingtalk.approval.form.field", "rule_id", string="DingTalk Form", copy=True
    )

    @api.constrains("dingtalk_enabled", "dingtalk_process_code")
    def _check_dingtalk_process_code(self):
        for rule in self:
            if rule.dingtalk_enabled and not (rule.dingtalk_process_code or "").strip():
                raise ValidationError(
                    self.env._(
                        "Approval rule %s runs in DingTalk: give its DingTalk process code.",
                        rule.name,
                    )
                )
