# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class MemberPortal(CustomerPortal):
    """/my/points: the member's tier, balance, points expiring soon and ledger."""

    def _member_card(self):
        partner = request.env.user.partner_id
        partners = partner | partner.commercial_partner_id
        # the portal user reads only its own cards: the search runs as superuser on them
        return (
            request.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("program_id.ledger_locked", "=", True),
                    ("program_id.company_id", "in", [request.env.company.id, False]),
                ],
                order="id",
                limit=1,
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "member_points" in counters:
            card = self._member_card()
            values["member_points"] = int(card.points) if card else 0
        return values

    @route("/my/points", type="http", auth="user", website=True)
    def portal_my_points(self, **kwargs):
        card = self._member_card()
        today = fields.Date.context_today(card) if card else None
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "member_points",
                "card": card,
                "today": today,
                "lines": card.history_ids.sorted(lambda line: (line.date, line.id), reverse=True)[
                    :100
                ]
                if card
                else [],
            }
        )
        return request.render("member_loyalty.portal_my_points", values)
