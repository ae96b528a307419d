# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmReceivableAgeingReport(models.Model):
    """应收账龄: one row per open receivable line of a posted entry, its residual amount (company
    currency) split into ageing buckets by days past the due date, counted from today in the
    company's time zone. The salesperson is the invoice's, or else the customer's.

    Each row also carries its salesperson's DSO (回款周期, per company), defined as the
    customer's DSO on the partner form: the residual of the salesperson's posted customer
    invoices and credit notes divided by their total (tax included) invoiced in the last
    365 days, times 365. It is the same on all rows of a salesperson, so it is aggregated by
    ``max``: read it grouped by salesperson."""

    _name = "crm.receivable.ageing.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Receivables Ageing"
    _auto = False
    _order = "date_due"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(string="Invoice Date", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(aggregator="max", readonly=True)
    residual = fields.Monetary(string="Amount Due", readonly=True)
    not_due = fields.Monetary(readonly=True)
    overdue_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    overdue_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    overdue_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    overdue_91_180 = fields.Monetary(string="91-180 Days", readonly=True)
    overdue_over_180 = fields.Monetary(string="Over 180 Days", readonly=True)
    salesperson_dso = fields.Integer(
        string="Salesperson DSO (Days)",
        aggregator="max",
        readonly=True,
        help="Days sales outstanding of the row's salesperson: open receivables of their "
        "customer invoices divided by what they invoiced in the last 365 days, times 365.",
    )

    def _query(self):
        return SQL(
            """
            SELECT a.id, a.move_id, a.partner_id, a.user_id, a.company_id, a.currency_id,
                   a.date, a.date_due, greatest(a.days, 0) AS days_overdue,
                   a.residual,
                   CASE WHEN a.days <= 0 THEN a.residual ELSE 0 END AS not_due,
                   CASE WHEN a.days BETWEEN 1 AND 30 THEN a.residual ELSE 0 END AS overdue_1_30,
                   CASE WHEN a.days BETWEEN 31 AND 60 THEN a.residual ELSE 0 END
                       AS overdue_31_60,
                   CASE WHEN a.days BETWEEN 61 AND 90 THEN a.residual ELSE 0 END
                       AS overdue_61_90,
                   CASE WHEN a.days BETWEEN 91 AND 180 THEN a.residual ELSE 0 END
                       AS overdue_91_180,
                   CASE WHEN a.days > 180 THEN a.residual ELSE 0 END AS overdue_over_180,
                   coalesce(d.dso, 0) AS salesperson_dso
              FROM (
                    SELECT l.id, l.move_id, p.id AS partner_id,
                           coalesce(m.invoice_user_id, p.user_id) AS user_id, l.company_id,
                           l.company_currency_id AS currency_id, m.invoice_date AS date,
                           coalesce(l.date_maturity, l.date) AS date_due,
                           (now() AT TIME ZONE coalesce(pc.tz, 'Asia/Shanghai'))::date
                               - coalesce(l.date_maturity, l.date) AS days,
                           l.amount_residual AS residual
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                      JOIN account_account acc ON acc.id = l.account_id
                      JOIN res_company co ON co.id = l.company_id
                      JOIN res_partner pc ON pc.id = co.partner_id
                 LEFT JOIN res_partner lp ON lp.id = l.partner_id
                 LEFT JOIN res_partner p ON p.id = lp.commercial_partner_id
                     WHERE l.parent_state = 'posted' AND acc.account_type = 'asset_receivable'
                       AND NOT coalesce(l.reconciled, false) AND l.amount_residual <> 0
                   ) a
         LEFT JOIN (
                    SELECT user_id, company_id,
                           CASE WHEN sold > 0 THEN round(open_amount * 365 / sold) ELSE 0 END
                               AS dso
                      FROM (
                            SELECT coalesce(m.invoice_user_id, cp.user_id) AS user_id,
                                   m.company_id, sum(m.amount_residual_signed) AS open_amount,
                                   sum(m.amount_total_signed) FILTER (
                                       WHERE m.invoice_date >= (now() AT TIME ZONE
                                           coalesce(pc.tz, 'Asia/Shanghai'))::date - 365
                                   ) AS sold
                              FROM account_move m
                              JOIN res_company co ON co.id = m.company_id
                              JOIN res_partner pc ON pc.id = co.partner_id
                         LEFT JOIN res_partner cp ON cp.id = m.commercial_partner_id
                             WHERE m.state = 'posted'
                               AND m.move_type IN ('out_invoice', 'out_refund')
                          GROUP BY 1, 2
                           ) s
                   ) d ON d.user_id IS NOT DISTINCT FROM a.user_id AND d.company_id = a.company_id
            """
        )

    _cim_xlsx_fields = [
        "partner_id",
        "user_id",
        "move_id",
        "date",
        "date_due",
        "days_overdue",
        "residual",
        "not_due",
        "overdue_1_30",
        "overdue_31_60",
        "overdue_61_90",
        "overdue_91_180",
        "overdue_over_180",
        "salesperson_dso",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Receivables Ageing")
