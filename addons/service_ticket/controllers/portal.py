# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ServiceTicketPortal(CustomerPortal):
    """/my/tickets: the customer's company's tickets (record rules decide), submit, follow."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_ticket_count" in counters:
            Ticket = request.env["service.ticket"]
            values["service_ticket_count"] = (
                Ticket.search_count([]) if Ticket.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_tickets(self, page=1, sortby=None, filterby=None, **kw):
        Ticket = request.env["service.ticket"]
        values = self._prepare_portal_layout_values()
        sortings = {
            "date": {"label": request.env._("Newest"), "order": "create_date desc, id desc"},
            "stage": {"label": request.env._("Stage"), "order": "stage_id, id desc"},
        }
        filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": request.env._("Closed"), "domain": [("is_closed", "=", True)]},
        }
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = filters[filterby]["domain"]
        total = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/tickets",
            url_args={"sortby": sortby, "filterby": filterby},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_tickets_history"] = tickets.ids[:100]
        values.update(
            {
                "tickets": tickets,
                "page_name": "service_ticket",
                "pager": pager,
                "default_url": "/my/tickets",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("service_ticket.portal_my_tickets", values)

    @http.route(["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access("service.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            ticket_sudo, access_token, {"page_name": "service_ticket", "ticket": ticket_sudo},
            "my_tickets_history", False, **kw,
        )  # fmt: skip
        values["rating_token"] = ticket_sudo._service_portal_rating_token()
        return request.render("service_ticket.portal_my_ticket", values)

    @http.route(["/my/tickets/new"], type="http", auth="user", website=True, methods=["GET"])
    def portal_ticket_new(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "service_ticket_new",
                "problem_types": request.env["service.problem.type"].sudo().search([]),
                "equipments": request.env["service.ticket"]._service_portal_equipments(),
                "error": kw.get("error"),
            }
        )
        return request.render("service_ticket.portal_ticket_new", values)

    @http.route(["/my/tickets/submit"], type="http", auth="user", website=True, methods=["POST"])
    def portal_ticket_submit(self, name="", description="", problem_type_id=None, **kw):
        if not name.strip():
            return request.redirect("/my/tickets/new?error=name")
        ticket = request.env["service.ticket"]._service_portal_create(
            {
                "name": name.strip(),
                "description": Markup("<br/>").join(description.splitlines())
                if description
                else False,
                "problem_type_id": int(problem_type_id) if problem_type_id else False,
                "equipment_id": int(kw["equipment_id"]) if kw.get("equipment_id") else False,
            }
        )
        return request.redirect(ticket.access_url)

    @http.route(
        ["/my/tickets/<int:ticket_id>/confirm"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_ticket_confirm(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access("service.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        ticket_sudo.action_customer_confirm(name=request.env.user.partner_id.name)
        return request.redirect(ticket_sudo.access_url)
