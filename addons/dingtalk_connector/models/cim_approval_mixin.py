# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CimApprovalMixin(models.AbstractModel):
    _inherit = "cim.approval.mixin"

    def _dingtalk_approval_lines(self):
        """Plain-text summary of the document's lines for a DingTalk approval form."""
        return ""
