# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CrmCustomerSegment(models.Model):
    """An RFM segment (高价值, 潜力, 待激活, 流失风险…): ranges of the recency, frequency and
    monetary scores (1–5, quintiles among the company's buying customers). The nightly
    computation gives each customer the first segment, by sequence, whose ranges match."""

    _name = "crm.customer.segment"
    _description = "Customer Segment (RFM)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    r_min = fields.Integer(string="Recency Score From", default=1)
    r_max = fields.Integer(string="Recency Score To", default=5)
    f_min = fields.Integer(string="Frequency Score From", default=1)
    f_max = fields.Integer(string="Frequency Score To", default=5)
    m_min = fields.Integer(string="Monetary Score From", default=1)
    m_max = fields.Integer(string="Monetary Score To", default=5)
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("cim_segment_id", "in", self.ids)], ["cim_segment_id"], ["__count"]
            )
        )
        for segment in self:
            segment.partner_count = counts.get(segment, 0)

    @api.constrains("r_min", "r_max", "f_min", "f_max", "m_min", "m_max")
    def _check_ranges(self):
        for segment in self:
            for low, high in (
                (segment.r_min, segment.r_max),
                (segment.f_min, segment.f_max),
                (segment.m_min, segment.m_max),
            ):
                if not 1 <= low <= high <= 5:
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s: scores go from 1 to 5 and each range must "
                            "start at or below its end.",
                            segment=segment.name,
                        )
                    )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_integrated.res_partner_action_customer"
        )
        action["domain"] = [("cim_segment_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_compute_now(self):
        """Recompute RFM, segments and health for the company now (managers)."""
        self.env["res.partner"]._cim_compute_customer_value(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Customer value recomputed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _case_sql(self, r, f, m):
        """SQL giving the first matching segment's id for the scores ``r``, ``f``, ``m``."""
        if not self:
            return SQL("NULL::integer")
        whens = [
            SQL(
                "WHEN %s BETWEEN %s AND %s AND %s BETWEEN %s AND %s AND %s BETWEEN %s AND %s "
                "THEN %s",
                r,
                s.r_min,
                s.r_max,
                f,
                s.f_min,
                s.f_max,
                m,
                s.m_min,
                s.m_max,
                s.id,
            )
            for s in self
        ]
        return SQL("(CASE %s END)", SQL(" ").join(whens))
