# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class CrmChannelRoiReport(models.Model):
    """Channel ROI (渠道投入产出): per month and UTM source / medium / campaign, the costs
    entered by marketing against the leads created, deals won and amounts won and collected
    through that channel (the lead's UTM fields, figures of the sales funnel). ROI =
    (collected − cost) / cost; cost per lead and per deal won."""

    _name = "crm.channel.roi.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Channel ROI"
    _auto = False
    _order = "month desc, cost desc"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    cost = fields.Monetary(readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    won_amount = fields.Monetary(readonly=True)
    paid_amount = fields.Monetary(string="Collected", readonly=True)
    roi = fields.Float(string="ROI (%)", aggregator=None, readonly=True, digits=(16, 1))
    cost_per_lead = fields.Monetary(aggregator=None, readonly=True)
    cost_per_won = fields.Monetary(string="Cost per Deal Won", aggregator=None, readonly=True)

    _cim_xlsx_fields = [
        "month",
        "source_id",
        "medium_id",
        "campaign_id",
        "cost",
        "lead_count",
        "won_count",
        "won_amount",
        "paid_amount",
        "roi",
        "cost_per_lead",
        "cost_per_won",
    ]

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER () AS id, month, company_id, currency_id, source_id,
                   medium_id, campaign_id, sum(cost) AS cost, sum(leads) AS lead_count,
                   sum(won) AS won_count, sum(won_amount) AS won_amount,
                   sum(paid_amount) AS paid_amount,
                   CASE WHEN sum(cost) > 0
                        THEN 100.0 * (sum(paid_amount) - sum(cost)) / sum(cost) END AS roi,
                   CASE WHEN sum(leads) > 0 THEN sum(cost) / sum(leads) END AS cost_per_lead,
                   CASE WHEN sum(won) > 0 THEN sum(cost) / sum(won) END AS cost_per_won
              FROM (
                    SELECT c.month, c.company_id, co.currency_id, c.source_id, c.medium_id,
                           c.campaign_id, c.amount AS cost, 0 AS leads, 0 AS won,
                           0 AS won_amount, 0 AS paid_amount
                      FROM crm_channel_cost c JOIN res_company co ON co.id = c.company_id
                 UNION ALL
                    SELECT date_trunc('month', f.date)::date, f.company_id, f.currency_id,
                           f.source_id, f.medium_id, f.campaign_id, 0, f.lead_count,
                           f.won_count, f.won_amount, f.paid_amount
                      FROM crm_funnel_report f
                     WHERE f.source_id IS NOT NULL
                   ) figures
          GROUP BY month, company_id, currency_id, source_id, medium_id, campaign_id
            """
        )

    def _cim_xlsx_title(self):
        return self.env._("Channel ROI")
