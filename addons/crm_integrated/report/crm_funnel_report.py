# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmFunnelReport(models.Model):
    """Lead-to-cash funnel (线索 → 商机 → 成交 → 开票 → 回款): one row per lead, with 0/1
    stage flags to count and 0/100 flags whose average is the conversion rate, and the
    amounts won (confirmed orders), invoiced and paid (posted customer invoices of those
    orders, in company currency, untaxed). Pivot, graph and list views; the pivot's own
    download gives the xlsx.

    A lead counts under one product category: the category of the product of its largest
    order line (untaxed, in company currency) among its confirmed orders, or, when none is
    confirmed, among its open quotations; leads without an order line have none."""

    _name = "crm.funnel.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Sales Funnel Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    date = fields.Date(string="Created On", readonly=True)
    active = fields.Boolean(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    sales_region_id = fields.Many2one("crm.sales.region", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    customer_level_id = fields.Many2one("crm.customer.level", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        readonly=True,
        help="The category of the product of the lead's largest order line: of its confirmed "
        "orders, or else of its open quotations.",
    )
    lead_count = fields.Integer(string="Leads", readonly=True)
    opportunity_count = fields.Integer(string="Opportunities", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    invoiced_count = fields.Integer(string="Invoiced", readonly=True)
    paid_count = fields.Integer(string="Paid", readonly=True)
    opportunity_rate = fields.Float(
        string="Lead → Opportunity (%)", aggregator="avg", readonly=True, digits=(16, 1)
    )
    win_rate = fields.Float(
        string="Lead → Won (%)", aggregator="avg", readonly=True, digits=(16, 1)
    )
    paid_rate = fields.Float(
        string="Lead → Paid (%)", aggregator="avg", readonly=True, digits=(16, 1)
    )
    expected_revenue = fields.Monetary(readonly=True)
    won_amount = fields.Monetary(readonly=True)
    invoiced_amount = fields.Monetary(readonly=True)
    paid_amount = fields.Monetary(readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT l.id AS id,
                   l.id AS lead_id,
                   l.create_date::date AS date,
                   l.active AS active,
                   l.company_id AS company_id,
                   c.currency_id AS currency_id,
                   l.team_id AS team_id,
                   l.user_id AS user_id,
                   l.partner_id AS partner_id,
                   p.sales_region_id AS sales_region_id,
                   coalesce(p.state_id, l.state_id) AS state_id,
                   p.customer_level_id AS customer_level_id,
                   l.source_id AS source_id,
                   l.medium_id AS medium_id,
                   l.campaign_id AS campaign_id,
                   l.stage_id AS stage_id,
                   cat.categ_id AS product_categ_id,
                   1 AS lead_count,
                   (l.type = 'opportunity')::int AS opportunity_count,
                   coalesce(s.is_won, false)::int AS won_count,
                   (coalesce(inv.invoiced, 0) > 0)::int AS invoiced_count,
                   (coalesce(inv.invoiced, 0) > 0 AND inv.residual = 0)::int AS paid_count,
                   100.0 * (l.type = 'opportunity')::int AS opportunity_rate,
                   100.0 * coalesce(s.is_won, false)::int AS win_rate,
                   100.0 * (coalesce(inv.invoiced, 0) > 0 AND inv.residual = 0)::int AS paid_rate,
                   l.expected_revenue AS expected_revenue,
                   coalesce(o.amount, 0) AS won_amount,
                   coalesce(inv.invoiced, 0) AS invoiced_amount,
                   coalesce(inv.invoiced - inv.residual, 0) AS paid_amount
              FROM crm_lead l
              JOIN res_company c ON c.id = l.company_id
         LEFT JOIN crm_stage s ON s.id = l.stage_id
         LEFT JOIN res_partner p ON p.id = l.partner_id
         LEFT JOIN LATERAL (
                   SELECT sum(so.amount_untaxed / coalesce(nullif(so.currency_rate, 0), 1))
                          AS amount
                     FROM sale_order so
                    WHERE so.opportunity_id = l.id AND so.state = 'sale'
                   ) o ON true
         LEFT JOIN LATERAL (
                   SELECT pt.categ_id
                     FROM sale_order so
                     JOIN sale_order_line sol ON sol.order_id = so.id
                     JOIN product_product pp ON pp.id = sol.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    WHERE so.opportunity_id = l.id AND so.state IN ('draft', 'sent', 'sale')
                 ORDER BY so.state = 'sale' DESC,
                          sol.price_subtotal / coalesce(nullif(so.currency_rate, 0), 1) DESC,
                          sol.id
                    LIMIT 1
                   ) cat ON true
         LEFT JOIN LATERAL (
                   SELECT sum(m.amount_untaxed_signed) AS invoiced,
                          sum(m.amount_untaxed_signed * m.amount_residual_signed
                              / nullif(m.amount_total_signed, 0)) AS residual
                     FROM account_move m
                    WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
                      AND m.id IN (
                          SELECT aml.move_id
                            FROM sale_order so
                            JOIN sale_order_line sol ON sol.order_id = so.id
                            JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                            JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                           WHERE so.opportunity_id = l.id AND so.state = 'sale')
                   ) inv ON true
            """
        )

    _cim_xlsx_fields = [
        "date",
        "lead_id",
        "partner_id",
        "user_id",
        "team_id",
        "sales_region_id",
        "state_id",
        "source_id",
        "medium_id",
        "campaign_id",
        "stage_id",
        "product_categ_id",
        "lead_count",
        "opportunity_count",
        "won_count",
        "invoiced_count",
        "paid_count",
        "expected_revenue",
        "won_amount",
        "invoiced_amount",
        "paid_amount",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Sales Funnel")
