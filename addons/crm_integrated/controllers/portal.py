# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class CimCustomerPortal(CustomerPortal):
    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        """A quotation still waiting for its internal approval cannot be signed: the
        customer gets a clear message and the quotation stays as it is (not signed)."""
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return super().portal_quote_accept(
                order_id, access_token=access_token, name=name, signature=signature
            )
        if order_sudo._has_to_be_signed() and order_sudo._cim_approval_missing():
            return {"error": order_sudo._cim_portal_approval_message()}
        return super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )
