# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
RECYCLE_BATCH = 1000
# what a customer's recycle deadlines are computed from (res.partner._cim_recycle_deadlines)
RECYCLE_FIELDS = (
    "user_id",
    "cim_pool_id",
    "cim_claim_date",
    "cim_last_followup",
    "cim_last_won_date",
    "customer_level_id",
)


class CrmCustomerPool(models.Model):
    """Public customer pool (公海) with its recycle rules and claim limits."""

    _name = "crm.customer.pool"
    _inherit = ["cim.customer.scope.mixin"]
    _description = "Customer Pool"
    _order = "sequence, id"
    _cim_scope_fields = ("team_ids",)  # the salespeople's customer rule lists their pools

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        help="Members of these teams see the pool and claim from it; empty means every "
        "salesperson.",
    )
    manager_ids = fields.Many2many(
        "res.users",
        "crm_customer_pool_manager_rel",
        "pool_id",
        "user_id",
        string="Pool Managers",
        help="They distribute customers of the pool to salespeople, beyond the claim limits.",
    )
    # recycle rules
    followup_days = fields.Integer(
        string="Recycle Without Follow-up (days)",
        default=30,
        help="A private customer returns to the pool when it has not been followed up for "
        "this many days, counted from the later of the last follow-up and the claim. 0 = off.",
    )
    won_days = fields.Integer(
        string="Recycle Without Won Deal (days)",
        default=90,
        help="A private customer returns to the pool when no opportunity was won this many "
        "days after the claim. 0 = off.",
    )
    level_rule_ids = fields.One2many(
        "crm.customer.pool.rule", "pool_id", string="Days per Customer Level"
    )
    keep_open_opportunities = fields.Boolean(
        string="Keep Customers with Open Opportunities",
        default=True,
        help="Customers with an open opportunity are not recycled.",
    )
    keep_won_customers = fields.Boolean(
        string="Keep Customers with Won Deals",
        help="Customers who ever won a deal are not recycled.",
    )
    warn_days = fields.Integer(
        string="Warn Before (days)",
        default=3,
        help="The owner gets a to-do this many days before the customer returns to the pool.",
    )
    # claim limits
    max_private = fields.Integer(
        string="Private Customers per Salesperson",
        help="At most this many private customers of this pool per salesperson. 0 = no limit.",
    )
    capacity_excludes_won = fields.Boolean(
        string="Won Customers Do Not Count",
        help="Customers with a won deal do not count against the capacity.",
    )
    max_claims_per_day = fields.Integer(string="Claims per Day", help="0 = no limit.")
    reclaim_cooldown_days = fields.Integer(
        string="Re-claim Cool-down (days)",
        help="A salesperson who released a customer, or lost it to the pool, may claim it "
        "again only after this many days.",
    )
    hidden_field_ids = fields.Many2many(
        "ir.model.fields",
        string="Hidden Until Claimed",
        domain=[("model", "=", "res.partner"), ("ttype", "in", ("char", "text"))],
        help="Salespeople see these fields of a customer waiting in the pool (e.g. mobile, "
        "email) only once they have claimed it.",
    )
    partner_ids = fields.One2many("res.partner", "cim_pool_id", string="Customers")
    pool_count = fields.Integer(string="In Pool", compute="_compute_counts")
    private_count = fields.Integer(string="Private", compute="_compute_counts")

    @api.constrains(
        "followup_days",
        "won_days",
        "warn_days",
        "max_private",
        "max_claims_per_day",
        "reclaim_cooldown_days",
    )
    def _check_non_negative(self):
        for pool in self:
            values = (
                pool.followup_days,
                pool.won_days,
                pool.warn_days,
                pool.max_private,
                pool.max_claims_per_day,
                pool.reclaim_cooldown_days,
            )
            if min(values) < 0:
                raise ValidationError(
                    self.env._(
                        "Days and limits of pool %(pool)s cannot be negative.", pool=pool.name
                    )
                )

    def _compute_counts(self):
        Partner = self.env["res.partner"]
        groups = Partner._read_group(
            [("cim_pool_id", "in", self.ids)], ["cim_pool_id", "user_id"], ["__count"]
        )
        pool_counts, private_counts = {}, {}
        for pool, user, count in groups:
            target = private_counts if user else pool_counts
            target[pool] = target.get(pool, 0) + count
        for pool in self:
            pool.pool_count = pool_counts.get(pool, 0)
            pool.private_count = private_counts.get(pool, 0)

    # ------------------------------------------------------------------
    # rules
    # ------------------------------------------------------------------

    def _days_for_level(self, level):
        """(follow-up days, won days) for a customer level, level rules first."""
        self.ensure_one()
        rule = self.level_rule_ids.filtered(lambda r: r.level_id == level)[:1]
        if rule:
            return rule.followup_days, rule.won_days
        return self.followup_days, self.won_days

    def _today_start_utc(self):
        """Midnight of today in the company's time zone (Asia/Shanghai), as naive UTC."""
        tz = pytz.timezone(self.env.user.tz or "Asia/Shanghai")
        local_midnight = tz.localize(datetime.combine(fields.Date.context_today(self), time()))
        return local_midnight.astimezone(pytz.utc).replace(tzinfo=None)

    def _check_claim(self, partner, user):
        """Raise a clear error if ``user`` may not claim ``partner`` from this pool now."""
        self.ensure_one()
        if self.team_ids and not (self.team_ids.member_ids & user):
            raise UserError(
                self.env._("You are not a member of the teams of pool %(pool)s.", pool=self.name)
            )
        Partner = self.env["res.partner"].sudo()
        if self.max_private:
            domain = [("cim_pool_id", "=", self.id), ("user_id", "=", user.id)]
            if self.capacity_excludes_won:
                domain.append(("cim_last_won_date", "=", False))
            if Partner.search_count(domain) >= self.max_private:
                raise UserError(
                    self.env._(
                        "%(user)s already has %(count)s private customers in pool %(pool)s, "
                        "the most allowed.",
                        user=user.name,
                        count=self.max_private,
                        pool=self.name,
                    )
                )
        Log = self.env["crm.customer.pool.log"].sudo()
        if self.max_claims_per_day:
            claims = Log.search_count(
                [
                    ("action", "=", "claim"),
                    ("user_to_id", "=", user.id),
                    ("date", ">=", self._today_start_utc()),
                ]
            )
            if claims >= self.max_claims_per_day:
                raise UserError(
                    self.env._(
                        "You may claim at most %(count)s customers a day.",
                        count=self.max_claims_per_day,
                    )
                )
        if self.reclaim_cooldown_days:
            since = fields.Datetime.now() - timedelta(days=self.reclaim_cooldown_days)
            lost = Log.search(
                [
                    ("partner_id", "=", partner.id),
                    ("user_from_id", "=", user.id),
                    ("action", "in", ("release", "recycle")),
                    ("date", ">=", since),
                ],
                limit=1,
                order="date desc",
            )
            if lost:
                raise UserError(
                    self.env._(
                        "You gave %(partner)s back on %(date)s: you may claim it again after "
                        "%(days)s days.",
                        partner=partner.display_name,
                        date=fields.Date.to_string(lost.date.date()),
                        days=self.reclaim_cooldown_days,
                    )
                )

    # ------------------------------------------------------------------
    # cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_recycle(self, batch_size=RECYCLE_BATCH):
        """Warn owners, then return due private customers to their pool, in batches.

        Returns the number of customers recycled.
        """
        Partner = self.env["res.partner"]
        Log = self.env["crm.customer.pool.log"].sudo()
        today = fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        Log._cim_start_recycle_summaries()
        for pool in self.search([]):
            pool._warn_before_recycle(today, auto_commit=auto_commit)
        due_ids = Partner._search(
            [
                ("cim_pool_id", "!=", False),
                ("cim_pool_id.active", "=", True),
                ("user_id", "!=", False),
                ("cim_locked", "=", False),
                ("cim_recycle_date", "<=", today),
            ],
            order="cim_recycle_date, id",
        ).get_result_ids()
        recycled = 0
        for start in range(0, len(due_ids), batch_size):
            batch = Partner.browse(due_ids[start : start + batch_size])
            # what the pool rules read, and nothing else of the wide partner rows
            batch.fetch([*RECYCLE_FIELDS, "commercial_partner_id"])
            movable = batch - batch._cim_kept_by_pool_rules()
            reasons = {partner.id: partner._cim_recycle_reason() for partner in movable}
            movable._cim_move(False, "recycle", reason=reasons, chatter=False)
            recycled += len(movable)
            done = min(start + batch_size, len(due_ids))
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(due_ids) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # the batch's records, logs and messages leave the cache: memory stays bounded
            self.env.invalidate_all()
        _logger.info("customer pools: %s customers recycled of %s due", recycled, len(due_ids))
        Log._cim_send_recycle_summaries()
        return recycled

    def _warn_before_recycle(self, today, auto_commit=False):
        """One to-do per lapse for the owner, ``warn_days`` before the customer is recycled.

        The customers not yet warned for their current recycle date are selected in one
        query; each batch of to-dos is committed with the mark that prevents a second
        warning, so a crash resumes where it stopped.
        """
        self.ensure_one()
        if not self.warn_days:
            return 0
        Partner = self.env["res.partner"]
        query = Partner._search(
            [
                ("cim_pool_id", "=", self.id),
                ("user_id", "!=", False),
                ("cim_locked", "=", False),
                ("cim_recycle_date", ">", today),
                ("cim_recycle_date", "<=", today + timedelta(days=self.warn_days)),
            ],
            order="id",
        )
        query.add_where(
            SQL(
                "%s IS DISTINCT FROM %s",
                SQL.identifier(query.table, "cim_recycle_warned_for"),
                SQL.identifier(query.table, "cim_recycle_date"),
            )
        )
        soon_ids = query.get_result_ids()
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        for start in range(0, len(soon_ids), RECYCLE_BATCH):
            batch = Partner.browse(soon_ids[start : start + RECYCLE_BATCH])
            # one insert per batch; the owners see the to-dos in their activities (and in
            # DingTalk when connected) instead of one e-mail per customer. All is said in
            # the summary and the deadline: no HTML note to sanitise for each customer.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": todo.id,
                        "date_deadline": partner.cim_recycle_date,
                        "summary": self.env._(
                            "Follow up by %(date)s or this customer returns to pool %(pool)s",
                            date=fields.Date.to_string(partner.cim_recycle_date),
                            pool=self.name,
                        ),
                        "user_id": partner.user_id.id,
                    }
                    for partner in batch
                ]
            )
            # the mark is not tracked: no snapshot of the partners' tracked fields
            batch = batch.with_context(tracking_disable=True)
            for recycle_date in set(batch.mapped("cim_recycle_date")):
                batch.filtered(lambda p, d=recycle_date: p.cim_recycle_date == d).write(
                    {"cim_recycle_warned_for": recycle_date}
                )
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return len(soon_ids)
