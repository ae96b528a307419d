# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import float_compare

FROZEN_FIELDS = {
    "product_id",
    "product_template_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
    "price_subtotal",
    "price_total",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        orders._cim_check_not_frozen()
        lines = super().create(vals_list)
        lines.order_id._cim_amounts_changed()
        return lines

    def write(self, vals):
        priced = FROZEN_FIELDS.intersection(vals)
        if priced:
            self.order_id._cim_check_not_frozen()
        res = super().write(vals)
        if priced:
            self.order_id._cim_amounts_changed()
        if "qty_delivered" in vals:  # typed by hand (manual delivery method)
            self._cim_watch_delivery()
        return res

    def _compute_qty_delivered(self):
        """Delivered quantities computed (sale_stock, analytic lines): the order may now be
        fully delivered; checked before the commit, never inside the compute."""
        res = super()._compute_qty_delivered()
        self._cim_watch_delivery()
        return res

    def _cim_watch_delivery(self):
        orders = self.order_id.filtered(lambda o: isinstance(o.id, int) and o.state == "sale")
        if orders:
            orders._cim_watch_delivery()

    def _cim_is_deliverable(self):
        """Goods the customer receives: not notes, sections, down payments, services or
        combo headers."""
        self.ensure_one()
        return (
            not self.display_type
            and not self.is_downpayment
            and self.product_id.type not in ("service", "combo")
        )

    def _cim_is_fully_delivered(self):
        self.ensure_one()
        rounding = self.product_uom.rounding or 0.01
        return (
            float_compare(self.qty_delivered, self.product_uom_qty, precision_rounding=rounding)
            >= 0
        )

    def unlink(self):
        orders = self.order_id
        orders._cim_check_not_frozen()
        res = super().unlink()
        orders.exists()._cim_amounts_changed()
        return res
