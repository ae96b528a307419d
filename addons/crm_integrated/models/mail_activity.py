# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking an approval to-do done approves the step (feedback = comment)."""
        lines = (
            self.env["cim.approval.request.line"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "pending")])
        )
        for line in lines:
            line.request_id.sudo(False).with_context(
                cim_keep_activity=line.activity_id.id
            )._cim_decide(True, feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
