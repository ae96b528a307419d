# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import timedelta

import pytz
from markupsafe import Markup
from stdnum.cn import uscc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..utils.mail import log_notes
from .crm_customer_pool import RECYCLE_FIELDS


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "cim.duplicate.mixin"]

    # The customer fields of this module are a prefetch group of their own
    # ("cim_customer", "cim_keys" for the duplicate keys): Odoo's many reads of partners
    # (orders, invoices, followers, the current user) do not fetch them; the screens and
    # crons that use them read them together.
    customer_level_id = fields.Many2one(
        "crm.customer.level",
        index="btree_not_null",
        tracking=True,
        default=lambda self: self.env.company.cim_default_customer_level_id,
        prefetch="cim_customer",
    )
    cim_level_by_hand = fields.Boolean(
        string="Level Set by Hand",
        copy=False,
        help="Set when someone changes the customer level: level rules then leave this "
        "customer alone. Untick to let the rules decide again.",
        prefetch="cim_customer",
    )
    sales_region_id = fields.Many2one(
        "crm.sales.region",
        compute="_compute_sales_region_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="Derived from the province; can be set by hand.",
        prefetch="cim_customer",
    )
    cim_source_id = fields.Many2one(
        "utm.source",
        string="Source Channel",
        index="btree_not_null",
        help="Where the customer came from: exhibition, website, referral, WeChat…",
        prefetch="cim_customer",
    )
    # Fapiao (开票) details, reused by invoice requests
    cim_invoice_title = fields.Char(
        string="Invoice Title", help="抬头: the buyer's name.", prefetch="cim_customer"
    )
    cim_invoice_taxpayer_id = fields.Char(
        string="Taxpayer ID",
        compute="_compute_cim_invoice_taxpayer_id",
        store=True,
        readonly=False,
        help="税号: defaults to the Tax ID.",
        prefetch="cim_customer",
    )
    cim_invoice_bank = fields.Char(string="Bank", help="开户行", prefetch="cim_customer")
    cim_invoice_bank_account = fields.Char(
        string="Bank Account", help="账号", prefetch="cim_customer"
    )
    cim_invoice_address_phone = fields.Char(
        string="Address and Phone", help="地址、电话", prefetch="cim_customer"
    )
    cim_invoice_type = fields.Selection(
        [("special", "Special VAT invoice (专票)"), ("ordinary", "Ordinary VAT invoice (普票)")],
        string="Invoice Type",
        default="ordinary",
        prefetch="cim_customer",
    )
    cim_invoice_mailing_address = fields.Char(
        string="Invoice Mailing Address",
        help="Where paper invoices are posted.",
        prefetch="cim_customer",
    )

    # ownership and pools (公海/私海)
    cim_pool_id = fields.Many2one(
        "crm.customer.pool",
        string="Customer Pool",
        index="btree_not_null",
        tracking=True,
        copy=False,
        help="The pool the customer returns to. Without a salesperson it is in the pool.",
        prefetch="cim_customer",
    )
    # the owner and pool of the customer's company, on every contact: the salespeople's
    # rule tests these columns of the row itself (an index, no sub-select on the company)
    cim_scope_user_id = fields.Many2one(
        "res.users",
        string="Company Owner",
        related="commercial_partner_id.user_id",
        help="The salesperson of the customer's company: who sees its contacts.",
        store=True,
        index=True,
        # a related field copies its target's tracking (mail tracks user_id): without
        # this every change of a company's owner would be logged a second time
        tracking=False,
        prefetch="cim_customer",
    )
    cim_scope_pool_id = fields.Many2one(
        "crm.customer.pool",
        string="Company Pool",
        related="commercial_partner_id.cim_pool_id",
        help="The pool of the customer's company: who sees its contacts while it has no "
        "salesperson.",
        store=True,
        index=True,
        tracking=False,
        prefetch="cim_customer",
    )
    cim_claim_date = fields.Datetime(
        string="Claimed On", copy=False, readonly=True, prefetch="cim_customer"
    )
    cim_last_followup = fields.Datetime(
        string="Last Follow-up", copy=False, readonly=True, prefetch="cim_customer"
    )
    cim_last_won_date = fields.Datetime(
        string="Last Won Deal",
        compute="_compute_cim_last_won_date",
        store=True,
        compute_sudo=True,
        prefetch="cim_customer",
    )
    cim_locked = fields.Boolean(
        string="Locked",
        tracking=True,
        help="Never returned to the pool automatically.",
        prefetch="cim_customer",
    )
    cim_recycle_date = fields.Date(
        string="Returns to Pool On",
        compute="_compute_cim_recycle_date",
        store=True,
        index="btree_not_null",
        prefetch="cim_customer",
    )
    cim_recycle_warned_for = fields.Date(
        string="Warned for Recycle Date", copy=False, prefetch="cim_customer"
    )
    cim_days_to_recycle = fields.Integer(
        string="Days Until Returned to Pool", compute="_compute_cim_days_to_recycle"
    )
    cim_pool_log_ids = fields.One2many(
        "crm.customer.pool.log", "partner_id", string="Ownership History"
    )

    # customer 360 (客户360): figures and recent records, a constant number of queries
    cim_360_order_count = fields.Integer(string="Orders", compute="_compute_cim_360")
    cim_360_order_amount = fields.Monetary(
        string="Ordered", compute="_compute_cim_360", currency_field="cim_360_currency_id"
    )
    cim_360_quotation_count = fields.Integer(string="Open Quotations", compute="_compute_cim_360")
    cim_360_opportunity_count = fields.Integer(
        string="Open Opportunities", compute="_compute_cim_360"
    )
    cim_360_pipeline_amount = fields.Monetary(
        string="Pipeline", compute="_compute_cim_360", currency_field="cim_360_currency_id"
    )
    cim_360_last_order_date = fields.Datetime(string="Last Order", compute="_compute_cim_360")
    cim_360_amount_due = fields.Monetary(
        string="Amount Due",
        compute="_compute_cim_360_collection",
        currency_field="cim_360_currency_id",
        help="Outstanding instalments of the customer's payment plans.",
    )
    cim_360_amount_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_cim_360_collection",
        currency_field="cim_360_currency_id",
    )
    cim_360_dso = fields.Integer(
        string="DSO (Days)",
        compute="_compute_cim_360_collection",
        help="Days sales outstanding (回款周期): open receivables divided by the invoiced sales "
        "of the last 365 days, times 365.",
    )
    cim_360_currency_id = fields.Many2one(
        "res.currency", string="360 Currency", compute="_compute_cim_360"
    )
    cim_360_recent_order_ids = fields.Many2many(
        "sale.order", string="Recent Orders", compute="_compute_cim_360"
    )
    cim_360_recent_lead_ids = fields.Many2many(
        "crm.lead", string="Recent Opportunities", compute="_compute_cim_360"
    )
    cim_360_recent_invoice_ids = fields.Many2many(
        "account.move", string="Recent Invoices", compute="_compute_cim_360"
    )

    # customer value, computed set-based by the nightly cron (see _cim_compute_customer_value)
    cim_rfm_recency = fields.Integer(
        string="Days Since Last Order",
        readonly=True,
        copy=False,
        aggregator="avg",
        prefetch="cim_customer",
    )
    cim_rfm_frequency = fields.Integer(
        string="Orders in RFM Window", readonly=True, copy=False, prefetch="cim_customer"
    )
    cim_rfm_monetary = fields.Float(
        string="Spend in RFM Window",
        digits="Product Price",
        readonly=True,
        copy=False,
        help="Untaxed amount of the confirmed orders of the window, in company currency.",
        prefetch="cim_customer",
    )
    cim_rfm_r = fields.Integer(
        string="Recency Score", readonly=True, copy=False, prefetch="cim_customer"
    )
    cim_rfm_f = fields.Integer(
        string="Frequency Score", readonly=True, copy=False, prefetch="cim_customer"
    )
    cim_rfm_m = fields.Integer(
        string="Monetary Score", readonly=True, copy=False, prefetch="cim_customer"
    )
    cim_rfm_score = fields.Char(
        string="RFM",
        readonly=True,
        copy=False,
        help="Recency, frequency and monetary scores.",
        prefetch="cim_customer",
    )
    cim_segment_id = fields.Many2one(
        "crm.customer.segment",
        string="Segment",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        prefetch="cim_customer",
    )
    cim_health_score = fields.Integer(
        string="Health Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        index="btree_not_null",
        prefetch="cim_customer",
    )
    cim_churn_warned = fields.Boolean(
        string="Churn Warned", readonly=True, copy=False, prefetch="cim_customer"
    )
    cim_value_date = fields.Datetime(
        string="Value Changed On",
        readonly=True,
        copy=False,
        help="When the scores, segment or level last changed. They are recomputed every "
        "night; a customer whose figures stay the same keeps this date.",
        prefetch="cim_customer",
    )

    CIM_360_RECENT = 5

    def _compute_cim_360(self):
        """Aggregates per commercial entity: one grouped query per document type, plus the
        few most recent records, whatever the customer's history size."""
        commercial = self.commercial_partner_id
        Order = self.env["sale.order"]
        Lead = self.env["crm.lead"]
        Move = self.env["account.move"]
        orders, pipeline = {}, {}
        if commercial.ids:
            for contact, state, count, amount, last in Order._read_group(
                [("partner_id", "child_of", commercial.ids)],
                ["partner_id", "state"],
                ["__count", "amount_total:sum", "date_order:max"],
            ):
                key = (contact.commercial_partner_id, state)
                c0, a0, l0 = orders.get(key, (0, 0.0, False))
                orders[key] = (
                    c0 + count,
                    a0 + amount,
                    max(filter(None, (l0, last)), default=False),
                )
            for contact, count, amount in Lead._read_group(
                [
                    ("partner_id", "child_of", commercial.ids),
                    ("type", "=", "opportunity"),
                    ("probability", "<", 100),
                ],
                ["partner_id"],
                ["__count", "expected_revenue:sum"],
            ):
                c0, a0 = pipeline.get(contact.commercial_partner_id, (0, 0.0))
                pipeline[contact.commercial_partner_id] = (c0 + count, a0 + amount)
        for partner in self:
            entity = partner.commercial_partner_id
            done = [orders.get((entity, state), (0, 0.0, False)) for state in ("sale",)]
            draft = [orders.get((entity, state), (0, 0.0, False)) for state in ("draft", "sent")]
            partner.cim_360_order_count = sum(d[0] for d in done)
            partner.cim_360_order_amount = sum(d[1] for d in done)
            partner.cim_360_last_order_date = max((d[2] for d in done if d[2]), default=False)
            partner.cim_360_quotation_count = sum(d[0] for d in draft)
            count, amount = pipeline.get(entity, (0, 0.0))
            partner.cim_360_opportunity_count = count
            partner.cim_360_pipeline_amount = amount
            partner.cim_360_currency_id = self.env.company.currency_id
            if not entity.id:
                partner.cim_360_recent_order_ids = Order
                partner.cim_360_recent_lead_ids = Lead
                partner.cim_360_recent_invoice_ids = Move
                continue
            partner.cim_360_recent_order_ids = Order.search(
                [("partner_id", "child_of", entity.id)],
                order="date_order desc, id desc",
                limit=self.CIM_360_RECENT,
            )
            partner.cim_360_recent_lead_ids = Lead.search(
                [("partner_id", "child_of", entity.id), ("type", "=", "opportunity")],
                order="create_date desc, id desc",
                limit=self.CIM_360_RECENT,
            )
            partner.cim_360_recent_invoice_ids = Move.search(
                [
                    ("commercial_partner_id", "=", entity.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
                limit=self.CIM_360_RECENT,
            )

    def _compute_cim_360_collection(self):
        """Three grouped queries for any number of customers."""
        commercial = self.commercial_partner_id
        due, overdue, open_amount, sales = {}, {}, {}, {}
        if commercial.ids:
            for partner, state, amount in self.env["sale.payment.plan.line"]._read_group(
                [
                    ("partner_id", "in", commercial.ids),
                    ("state", "in", ("pending", "partial", "overdue")),
                ],
                ["partner_id", "state"],
                ["amount_outstanding:sum"],
            ):
                due[partner] = due.get(partner, 0.0) + amount
                if state == "overdue":
                    overdue[partner] = overdue.get(partner, 0.0) + amount
            Move = self.env["account.move"]
            invoices = [
                ("commercial_partner_id", "in", commercial.ids),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
            for partner, amount in Move._read_group(
                invoices, ["commercial_partner_id"], ["amount_residual_signed:sum"]
            ):
                open_amount[partner] = amount
            since = fields.Date.context_today(self) - timedelta(days=365)
            for partner, amount in Move._read_group(
                [*invoices, ("invoice_date", ">=", since)],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            ):
                sales[partner] = amount
        for partner in self:
            entity = partner.commercial_partner_id
            partner.cim_360_amount_due = due.get(entity, 0.0)
            partner.cim_360_amount_overdue = overdue.get(entity, 0.0)
            sold = sales.get(entity, 0.0)
            partner.cim_360_dso = (
                round(open_amount.get(entity, 0.0) / sold * 365) if sold > 0 else 0
            )

    @api.depends("opportunity_ids.stage_id.is_won", "opportunity_ids.date_closed")
    def _compute_cim_last_won_date(self):
        for partner in self:
            won = partner.opportunity_ids.filtered(lambda lead: lead.stage_id.is_won)
            dates = [lead.date_closed or lead.write_date for lead in won]
            partner.cim_last_won_date = max(dates) if dates else False

    @api.depends(
        *RECYCLE_FIELDS,
        "cim_pool_id.followup_days",
        "cim_pool_id.won_days",
        "cim_pool_id.level_rule_ids.level_id",
        "cim_pool_id.level_rule_ids.followup_days",
        "cim_pool_id.level_rule_ids.won_days",
    )
    def _compute_cim_recycle_date(self):
        for partner in self:
            deadlines = partner._cim_recycle_deadlines()
            partner.cim_recycle_date = min(deadlines)[0] if deadlines else False

    def _cim_recycle_deadlines(self):
        """[(date, reason)] of the pool rules that apply to this private customer."""
        self.ensure_one()
        pool = self.cim_pool_id
        if not (pool and self.user_id and self.cim_claim_date):
            return []
        followup_days, won_days = pool._days_for_level(self.customer_level_id)
        claimed = self.cim_claim_date
        deadlines = []
        if followup_days:
            start = max(claimed, self.cim_last_followup or claimed)
            deadlines.append(
                (
                    start.date() + timedelta(days=followup_days),
                    self.env._("no follow-up for %(days)s days", days=followup_days),
                )
            )
        won_since_claim = self.cim_last_won_date and self.cim_last_won_date >= claimed
        if won_days and not won_since_claim:
            deadlines.append(
                (
                    claimed.date() + timedelta(days=won_days),
                    self.env._("no won deal %(days)s days after the claim", days=won_days),
                )
            )
        return deadlines

    def _compute_cim_days_to_recycle(self):
        today = fields.Date.context_today(self)
        for partner in self:
            recycle = partner.cim_recycle_date
            partner.cim_days_to_recycle = (recycle - today).days if recycle else 0

    @api.depends("state_id")
    def _compute_sales_region_id(self):
        Region = self.env["crm.sales.region"]
        cache = {}
        for partner in self:
            company = partner.company_id or self.env.company
            key = (partner.state_id.id, company.id)
            if key not in cache:
                cache[key] = Region._region_for_state(partner.state_id, company)
            partner.sales_region_id = cache[key]

    @api.depends("vat")
    def _compute_cim_invoice_taxpayer_id(self):
        for partner in self:
            if not partner.cim_invoice_taxpayer_id:
                partner.cim_invoice_taxpayer_id = partner.vat

    @api.depends("vat", "mobile", "phone", "email", "name", "is_company")
    def _compute_cim_keys(self):
        return super()._compute_cim_keys()

    def _cim_key_values(self):
        return {
            "uscc": self.vat,
            "mobile": self.mobile,
            "phone": self.phone,
            "email": self.email,
            # persons share names too often: only companies are compared by name
            "name": self.name if self.is_company else False,
        }

    def _cim_same_customer_domains(self):
        commercial_id = self.commercial_partner_id._origin.id or self._origin.id
        if not commercial_id:
            return [], []
        return (
            [("commercial_partner_id", "!=", commercial_id)],
            [
                "|",
                ("partner_id", "=", False),
                ("partner_id.commercial_partner_id", "!=", commercial_id),
            ],
        )

    @api.constrains("vat", "country_id", "is_company")
    def _check_cim_uscc(self):
        for partner in self:
            if not partner._cim_must_check_uscc():
                continue
            code = uscc.compact(partner.vat)
            if not uscc.is_valid(code):
                raise ValidationError(
                    self.env._(
                        "“%(code)s” is not a valid unified social credit code "
                        "(统一社会信用代码) for %(partner)s: it must have 18 characters "
                        "and a correct check digit.",
                        code=partner.vat,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("vat", "mobile", "phone", "email", "name", "is_company", "active")
    def _check_cim_duplicates(self):
        self.filtered("active")._cim_check_duplicates()

    def _cim_must_check_uscc(self):
        """Chinese companies carry an 18-character USCC in the Tax ID."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return bool(
            self.vat and self.is_company and company.cim_check_uscc and self.country_id.code == "CN"
        )

    def write(self, vals):
        if "customer_level_id" in vals and "cim_level_by_hand" not in vals:
            vals = dict(vals, cim_level_by_hand=True)
        return super().write(vals)

    # ------------------------------------------------------------------
    # pools: claim, release, distribute, recycle
    # ------------------------------------------------------------------

    def _read_format(self, fnames, load="_classic_read"):
        """Mask the fields a pool hides until a salesperson claims the customer."""
        result = super()._read_format(fnames, load=load)
        user = self.env.user
        # only salespeople compete for pool customers; service staff and admins see all
        if (
            self.env.su
            or not user.has_group("crm_integrated.crm_integrated_group_user")
            or user.has_group("crm_integrated.crm_integrated_group_manager")
        ):
            return result
        hidden_by_pool = {}
        for values in result:
            entity = self.browse(values["id"]).commercial_partner_id
            pool = entity.cim_pool_id
            if entity.user_id or not pool:
                continue
            if pool not in hidden_by_pool:
                hidden_by_pool[pool] = set(pool.sudo().hidden_field_ids.mapped("name"))
            for fname in hidden_by_pool[pool].intersection(values):
                if values[fname]:
                    values[fname] = "******"
        return result

    def _cim_lock_for_update(self):
        """Lock the rows so that two salespeople cannot claim the same customer at once."""
        self.flush_recordset(["user_id"])
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(["user_id"])

    def action_cim_claim(self):
        user = self.env.user
        self._cim_lock_for_update()
        for partner in self:
            if partner.user_id:
                raise UserError(
                    self.env._(
                        "%(partner)s is already owned by %(user)s.",
                        partner=partner.display_name,
                        user=partner.user_id.name,
                    )
                )
            if not partner.cim_pool_id:
                raise UserError(
                    self.env._(
                        "%(partner)s is not in a customer pool.", partner=partner.display_name
                    )
                )
            partner.cim_pool_id._check_claim(partner, user)
            partner._cim_move(user, "claim")
        return True

    def action_cim_release(self):
        reason = self.env.context.get("cim_reason")
        is_manager = self.env.user.has_group("crm_integrated.crm_integrated_group_manager")
        self._cim_lock_for_update()
        for partner in self:
            if partner.user_id != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only the owner releases %(partner)s to the pool.",
                        partner=partner.display_name,
                    )
                )
            if not partner.cim_pool_id:
                raise UserError(
                    self.env._(
                        "%(partner)s has no pool to return to: choose its pool first.",
                        partner=partner.display_name,
                    )
                )
            partner._cim_move(False, "release", reason=reason)
        return True

    def _cim_distribute(self, user, reason=False):
        """A pool manager (or sales administrator) gives customers to ``user``."""
        is_manager = self.env.user.has_group("crm_integrated.crm_integrated_group_manager")
        for partner in self:
            if not is_manager and self.env.user not in partner.cim_pool_id.manager_ids:
                raise UserError(
                    self.env._(
                        "Only the managers of pool %(pool)s distribute its customers.",
                        pool=partner.cim_pool_id.name,
                    )
                )
            partner._cim_move(user, "distribute", reason=reason)

    def _cim_move(self, user, action, reason=False, chatter=True):
        """Give the customers to ``user``, or back to their pool when ``user`` is empty; log
        each move in the ownership log and, with ``chatter``, in the customers' chatter,
        set-based. ``reason``: one text, or a dict {partner id: text}. The recycle cron
        moves thousands per run without chatter notes: the ownership log keeps the move
        and each previous owner gets one summary (``crm.customer.pool.log``)."""
        if not self:
            return self.env["crm.customer.pool.log"]
        reasons = reason if isinstance(reason, dict) else dict.fromkeys(self.ids, reason)
        previous = {partner.id: partner.user_id for partner in self}
        if chatter:
            # the notes name the owners: fetch their names only, not every field of their
            # partners
            owners = self.user_id.sudo()
            owners.fetch(["partner_id"])
            owners.partner_id.fetch(["name"])
        values = {"user_id": user.id if user else False, "cim_recycle_warned_for": False}
        if user:
            values["cim_claim_date"] = fields.Datetime.now()
        # the note below says who had the customer and who has it now: no tracking message
        self.sudo().with_context(mail_notrack=True).write(values)
        logs = (
            self.env["crm.customer.pool.log"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "pool_id": partner.cim_pool_id.id,
                        "action": action,
                        "user_from_id": previous[partner.id].id,
                        "user_to_id": user.id if user else False,
                        "reason": reasons.get(partner.id),
                    }
                    for partner in self
                ]
            )
        )
        if not chatter:
            return logs
        label = dict(logs._fields["action"]._description_selection(self.env))[action]
        pool_label = self.env._("pool")
        bodies = {}
        for partner in self:
            text = reasons.get(partner.id)
            suffix = f" ({text})" if text else ""
            bodies[partner.id] = Markup("<p>%s</p>") % self.env._(
                "%(action)s: %(from)s → %(to)s%(reason)s",
                action=label,
                **{
                    "from": previous[partner.id].name or pool_label,
                    "to": user.name if user else (partner.cim_pool_id.name or pool_label),
                },
                reason=suffix,
            )
        log_notes(self, bodies)
        return logs

    @api.model
    def _cim_hand_over(
        self, from_user, to_user, pool=None, reason=False, leads=True, activities=True
    ):
        """Move everything ``from_user`` owns to ``to_user`` (or to the pools) in one step.

        History stays: the chatter and the ownership log keep who had what.
        Returns the counts of customers, leads and activities moved.
        """
        if not self.env.user.has_group("crm_integrated.crm_integrated_group_manager"):
            raise UserError(self.env._("Only sales administrators hand customers over."))
        Partner = self.env["res.partner"].sudo()
        customers = Partner.search([("user_id", "=", from_user.id)])
        if not to_user:
            orphans = customers.filtered(lambda p: not p.cim_pool_id)
            if orphans and not pool:
                raise UserError(
                    self.env._(
                        "%(count)s customers have no pool: choose a salesperson or a pool.",
                        count=len(orphans),
                    )
                )
            orphans.write({"cim_pool_id": pool.id})
        customers._cim_move(to_user, "transfer", reason=reason)
        moved_leads = self.env["crm.lead"]
        if leads:
            moved_leads = (
                self.env["crm.lead"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", from_user.id),
                        ("active", "=", True),
                        ("probability", "<", 100),
                    ]
                )
            )
            moved_leads.write({"user_id": to_user.id if to_user else False})
        moved_activities = self.env["mail.activity"]
        if activities:
            moved_activities = (
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", from_user.id),
                        ("res_model", "in", ("res.partner", "crm.lead")),
                    ]
                )
            )
            if to_user:
                moved_activities.write({"user_id": to_user.id})
            else:
                # nobody takes over: the team leader of each lead, or the manager doing this
                for activity in moved_activities:
                    record = self.env[activity.res_model].sudo().browse(activity.res_id)
                    leader = record.team_id.user_id if activity.res_model == "crm.lead" else False
                    activity.user_id = leader or self.env.user
        return {
            "customers": len(customers),
            "leads": len(moved_leads),
            "activities": len(moved_activities),
        }

    def _cim_kept_by_pool_rules(self):
        """The customers of ``self`` that their pool's switches keep private."""
        keep_open = self.filtered(lambda p: p.cim_pool_id.keep_open_opportunities)
        kept = self.filtered(lambda p: p.cim_pool_id.keep_won_customers and p.cim_last_won_date)
        if keep_open:
            groups = (
                self.env["crm.lead"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id.commercial_partner_id", "in", keep_open.ids),
                        ("type", "=", "opportunity"),
                        ("active", "=", True),
                        ("probability", "<", 100),
                    ],
                    ["partner_id"],
                    ["__count"],
                )
            )
            kept |= self.browse({p.commercial_partner_id.id for p, _count in groups}) & keep_open
        return kept

    def _cim_recycle_reason(self):
        """The rule that returns this customer to the pool: the earliest deadline."""
        self.ensure_one()
        deadlines = self._cim_recycle_deadlines()
        return min(deadlines)[1] if deadlines else False

    # ------------------------------------------------------------------
    # follow-ups (跟进记录)
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------ customer value
    @api.model
    def _cron_customer_value(self):
        self._cim_compute_customer_value()

    @api.model
    def _cim_compute_customer_value(self, companies=None, batch_size=None):
        """RFM scores, segment and health score of every customer, set-based: two grouped
        queries, then one UPDATE per ``batch_size`` partner ids that writes the customers
        whose figures changed, each committed when run by the cron (a crash resumes: what
        was written is not written again). Then churn warnings for the owners of customers
        whose health dropped below the threshold. Customers shared between companies are
        valued with the first company's orders and rules."""
        companies = companies or self.env["res.company"].search([])
        for company in companies:
            self._cim_compute_value_for(
                company, batch_size or VALUE_BATCH, shared=company == companies[0]
            )

    @api.model
    def _cim_health_factors(self, company):
        """[(weight, SQL 0–100)] of the health score, over ``p`` (the partner), ``s`` (its
        order statistics) and ``ov`` (its overdue invoices). Other addons add factors
        (service tickets, satisfaction) by extending this method."""
        window = company.cim_rfm_window_days
        return [
            (
                company.cim_health_weight_frequency,
                SQL(
                    """CASE WHEN s.partner_id IS NULL THEN 0
                            WHEN s.earlier = 0 THEN (CASE WHEN s.frequency > 0 THEN 100 ELSE 0 END)
                            ELSE least(100, 100.0 * s.frequency
                                 * greatest(1, s.earlier_days) / (s.earlier * %s)) END""",
                    window,
                ),
            ),
            (
                company.cim_health_weight_overdue,
                SQL("greatest(0, 100 - coalesce(ov.days, 0))"),
            ),
            (
                company.cim_health_weight_followup,
                SQL(
                    """CASE WHEN p.cim_last_followup IS NULL THEN 0
                            ELSE greatest(0, least(100, 100 - (%s
                                 - (p.cim_last_followup AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
                                 - 7) * 100.0 / 83)) END""",
                    self._cim_value_today(company),
                    self._cim_value_tz(company),
                ),
            ),
        ]

    @api.model
    def _cim_value_tz(self, company):
        """Days of the customer-value computation are the company's (Asia/Shanghai) days."""
        return company.partner_id.tz or "Asia/Shanghai"

    @api.model
    def _cim_value_today(self, company):
        tz = pytz.timezone(self._cim_value_tz(company))
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _cim_compute_value_for(self, company, batch_size, shared=True):
        cr = self.env.cr
        self.env.flush_all()
        now = fields.Datetime.now()
        today = self._cim_value_today(company)
        tz = self._cim_value_tz(company)
        since = now - timedelta(days=company.cim_rfm_window_days)
        cr.execute("DROP TABLE IF EXISTS cim_value_stats, cim_value_overdue")
        cr.execute(
            SQL(
                """CREATE TEMP TABLE cim_value_stats AS
                   SELECT p.commercial_partner_id AS partner_id,
                          %(today)s - max(o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                              AS recency,
                          count(*) FILTER (WHERE o.date_order >= %(since)s) AS frequency,
                          count(*) FILTER (WHERE o.date_order < %(since)s) AS earlier,
                          %(since)s::date - min(o.date_order)::date AS earlier_days,
                          coalesce(sum(o.amount_untaxed / coalesce(nullif(o.currency_rate, 0), 1))
                                   FILTER (WHERE o.date_order >= %(since)s), 0) AS monetary
                     FROM sale_order o
                     JOIN res_partner p ON p.id = o.partner_id
                    WHERE o.state = 'sale' AND o.company_id = %(company)s
                 GROUP BY p.commercial_partner_id""",
                today=today,
                since=since,
                company=company.id,
                tz=tz,
            )
        )
        cr.execute("CREATE UNIQUE INDEX ON cim_value_stats (partner_id)")
        cr.execute(
            SQL(
                """CREATE TEMP TABLE cim_value_overdue AS
                   SELECT commercial_partner_id AS partner_id,
                          max(%(today)s - invoice_date_due) AS days
                     FROM account_move
                    WHERE move_type = 'out_invoice' AND state = 'posted'
                      AND payment_state IN ('not_paid', 'partial')
                      AND invoice_date_due < %(today)s AND company_id = %(company)s
                 GROUP BY commercial_partner_id""",
                today=today,
                company=company.id,
            )
        )
        cr.execute("CREATE UNIQUE INDEX ON cim_value_overdue (partner_id)")
        cr.execute(
            """SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY recency),
                      percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY frequency),
                      percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY monetary)
                 FROM cim_value_stats"""
        )
        r_cut, f_cut, m_cut = (cuts or [0, 0, 0, 0] for cuts in cr.fetchone())

        def score(value, cuts, higher_is_better=True):
            above = SQL(" + ").join(SQL("(%s > %s)::int", value, cut) for cut in cuts)
            return SQL("(1 + %s)", above) if higher_is_better else SQL("(5 - (%s))", above)

        r_sql = score(SQL("s.recency"), r_cut, higher_is_better=False)
        f_sql = score(SQL("s.frequency"), f_cut)
        m_sql = score(SQL("s.monetary"), m_cut)
        segments = self.env["crm.customer.segment"].search([("company_id", "=", company.id)])
        factors = [(w, f) for w, f in self._cim_health_factors(company) if w > 0]
        total_weight = sum(w for w, _f in factors) or 1
        health = SQL(
            "round((%s) / %s)",
            SQL(" + ").join(SQL("%s * (%s)", w, f) for w, f in factors) if factors else SQL("0"),
            total_weight,
        )
        segment = SQL(
            "CASE WHEN s.partner_id IS NULL THEN NULL ELSE %s END",
            segments._case_sql(r_sql, f_sql, m_sql),
        )
        level = self.env["crm.customer.level"]._cim_rule_case_sql(
            company, SQL("s.monetary"), SQL("s.frequency"), health, segment
        )
        level = (
            SQL("CASE WHEN p.cim_level_by_hand THEN p.customer_level_id ELSE %s END", level)
            if level
            else SQL("p.customer_level_id")
        )
        cr.execute(
            SQL(
                """SELECT min(id), max(id) FROM res_partner
                    WHERE id = commercial_partner_id
                      AND (company_id IS NULL OR company_id = %s)""",
                company.id,
            )
        )
        low, high = cr.fetchone()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        columns = [
            ("cim_rfm_recency", SQL("s.recency")),
            ("cim_rfm_frequency", SQL("s.frequency")),
            ("cim_rfm_monetary", SQL("s.monetary")),
            ("cim_rfm_r", SQL("CASE WHEN s.partner_id IS NULL THEN NULL ELSE %s END", r_sql)),
            ("cim_rfm_f", SQL("CASE WHEN s.partner_id IS NULL THEN NULL ELSE %s END", f_sql)),
            ("cim_rfm_m", SQL("CASE WHEN s.partner_id IS NULL THEN NULL ELSE %s END", m_sql)),
            (
                "cim_rfm_score",
                SQL(
                    "CASE WHEN s.partner_id IS NULL THEN NULL ELSE %s END",
                    SQL("%s::text || %s::text || %s::text", r_sql, f_sql, m_sql),
                ),
            ),
            ("cim_segment_id", segment),
            ("cim_health_score", health),
            ("customer_level_id", level),
        ]
        names = [SQL.identifier(name) for name, _value in columns]
        for start in range(low or 0, (high or -1) + 1, batch_size):
            # only the customers whose figures changed are written: a row update costs
            # every index of res_partner, and most customers are the same as yesterday. A
            # crash resumes by itself: what was written compares equal on the next run.
            cr.execute(
                SQL(
                    """UPDATE res_partner t
                          SET %(set)s, cim_value_date = %(now)s
                         FROM (SELECT p.id, %(values)s
                                 FROM res_partner p
                            LEFT JOIN cim_value_stats s ON s.partner_id = p.id
                            LEFT JOIN cim_value_overdue ov ON ov.partner_id = p.id
                                WHERE p.id >= %(start)s AND p.id < %(stop)s
                                  AND p.id = p.commercial_partner_id
                                  AND (p.company_id = %(company)s
                                       OR (%(shared)s AND p.company_id IS NULL))
                                  AND (p.customer_rank > 0 OR s.partner_id IS NOT NULL)) v
                        WHERE t.id = v.id
                          AND (t.cim_value_date IS NULL
                               OR (%(old)s) IS DISTINCT FROM (%(new)s))""",
                    set=SQL(", ").join(SQL("%s = v.%s", name, name) for name in names),
                    values=SQL(", ").join(
                        SQL("%s AS %s", value, name)
                        for name, (_n, value) in zip(names, columns, strict=True)
                    ),
                    old=SQL(", ").join(SQL("t.%s", name) for name in names),
                    new=SQL(", ").join(SQL("v.%s", name) for name in names),
                    now=now,
                    start=start,
                    stop=start + batch_size,
                    company=company.id,
                    shared=shared,
                )
            )
            done = min(start + batch_size, high + 1) - low
            self.env["ir.cron"]._notify_progress(done=done, remaining=high + 1 - low - done)
            if auto_commit:
                cr.commit()  # pylint: disable=invalid-commit
        cr.execute("DROP TABLE IF EXISTS cim_value_stats, cim_value_overdue")
        self.invalidate_model(
            [
                "cim_rfm_recency",
                "cim_rfm_frequency",
                "cim_rfm_monetary",
                "cim_rfm_r",
                "cim_rfm_f",
                "cim_rfm_m",
                "cim_rfm_score",
                "cim_segment_id",
                "cim_health_score",
                "cim_value_date",
                "customer_level_id",
            ]
        )
        self._cim_warn_churn(company, batch_size=CHURN_BATCH)

    @api.model
    def _cim_warn_churn(self, company, batch_size):
        """A to-do for the owner of each customer whose health dropped below the threshold,
        once per drop (re-armed when the score recovers)."""
        threshold = company.cim_churn_threshold
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET cim_churn_warned = false
                    WHERE cim_churn_warned AND (cim_health_score >= %s OR cim_health_score IS NULL)
                      AND (company_id IS NULL OR company_id = %s)""",
                threshold,
                company.id,
            )
        )
        self.invalidate_model(["cim_churn_warned"])
        if not threshold:
            return
        self.env.cr.execute(
            SQL(
                """SELECT id FROM res_partner
                    WHERE cim_health_score < %s AND NOT coalesce(cim_churn_warned, false)
                      AND user_id IS NOT NULL AND active
                      AND (company_id IS NULL OR company_id = %s)
                 ORDER BY id""",
                threshold,
                company.id,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        summary = self.env._("Customer health is low: call or visit before they churn")
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for start in range(0, len(ids), batch_size):
            partners = self.browse(ids[start : start + batch_size])
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": todo.id,
                        "summary": summary,
                        "note": self.env._(
                            "Health score %(score)s (RFM %(rfm)s, segment %(segment)s).",
                            score=partner.cim_health_score,
                            rfm=partner.cim_rfm_score or "-",
                            segment=partner.cim_segment_id.name or "-",
                        ),
                        "user_id": partner.user_id.id,
                    }
                    for partner in partners
                ]
            )
            partners.write({"cim_churn_warned": True})
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _cim_touch_followup(self):
        self.commercial_partner_id.sudo().write({"cim_last_followup": fields.Datetime.now()})

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if _is_followup(self.env, kwargs):
            self._cim_touch_followup()
        return message


VALUE_BATCH = 50000
CHURN_BATCH = 1000  # partner ids per UPDATE of the customer-value cron


def _is_followup(env, post_kwargs):
    """A note or message written by an employee, or a done activity, is a follow-up."""
    if not env.user._is_internal():
        return False
    return post_kwargs.get("message_type", "notification") == "comment" or bool(
        post_kwargs.get("mail_activity_type_id")
    )
