# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models, tools


class ResUsers(models.Model):
    _inherit = "res.users"

    @tools.ormcache("self.id")
    def _cim_customer_scope(self):
        """(user ids, pool ids) whose customers this user sees besides the partners that
        are nobody's: the user and the members of the teams they lead, and the pools open
        to everybody or to one of their teams. Cached like the record rules that use it;
        team, membership and pool changes clear it (``_cim_scope_changed``)."""
        self.ensure_one()
        if not self.id:
            return (), ()
        members = (
            self.env["crm.team.member"]
            .sudo()
            .search([("crm_team_id.user_id", "=", self.id)])
            .user_id
        )
        pools = (
            self.env["crm.customer.pool"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("team_ids", "=", False),
                    ("team_ids.crm_team_member_ids.user_id", "=", self.id),
                ]
            )
        )
        return tuple(sorted({self.id, *members.ids})), tuple(pools.ids)

    def _cim_scope_changed(self):
        """Teams, memberships or pools changed: the record rules are computed again."""
        self.env.registry.clear_cache()
