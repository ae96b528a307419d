# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import SQL

POS_SOLD_STATES = ("paid", "done", "invoiced")


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    def _purchase_queries(self):
        """A member buying at the till is not dormant."""
        queries = super()._purchase_queries()
        self.env["pos.order"].flush_model(["partner_id", "state", "date_order"])
        queries.append(
            SQL(
                """SELECT po.partner_id, po.date_order
                     FROM pos_order po
                    WHERE po.state IN %s
                      AND po.partner_id IN (
                          SELECT partner_id FROM loyalty_card
                           WHERE program_id = %s AND partner_id IS NOT NULL)""",
                POS_SOLD_STATES,
                self.id,
            )
        )
        return queries
