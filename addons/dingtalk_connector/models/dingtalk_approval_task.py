# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class DingtalkApprovalTask(models.Model):
    """A decision taken in DingTalk on an approval instance (one approval task). Recorded
    once per task id: a repeated callback or a catch-up read does nothing twice."""

    _name = "dingtalk.approval.task"
    _description = "DingTalk Approval Decision"
    _order = "request_id desc, id"

    request_id = fields.Many2one(
        "cim.approval.request", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    task_id = fields.Char(string="DingTalk Task Id", required=True, readonly=True)
    staff_id = fields.Char(string="DingTalk userid", readonly=True)
    user_id = fields.Many2one("res.users", string="Approver", readonly=True)
    result = fields.Selection(
        [("agree", "Agreed"), ("refuse", "Refused")], required=True, readonly=True
    )
    remark = fields.Text(string="Comment", readonly=True)

    _sql_constraints = [
        ("task_uniq", "unique(request_id, task_id)", "A DingTalk decision is recorded once."),
    ]
