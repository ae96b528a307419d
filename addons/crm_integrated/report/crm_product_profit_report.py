# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists


class CrmProductProfitReport(models.Model):
    """产品型号利润: one row per line of a confirmed order (down payments and notes left out):
    revenue (untaxed, company currency), cost and margin. The cost is the line's cost price
    when Odoo's ``sale_margin`` is installed (read when the view is built: upgrade this addon
    after installing it), otherwise the product's cost in the order's company, converted to
    the product's unit of measure."""

    _name = "crm.product.profit.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Product Model Profit"
    _auto = False
    _order = "date desc"
    _rec_name = "product_id"

    date = fields.Date(string="Order Date", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    product_id = fields.Many2one("product.product", string="Product Model", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_percent = fields.Float(
        string="Margin (%)", aggregator=None, readonly=True, digits=(16, 1)
    )

    def _cost_sql(self):
        if column_exists(self.env.cr, "sale_order_line", "purchase_price"):
            return SQL(
                "l.purchase_price * l.product_uom_qty / coalesce(nullif(so.currency_rate, 0), 1)"
            )
        return SQL(
            "coalesce((pp.standard_price ->> so.company_id::text)::numeric, 0)"
            " * l.product_uom_qty / coalesce(nullif(lu.factor, 0), 1) * pu.factor"
        )

    def _query(self):
        return SQL(
            """
            SELECT l.id, so.date_order::date AS date, so.id AS order_id, l.product_id,
                   pt.categ_id, sp.commercial_partner_id AS partner_id, so.user_id,
                   so.team_id, so.company_id, c.currency_id,
                   l.product_uom_qty AS quantity, x.revenue, x.cost,
                   x.revenue - x.cost AS margin,
                   CASE WHEN x.revenue <> 0 THEN 100.0 * (x.revenue - x.cost) / x.revenue END
                       AS margin_percent
              FROM sale_order_line l
              JOIN sale_order so ON so.id = l.order_id
              JOIN res_partner sp ON sp.id = so.partner_id
              JOIN res_company c ON c.id = so.company_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom pu ON pu.id = pt.uom_id
         LEFT JOIN uom_uom lu ON lu.id = l.product_uom,
           LATERAL (SELECT l.price_subtotal / coalesce(nullif(so.currency_rate, 0), 1)
                               AS revenue,
                           %s AS cost) x
             WHERE so.state = 'sale' AND l.display_type IS NULL
               AND NOT coalesce(l.is_downpayment, false)
            """,
            self._cost_sql(),
        )

    _cim_xlsx_fields = [
        "product_id",
        "categ_id",
        "date",
        "order_id",
        "partner_id",
        "user_id",
        "quantity",
        "revenue",
        "cost",
        "margin",
        "margin_percent",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Product Model Profit")
