# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class CrmWeeklyReport(models.AbstractModel):
    _inherit = "crm.weekly.report"

    @api.model
    def _figures(self, company, teams, start, end):
        """The week's SLA breaches (escalations) of service tickets, for a sales team those
        of its members' customers."""
        figures = super()._figures(company, teams, start, end)
        domain = [
            ("company_id", "=", company.id),
            ("escalated_date", ">=", start),
            ("escalated_date", "<=", end),
        ]
        if teams is not None:
            users = teams.member_ids | teams.user_id
            domain.append(("ticket_id.commercial_partner_id.user_id", "in", users.ids))
        breaches = self.env["service.ticket.sla.status"].sudo().search_count(domain)
        figures.append((self.env._("SLA breaches (service)"), str(breaches), breaches))
        return figures
