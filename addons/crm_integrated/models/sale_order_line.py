# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

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
        return res

    def unlink(self):
        orders = self.order_id
        orders._cim_check_not_frozen()
        res = super().unlink()
        orders.exists()._cim_amounts_changed()
        return res
