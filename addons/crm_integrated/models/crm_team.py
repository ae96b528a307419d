# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["crm.team", "cim.customer.scope.mixin"]
    _cim_scope_fields = ("user_id", "active", "member_ids", "crm_team_member_ids")
