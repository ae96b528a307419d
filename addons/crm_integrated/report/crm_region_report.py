# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmRegionReport(models.Model):
    """客户区域分布: customers and revenue by province and sales region. One row per confirmed
    order (revenue untaxed, company currency, by order date) and one row per customer without
    any confirmed order, both placed at the customer's (commercial entity's) province, region,
    level and salesperson. "Customers" counts distinct customers in any grouping."""

    _name = "crm.region.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Customer Region Distribution"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"

    date = fields.Date(string="Order Date", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    sales_region_id = fields.Many2one("crm.sales.region", readonly=True)
    customer_level_id = fields.Many2one("crm.customer.level", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    customer_key = fields.Integer(string="Customers", aggregator="count_distinct", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    revenue = fields.Monetary(readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER () AS id, r.*
              FROM (
                    SELECT so.date_order::date AS date, so.id AS order_id, p.id AS partner_id,
                           p.state_id, p.sales_region_id, p.customer_level_id, p.user_id,
                           so.company_id, c.currency_id, p.id AS customer_key, 1 AS order_count,
                           so.amount_untaxed / coalesce(nullif(so.currency_rate, 0), 1) AS revenue
                      FROM sale_order so
                      JOIN res_partner sp ON sp.id = so.partner_id
                      JOIN res_partner p ON p.id = sp.commercial_partner_id
                      JOIN res_company c ON c.id = so.company_id
                     WHERE so.state = 'sale'
                 UNION ALL
                    SELECT NULL, NULL, p.id, p.state_id, p.sales_region_id,
                           p.customer_level_id, p.user_id, p.company_id,
                           coalesce(c.currency_id, (SELECT currency_id FROM res_company
                                                     ORDER BY id LIMIT 1)),
                           p.id, 0, 0
                      FROM res_partner p
                 LEFT JOIN res_company c ON c.id = p.company_id
                     WHERE p.active AND p.customer_rank > 0 AND p.id = p.commercial_partner_id
                       AND NOT EXISTS (
                               SELECT 1 FROM sale_order so
                                 JOIN res_partner sp ON sp.id = so.partner_id
                                WHERE sp.commercial_partner_id = p.id AND so.state = 'sale')
                   ) r
            """
        )

    _cim_xlsx_fields = [
        "state_id",
        "sales_region_id",
        "partner_id",
        "customer_level_id",
        "user_id",
        "date",
        "order_id",
        "order_count",
        "revenue",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Customer Regions")
