# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import format_amount

MAX_LINES = 30  # a DingTalk text component is not a spreadsheet


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _dingtalk_approval_lines(self):
        self.ensure_one()
        lines = self.order_line.filtered(lambda ln: not ln.display_type)
        rows = []
        for line in lines[:MAX_LINES]:
            quantity = f"{line.product_uom_qty:g}"  # 2.0 → "2"
            discount = f"{line.discount:g}"
            subtotal = format_amount(self.env, line.price_subtotal, self.currency_id)
            rows.append(
                self.env._(
                    "%(product)s × %(qty)s, discount %(discount)s%%, %(subtotal)s",
                    product=line.product_id.display_name or line.name,
                    qty=quantity,
                    discount=discount,
                    subtotal=subtotal,
                )
            )
        if len(lines) > MAX_LINES:
            rows.append(self.env._("… and %s more lines", len(lines) - MAX_LINES))
        return "\n".join(rows)
