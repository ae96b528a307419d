# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

import xlsxwriter

from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_integrated.utils.xlsx import download_action

PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]


class LoyaltyRepurchaseReport(models.Model):
    """Repurchase rate per period (复购率): one row per member and period (month, quarter
    and year of the order date) in which the member has confirmed orders. The average of
    ``repurchase_rate`` over the rows of a period is the share of the members who ordered
    in that period with at least two orders in it; filter on one period kind."""

    _name = "loyalty.repurchase.report"
    _description = "Member Repurchase by Period"
    _auto = False
    _order = "period_start desc, partner_id"

    card_id = fields.Many2one("loyalty.card", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    tier_id = fields.Many2one("loyalty.member.tier", string="Current Tier", readonly=True)
    period = fields.Selection(PERIODS, readonly=True)
    period_start = fields.Date(readonly=True)
    period_name = fields.Char(readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    order_amount = fields.Monetary(string="Sales", readonly=True)
    member_count = fields.Integer(
        string="Members Who Ordered", readonly=True, help="1 per member and period."
    )
    repeat_member = fields.Integer(
        string="Repeat Members", readonly=True, help="Members with ≥ 2 orders in the period."
    )
    repurchase_rate = fields.Float(
        string="Repurchase Rate (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Members with at least two confirmed orders in the period ÷ members who ordered "
        "in the period.",
    )

    def _query(self):
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (
                       ORDER BY g.period, date_trunc(g.period, so.date_order), c.id
                   ) AS id,
                   c.id AS card_id, c.partner_id, c.program_id, p.company_id,
                   co.currency_id, c.tier_id, g.period,
                   date_trunc(g.period, so.date_order)::date AS period_start,
                   to_char(date_trunc(g.period, so.date_order), g.label) AS period_name,
                   1 AS member_count,
                   COUNT(so.id) AS order_count,
                   SUM(so.amount_total) AS order_amount,
                   CASE WHEN COUNT(so.id) >= 2 THEN 1 ELSE 0 END AS repeat_member,
                   CASE WHEN COUNT(so.id) >= 2 THEN 100.0 ELSE 0.0 END AS repurchase_rate
              FROM loyalty_card c
              JOIN loyalty_program p ON p.id = c.program_id
              JOIN res_company co ON co.id = p.company_id
              JOIN sale_order so ON so.partner_id = c.partner_id AND so.state = 'sale'
        CROSS JOIN (VALUES ('month', 'YYYY-MM'), ('quarter', 'YYYY-"Q"Q'), ('year', 'YYYY'))
                   AS g(period, label)
             WHERE p.program_type = 'loyalty' AND c.partner_id IS NOT NULL
          GROUP BY c.id, p.company_id, co.currency_id, g.period, g.label,
                   date_trunc(g.period, so.date_order)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @api.model
    def _period_figures(self, domain):
        """[(period kind, period name, members who ordered, repeat members, rate %)], one
        grouped query."""
        groups = self._read_group(
            domain,
            ["period", "period_name"],
            ["member_count:sum", "repeat_member:sum", "repurchase_rate:avg"],
            order="period, period_name",
        )
        return [
            (period, name, count, repeat, rate or 0.0)
            for period, name, count, repeat, rate in groups
        ]

    @api.model
    def _repurchase_export_xlsx(self, domain):
        """One line per period: members who ordered, repeat members and repurchase rate."""
        title = self.env._("Repurchase by Period")
        labels = dict(self._fields["period"]._description_selection(self.env))
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(title[:31])
        bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        percent = book.add_format({"num_format": "0.0"})
        headers = [
            self._fields["period"]._description_string(self.env),
            self._fields["period_name"]._description_string(self.env),
            self._fields["member_count"]._description_string(self.env),
            self._fields["repeat_member"]._description_string(self.env),
            self._fields["repurchase_rate"]._description_string(self.env),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
            sheet.set_column(col, col, 18)
        for row, (period, name, count, repeat, rate) in enumerate(
            self._period_figures(domain), start=1
        ):
            sheet.write_string(row, 0, labels.get(period, ""))
            sheet.write_string(row, 1, name or "")
            sheet.write_number(row, 2, count)
            sheet.write_number(row, 3, repeat or 0)
            sheet.write_number(row, 4, rate, percent)
        sheet.freeze_panes(1, 0)
        book.close()
        return download_action(self.env, output.getvalue(), f"{title}.xlsx")
