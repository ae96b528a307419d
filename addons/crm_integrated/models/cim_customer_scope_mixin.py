# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class CimCustomerScopeMixin(models.AbstractModel):
    """What the salespeople's customer scope is made of (teams, memberships, pools): any
    change clears the cached scope (``res.users._cim_customer_scope``) and so the record
    rules computed from it."""

    _name = "cim.customer.scope.mixin"
    _description = "Customer Scope Source"
    _cim_scope_fields = ()  # the fields whose change moves a scope

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["res.users"]._cim_scope_changed()
        return records

    def write(self, vals):
        res = super().write(vals)
        if set(self._cim_scope_fields) & set(vals):
            self.env["res.users"]._cim_scope_changed()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._cim_scope_changed()
        return res
