# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "active", "member_ids", "crm_team_member_ids"} & set(vals):
            self.env["res.users"]._cim_scope_changed()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._cim_scope_changed()
        return res
