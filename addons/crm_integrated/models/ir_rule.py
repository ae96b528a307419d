# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """The salesperson's customer scope as two id lists, for the customer rule: it then
        compiles to two ``IN`` tests instead of paths through teams, members and pools on
        every query on partners (see ``res.users._cim_customer_scope``)."""
        context = super()._eval_context()
        user_ids, pool_ids = self.env.user._cim_customer_scope()
        context.update(cim_scope_user_ids=list(user_ids), cim_scope_pool_ids=list(pool_ids))
        return context
