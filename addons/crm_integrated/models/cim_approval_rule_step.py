# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CimApprovalRuleStep(models.Model):
    _name = "cim.approval.rule.step"
    _description = "Approval Step"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("cim.approval.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    approver_type = fields.Selection(
        [
            ("manager", "Requester's Manager"),
            ("group", "Members of a Group"),
            ("user", "Specific Users"),
        ],
        string="Approved By",
        required=True,
        default="manager",
        help="Requester's manager: the leader of the sales team of the document (CRM has no "
        "HR hierarchy); when the requester leads the team, the sales managers approve.",
    )
    group_id = fields.Many2one("res.groups", string="Approver Group")
    user_ids = fields.Many2many(
        "res.users", string="Approver Users", domain=[("share", "=", False)]
    )
    mode = fields.Selection(
        [("any", "Any One Approves"), ("all", "All Must Approve")],
        required=True,
        default="any",
    )

    @api.constrains("approver_type", "group_id", "user_ids")
    def _check_approvers(self):
        for step in self:
            if step.approver_type == "group" and not step.group_id:
                raise ValidationError(self.env._("Step %s needs a group.", step.name))
            if step.approver_type == "user" and not step.user_ids:
                raise ValidationError(self.env._("Step %s needs at least one user.", step.name))

    def _cim_approvers(self, record, requester):
        """Internal users who approve this step for ``record``; never the requester or the
        document's salesperson (nobody approves their own request)."""
        self.ensure_one()
        excluded = requester | record._cim_approval_owner()
        if self.approver_type == "user":
            users = self.user_ids
        elif self.approver_type == "group":
            users = self.group_id.sudo().users
        else:
            users = record._cim_approval_manager(requester)
            if not users or users <= excluded:
                users = self.env.ref("sales_team.group_sale_manager").sudo().users
        return (users - excluded).filtered(lambda u: u.active and not u.share)
