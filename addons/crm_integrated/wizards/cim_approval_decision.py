# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CimApprovalDecision(models.TransientModel):
    _name = "cim.approval.decision"
    _description = "Approve or Reject"

    request_id = fields.Many2one("cim.approval.request", required=True, readonly=True)
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, readonly=True
    )
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.request_id._cim_decide(self.decision == "approve", self.comment)
        return {"type": "ir.actions.act_window_close"}
