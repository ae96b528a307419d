# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ACTIONS = [
    ("claim", "Claim"),
    ("release", "Release"),
    ("recycle", "Recycled"),
    ("distribute", "Distribution"),
    ("transfer", "Transfer"),
]
SUMMARY_PARAM = "crm_integrated.recycle_summary_log_id"  # the last recycle summarised
SUMMARY_NAMES = 20  # customers named in a summary; the ownership log has them all


class CrmCustomerPoolLog(models.Model):
    """Who moved a customer between salespeople and pools, when and why. Append-only."""

    _name = "crm.customer.pool.log"
    _description = "Customer Ownership Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    pool_id = fields.Many2one("crm.customer.pool", ondelete="set null", index=True)
    action = fields.Selection(ACTIONS, required=True, index=True)
    user_from_id = fields.Many2one("res.users", string="From", index=True)
    user_to_id = fields.Many2one("res.users", string="To", index=True)
    reason = fields.Char()
    company_id = fields.Many2one(related="pool_id.company_id", store=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The ownership log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The ownership log cannot be deleted."))

    # ------------------------------------------------------------------ recycle summaries
    @api.model
    def _cim_start_recycle_summaries(self):
        """The first run summarises the moves logged from now on only."""
        params = self.env["ir.config_parameter"].sudo()
        if not params.get_param(SUMMARY_PARAM):
            self.env.cr.execute("SELECT coalesce(max(id), 0) FROM crm_customer_pool_log")
            params.set_param(SUMMARY_PARAM, str(self.env.cr.fetchone()[0]))

    @api.model
    def _cim_send_recycle_summaries(self):
        """One message per previous owner and pool for the customers recycled since the last
        summary, instead of one per customer: the ownership log keeps every move. The last
        log summarised is stored, so the moves of a run that stopped half-way are in the
        next summary."""
        params = self.env["ir.config_parameter"].sudo()
        since = int(params.get_param(SUMMARY_PARAM) or 0)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT user_from_id, pool_id, array_agg(id ORDER BY id)
                     FROM crm_customer_pool_log
                    WHERE id > %s AND action = 'recycle' AND user_from_id IS NOT NULL
                 GROUP BY user_from_id, pool_id""",
                since,
            )
        )
        groups = self.env.cr.fetchall()
        if not groups:
            return 0
        Users = self.env["res.users"].sudo()
        Pools = self.env["crm.customer.pool"].sudo()
        for user_id, pool_id, log_ids in groups:
            owner, pool = Users.browse(user_id), Pools.browse(pool_id)
            logs = self.browse(log_ids[:SUMMARY_NAMES]).with_context(lang=owner.lang)
            env = logs.env
            items = Markup().join(
                Markup("<li>%s — %s</li>") % (log.partner_id._get_html_link(), log.reason or "")
                for log in logs
            )
            more = len(log_ids) - len(logs)
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                env._(
                    "%(count)s of your customers returned to pool %(pool)s:",
                    count=len(log_ids),
                    pool=pool.name or env._("pool"),
                ),
                items,
            )
            if more:
                body += Markup("<p>%s</p>") % env._(
                    "and %(count)s more, listed in the ownership log.", count=more
                )
            self.env["mail.thread"].sudo().message_notify(
                model=pool._name if pool else False,
                res_id=pool.id,
                partner_ids=owner.partner_id.ids,
                subject=env._("Customers returned to the pool"),
                body=body,
            )
        params.set_param(SUMMARY_PARAM, str(max(max(ids) for _u, _p, ids in groups)))
        return len(groups)
