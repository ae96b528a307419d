# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

FAPIAO_FIELDS = (
    "cim_invoice_title",
    "cim_invoice_taxpayer_id",
    "cim_invoice_bank",
    "cim_invoice_bank_account",
    "cim_invoice_address_phone",
    "cim_invoice_type",
    "cim_invoice_mailing_address",
)


class CimInvoiceRequest(models.Model):
    """开票申请: the customer confirmed receipt, finance invoices with the customer's fapiao
    details (as they were when requested) and records the fapiao and courier numbers."""

    _name = "cim.invoice.request"
    _inherit = ["mail.thread"]
    _description = "Invoice Request"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, default="/")
    order_id = fields.Many2one("sale.order", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount = fields.Monetary(readonly=True)
    order_line_ids = fields.Many2many("sale.order.line", string="Order Lines", readonly=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("invoiced", "Invoiced"),
            ("sent", "Fapiao Sent"),
            ("cancelled", "Cancelled"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    cim_invoice_title = fields.Char(string="Invoice Title", readonly=True)
    cim_invoice_taxpayer_id = fields.Char(string="Taxpayer ID", readonly=True)
    cim_invoice_bank = fields.Char(string="Bank", readonly=True)
    cim_invoice_bank_account = fields.Char(string="Bank Account", readonly=True)
    cim_invoice_address_phone = fields.Char(string="Address and Phone", readonly=True)
    cim_invoice_type = fields.Selection(
        [("special", "Special VAT invoice (专票)"), ("ordinary", "Ordinary VAT invoice (普票)")],
        string="Invoice Type",
        readonly=True,
    )
    cim_invoice_mailing_address = fields.Char(string="Invoice Mailing Address", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    fapiao_number = fields.Char(tracking=True, copy=False)
    tracking_number = fields.Char(string="Courier Tracking Number", tracking=True, copy=False)

    def _cim_create_for(self, orders):
        """One request per order, with the lines still to invoice."""
        values = []
        for order in orders:
            partner = order.partner_invoice_id.commercial_partner_id
            lines = order.order_line.filtered(lambda ln: not ln.display_type)
            values.append(
                dict(
                    {field: partner[field] for field in FAPIAO_FIELDS},
                    name=order.name,
                    order_id=order.id,
                    partner_id=partner.id,
                    amount=order.amount_to_invoice or order.amount_total,
                    order_line_ids=[(6, 0, lines.ids)],
                )
            )
        return self.sudo().create(values).sudo(False)

    def action_create_invoice(self):
        """Finance: the draft invoice, fapiao details in its notes."""
        self.check_access("write")
        for request in self:
            if request.state != "requested":
                raise UserError(self.env._("%s is already invoiced.", request.name))
            invoice = request.order_id._create_invoices()
            details = Markup("<br/>").join(
                f"{request._fields[field].get_description(self.env)['string']}: "
                f"{request._fields[field].convert_to_export(request[field], request)}"
                for field in FAPIAO_FIELDS
                if request[field]
            )
            invoice.write({"narration": details})
            request.write({"invoice_id": invoice.id, "state": "invoiced"})
        return self.action_view_invoice() if len(self) == 1 else True

    def action_mark_sent(self):
        for request in self:
            if not request.fapiao_number:
                raise UserError(self.env._("Enter the fapiao number first."))
            if "fapiao" in request.invoice_id._fields:  # l10n_cn
                request.invoice_id.fapiao = request.fapiao_number
            request.state = "sent"
        return True

    def action_cancel(self):
        self.filtered(lambda r: r.state == "requested").write({"state": "cancelled"})
        return True

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
        }
