# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmTeamMember(models.Model):
    _name = "crm.team.member"
    _inherit = ["crm.team.member", "cim.customer.scope.mixin"]
    _cim_scope_fields = ("user_id", "crm_team_id", "active")
