# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED

from ..models.service_ticket import PRIORITIES
from ..models.service_ticket_sla_status import SLA_STATUSES


class ServiceTicketReport(models.Model):
    """服务分析: one row per ticket with the figures of after-sales service, to group by
    engineer, problem type, team, product, customer or month:

    - MTTR (mean time to resolve): the average of the hours from opening to closing over the
      closed tickets (calendar hours; open tickets have none);
    - SLA compliance: the average of 100 (every SLA target of the ticket met) or 0 (one
      breached) over the tickets whose SLA outcome is known; open tickets still on track or at
      risk and tickets without SLA policy have none;
    - satisfaction: the average of the customers' last rating (1–5) over the rated tickets,
      and the share of satisfied ratings (4 or more)."""

    _name = "service.ticket.report"
    _inherit = "cim.sql.report.mixin"
    _description = "Service Analysis"
    _auto = False
    _order = "date_open desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("service.ticket", readonly=True)
    date_open = fields.Datetime(string="Opened On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("service.ticket.team", string="Service Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Engineer", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    problem_type_id = fields.Many2one("service.problem.type", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    stage_id = fields.Many2one("service.ticket.stage", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        readonly=True,
    )
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    resolve_hours = fields.Float(
        string="MTTR (Hours)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Mean time to resolve: hours from opening to closing, averaged over closed tickets.",
    )
    sla_decided_count = fields.Integer(string="SLA Decided", readonly=True)
    sla_met_count = fields.Integer(string="SLA Met", readonly=True)
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the tickets whose SLA outcome is known that met every SLA target.",
    )
    rated_count = fields.Integer(string="Rated", readonly=True)
    rating = fields.Float(
        string="Satisfaction (1-5)",
        aggregator="avg",
        readonly=True,
        digits=(16, 2),
        help="The customers' last rating, averaged over rated tickets.",
    )
    satisfied_rate = fields.Float(
        string="Satisfied (%)",
        aggregator="avg",
        readonly=True,
        digits=(16, 1),
        help="Share of the rated tickets rated 4 or 5.",
    )

    def _query(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.date_open AS date_open,
                   t.date_closed AS date_closed,
                   t.company_id AS company_id,
                   t.team_id AS team_id,
                   t.user_id AS user_id,
                   t.commercial_partner_id AS partner_id,
                   t.problem_type_id AS problem_type_id,
                   t.product_id AS product_id,
                   t.stage_id AS stage_id,
                   t.priority AS priority,
                   t.sla_status AS sla_status,
                   1 AS ticket_count,
                   (t.is_closed AND t.date_closed IS NOT NULL)::int AS closed_count,
                   CASE WHEN t.is_closed AND t.date_closed IS NOT NULL
                        THEN extract(epoch FROM t.date_closed - t.date_open) / 3600.0
                   END AS resolve_hours,
                   (t.sla_status IN ('met', 'breached'))::int AS sla_decided_count,
                   (t.sla_status = 'met')::int AS sla_met_count,
                   CASE WHEN t.sla_status IN ('met', 'breached')
                        THEN 100.0 * (t.sla_status = 'met')::int
                   END AS sla_compliance,
                   (coalesce(t.rating_last_value, 0) > 0)::int AS rated_count,
                   nullif(t.rating_last_value, 0) AS rating,
                   CASE WHEN t.rating_last_value > 0
                        THEN 100.0 * (t.rating_last_value >= %(satisfied)s)::int
                   END AS satisfied_rate
              FROM service_ticket t
            """,
            satisfied=RATING_LIMIT_SATISFIED,
        )

    _cim_xlsx_fields = [
        "ticket_id",
        "date_open",
        "user_id",
        "problem_type_id",
        "partner_id",
        "ticket_count",
        "closed_count",
        "resolve_hours",
        "sla_decided_count",
        "sla_met_count",
        "rated_count",
        "rating",
    ]

    def _cim_xlsx_title(self):
        return self.env._("Service Analysis")
