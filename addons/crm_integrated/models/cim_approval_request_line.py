# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CimApprovalRequestLine(models.Model):
    """One approver's decision on one step: who, when, what, why. Written once."""

    _name = "cim.approval.request.line"
    _description = "Approval Decision"
    _order = "request_id desc, step_sequence, id"

    request_id = fields.Many2one(
        "cim.approval.request", required=True, ondelete="cascade", index=True, readonly=True
    )
    name = fields.Char(related="request_id.name", string="Document")
    requester_id = fields.Many2one(related="request_id.requester_id")
    amount = fields.Monetary(related="request_id.amount")
    currency_id = fields.Many2one(related="request_id.currency_id")
    request_state = fields.Selection(related="request_id.state", string="Request Status")
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    step_id = fields.Many2one("cim.approval.rule.step", readonly=True, ondelete="restrict")
    step_name = fields.Char(string="Step", readonly=True)
    step_sequence = fields.Integer(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Approver", required=True, readonly=True, index=True
    )
    state = fields.Selection(
        [
            ("pending", "To Decide"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("skipped", "Not Needed"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    date = fields.Datetime(string="Decided On", readonly=True)
    comment = fields.Text(readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    followed_before = fields.Boolean(
        readonly=True,
        help="The approver followed the document before this step: they keep following it "
        "after deciding.",
    )
    is_mine = fields.Boolean(compute="_compute_is_mine")

    @api.depends_context("uid")
    def _compute_is_mine(self):
        for line in self:
            line.is_mine = line.user_id == self.env.user and line.state == "pending"

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Approval decisions are kept as a record and cannot be deleted.")
        )

    def write(self, vals):
        self.check_access("write")
        if not self.env.context.get("cim_approval_engine") or any(
            line.state != "pending" for line in self
        ):
            raise UserError(self.env._("An approval decision cannot be changed."))
        return super().write(vals)

    def action_open_document(self):
        return self.request_id.action_open_document()

    def action_cim_approve(self):
        return self._cim_decision_wizard("approve")

    def action_cim_reject(self):
        return self._cim_decision_wizard("reject")

    def _cim_decision_wizard(self, decision):
        self.ensure_one()
        return self.request_id._cim_decision_action(decision)
