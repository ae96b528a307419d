# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_integrated.utils.xlsx import download_action, export_xlsx


class LoyaltyMemberReport(models.Model):
    """Member metrics (会员分析): per member card, orders and average order value (客单价),
    repurchase (≥ 2 confirmed orders), points issued, redeemed, expired and outstanding,
    and the outstanding points liability at the program's point value."""

    _name = "loyalty.member.report"
    _description = "Member Metrics"
    _auto = False
    _order = "liability desc, id"

    XLSX_FIELDS = [
        "partner_id",
        "program_id",
        "tier_id",
        "order_count",
        "order_amount",
        "average_order_value",
        "points_issued",
        "points_redeemed",
        "points_expired",
        "points_outstanding",
        "liability",
    ]

    card_id = fields.Many2one("loyalty.card", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    tier_id = fields.Many2one("loyalty.member.tier", readonly=True)
    join_date = fields.Date(readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    order_amount = fields.Monetary(string="Sales", readonly=True)
    average_order_value = fields.Monetary(aggregator="avg", readonly=True)
    repurchase_rate = fields.Float(
        string="Repurchase Rate (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of members with at least two confirmed orders.",
    )
    points_issued = fields.Float(readonly=True)
    points_redeemed = fields.Float(readonly=True)
    points_expired = fields.Float(readonly=True)
    points_outstanding = fields.Float(readonly=True)
    liability = fields.Monetary(
        string="Points Liability", readonly=True, help="Outstanding points × point value."
    )

    def _query(self):
        return SQL(
            """
            SELECT c.id, c.id AS card_id, c.partner_id, c.program_id, p.company_id,
                   co.currency_id, c.tier_id, c.join_date,
                   COALESCE(o.order_count, 0) AS order_count,
                   COALESCE(o.order_amount, 0) AS order_amount,
                   COALESCE(o.order_amount / NULLIF(o.order_count, 0), 0)
                       AS average_order_value,
                   CASE WHEN COALESCE(o.order_count, 0) >= 2 THEN 100.0 ELSE 0.0 END
                       AS repurchase_rate,
                   COALESCE(h.issued, 0) AS points_issued,
                   COALESCE(h.redeemed, 0) AS points_redeemed,
                   COALESCE(h.expired, 0) AS points_expired,
                   c.points AS points_outstanding,
                   c.points * COALESCE(p.point_value, 0) AS liability
              FROM loyalty_card c
              JOIN loyalty_program p ON p.id = c.program_id
              JOIN res_company co ON co.id = p.company_id
         LEFT JOIN (
                    SELECT card_id, SUM(issued) AS issued,
                           SUM(CASE WHEN kind = 'expire' THEN 0 ELSE used END) AS redeemed,
                           SUM(CASE WHEN kind = 'expire' THEN used ELSE 0 END) AS expired
                      FROM loyalty_history GROUP BY card_id
                   ) h ON h.card_id = c.id
         LEFT JOIN (
                    SELECT partner_id, COUNT(*) AS order_count,
                           SUM(amount_total) AS order_amount
                      FROM sale_order WHERE state = 'sale' GROUP BY partner_id
                   ) o ON o.partner_id = c.partner_id
             WHERE p.program_type = 'loyalty' AND c.partner_id IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @api.model
    def _member_export_xlsx(self, domain):
        title = self.env._("Member Metrics")
        data = export_xlsx(self, domain, self.XLSX_FIELDS, title)
        return download_action(self.env, data, f"{title}.xlsx")
