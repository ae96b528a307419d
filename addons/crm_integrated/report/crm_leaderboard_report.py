# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmLeaderboardReport(models.Model):
    """销售业绩龙虎榜: per salesperson and month, the amounts won (confirmed orders, by order
    date), invoiced (posted customer invoices less credit notes, by invoice date, untaxed)
    and collected (customer payments, by payment date, credited to the customer's
    salesperson), next to the monthly targets. All in company currency."""

    _name = "crm.leaderboard.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Sales Leaderboard"
    _auto = False
    _order = "month desc, won_amount desc"
    _rec_name = "user_id"

    month = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    won_amount = fields.Monetary(string="Won", readonly=True)
    invoiced_amount = fields.Monetary(string="Invoiced", readonly=True)
    collected_amount = fields.Monetary(string="Collected", readonly=True)
    won_target = fields.Monetary(readonly=True)
    invoiced_target = fields.Monetary(readonly=True)
    collected_target = fields.Monetary(readonly=True)
    won_achievement = fields.Float(
        string="Won / Target (%)", aggregator=None, readonly=True, digits=(16, 1)
    )

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER () AS id, month, user_id, company_id, currency_id,
                   sum(won) AS won_amount, sum(invoiced) AS invoiced_amount,
                   sum(collected) AS collected_amount, sum(won_t) AS won_target,
                   sum(invoiced_t) AS invoiced_target, sum(collected_t) AS collected_target,
                   CASE WHEN sum(won_t) > 0 THEN 100.0 * sum(won) / sum(won_t) END
                       AS won_achievement
              FROM (
                    SELECT date_trunc('month', so.date_order)::date AS month, so.user_id,
                           so.company_id, c.currency_id,
                           so.amount_untaxed / coalesce(nullif(so.currency_rate, 0), 1) AS won,
                           0 AS invoiced, 0 AS collected, 0 AS won_t, 0 AS invoiced_t,
                           0 AS collected_t
                      FROM sale_order so JOIN res_company c ON c.id = so.company_id
                     WHERE so.state = 'sale' AND so.user_id IS NOT NULL
                 UNION ALL
                    SELECT date_trunc('month', m.invoice_date)::date, m.invoice_user_id,
                           m.company_id, c.currency_id, 0, m.amount_untaxed_signed, 0, 0, 0, 0
                      FROM account_move m JOIN res_company c ON c.id = m.company_id
                     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.invoice_user_id IS NOT NULL
                 UNION ALL
                    SELECT date_trunc('month', pay.date)::date, p.user_id, pay.company_id,
                           c.currency_id, 0, 0, pay.amount_company_currency_signed, 0, 0, 0
                      FROM account_payment pay
                      JOIN res_company c ON c.id = pay.company_id
                      JOIN res_partner pp ON pp.id = pay.partner_id
                      JOIN res_partner p ON p.id = pp.commercial_partner_id
                     WHERE pay.state IN ('in_process', 'paid') AND pay.partner_type = 'customer'
                       AND p.user_id IS NOT NULL
                 UNION ALL
                    SELECT t.month, t.user_id, t.company_id, c.currency_id, 0, 0, 0,
                           t.won_target, t.invoiced_target, t.collected_target
                      FROM crm_sales_target t JOIN res_company c ON c.id = t.company_id
                   ) figures
          GROUP BY month, user_id, company_id, currency_id
            """
        )

    _cim_xlsx_fields = [
        "month",
        "user_id",
        "won_amount",
        "won_target",
        "won_achievement",
        "invoiced_amount",
        "invoiced_target",
        "collected_amount",
        "collected_target",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Leaderboard")
