# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, float_round

ROUNDING_METHODS = {"down": "DOWN", "half_up": "HALF-UP", "up": "UP"}


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    tier_ids = fields.One2many("loyalty.member.tier", "program_id", string="Member Tiers")
    tier_count = fields.Integer(compute="_compute_tier_count")
    # stored flags: the confirmation of an order reads the tiers and promotions of its
    # program only when there are some
    has_promotions = fields.Boolean(compute="_compute_has_rules", store=True)
    top_tier_id = fields.Many2one(
        "loyalty.member.tier", compute="_compute_has_rules", store=True, string="Highest Tier"
    )
    ledger_locked = fields.Boolean(
        string="Immutable Points Ledger",
        help="Posted ledger lines can neither be changed nor deleted: cancellations post "
        "reversal lines and cards get a member number.",
    )
    earn_moment = fields.Selection(
        [
            ("confirm", "Order confirmation"),
            ("posted", "Invoice posted"),
            ("paid", "Invoice paid"),
        ],
        string="Points Earned On",
        default="confirm",
        required=True,
        help="Order confirmation is Odoo's behaviour. With invoice posted or paid, the points "
        "of a confirmed order are pending and credited when its invoices post or are paid; "
        "credit notes post reversal lines in proportion.",
    )
    points_rounding = fields.Selection(
        [
            ("none", "As computed"),
            ("down", "Round down"),
            ("half_up", "Round half up"),
            ("up", "Round up"),
        ],
        default="none",
        required=True,
        help="Rounding of the points of an order to whole points (e.g. 1 point per ¥10).",
    )
    max_points_per_order = fields.Float(
        string="Points Cap per Order", help="Most points one order can earn; 0 means no cap."
    )
    promotion_ids = fields.One2many(
        "loyalty.points.promotion", "program_id", string="Points Promotions"
    )
    points_expiry = fields.Selection(
        [
            ("never", "Never"),
            ("months", "After a number of months"),
            ("next_year_end", "End of the following year"),
        ],
        default="never",
        required=True,
        help="When the points of each earning expire; redemptions use the oldest first.",
    )
    points_expiry_months = fields.Integer(string="Expiry (months)", default=12)
    expiry_warning_days = fields.Integer(
        string="Warn Days Before Expiry",
        default=30,
        help="Members are e-mailed once this many days before points expire; 0 disables it.",
    )

    point_value = fields.Float(
        digits=(16, 4),
        default=0.0,
        help="Value of one point in the company currency: the outstanding points liability.",
    )
    dormant_days = fields.Integer(
        default=180, help="A member without a confirmed order for this many days is dormant."
    )
    dormant_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Reactivation Coupon",
        domain=[("program_type", "in", ("coupons", "promotion", "next_order_coupons"))],
        help="Program of the coupon a dormant member gets, with a care e-mail, once per dormancy.",
    )
    birthday_points = fields.Float(help="Points given on the member's birthday, once a year.")
    birthday_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Birthday Coupon",
        domain=[("program_type", "in", ("coupons", "promotion", "next_order_coupons"))],
    )

    @api.constrains("earn_moment", "ledger_locked", "max_points_per_order", "points_expiry_months")
    def _check_member_settings(self):
        for program in self:
            if program.earn_moment != "confirm" and not program.ledger_locked:
                raise ValidationError(
                    self.env._(
                        "Program %(program)s earns points on invoices: it needs the immutable "
                        "points ledger.",
                        program=program.name,
                    )
                )
            if program.max_points_per_order < 0 or program.points_expiry_months < 0:
                raise ValidationError(
                    self.env._(
                        "The points cap and the expiry period of program %(program)s cannot be "
                        "negative.",
                        program=program.name,
                    )
                )

    @api.depends("tier_ids.active", "tier_ids.sequence", "promotion_ids.active")
    def _compute_has_rules(self):
        for program in self:
            program.has_promotions = bool(program.promotion_ids)
            program.top_tier_id = program.tier_ids.sorted("sequence")[-1:]

    def _compute_tier_count(self):
        for program in self:
            program.tier_count = len(program.tier_ids)

    def _tier_for(self, spend=0.0, points=0.0, orders=0):
        """The highest tier of this program reached by these figures (or none)."""
        self.ensure_one()
        if not self.top_tier_id:
            return self.env["loyalty.member.tier"]
        reached = self.tier_ids.filtered(lambda t: t._is_reached(spend, points, orders))
        return reached.sorted("sequence")[-1:] if reached else reached

    def _has_points_rules(self):
        """Whether the amount rules of this module change Odoo's points."""
        self.ensure_one()
        return bool(
            self.top_tier_id
            or self.has_promotions
            or self.max_points_per_order
            or self.points_rounding != "none"
        )

    def _promotion_multiplier(self, date):
        self.ensure_one()
        multiplier = 1.0
        if not self.has_promotions:
            return multiplier
        for promotion in self.promotion_ids:
            if promotion.date_from <= date <= promotion.date_to:
                multiplier *= promotion.multiplier
        return multiplier

    def _adjust_points(self, points, date, tier=None):
        """Odoo's points of an order times the tier and promotion multipliers, capped, rounded."""
        self.ensure_one()
        if tier is None:
            tier = self._tier_for()
        tier_multiplier = tier._points_multiplier_of(tier.id) if tier else 1.0
        points *= tier_multiplier * self._promotion_multiplier(date)
        if self.max_points_per_order:
            points = min(points, self.max_points_per_order)
        return self._round_points(points)

    def _round_points(self, points):
        self.ensure_one()
        method = ROUNDING_METHODS.get(self.points_rounding)
        if not method:
            return float_round(points, precision_digits=2)
        # points are rounded to 2 digits first so that 1.1 * 10 (11.000000000000002) is 11
        return float_round(
            float_round(points, precision_digits=6), precision_digits=0, rounding_method=method
        )

    def _expiry_date_for(self, date):
        self.ensure_one()
        if self.points_expiry == "months" and self.points_expiry_months:
            return date + relativedelta(months=self.points_expiry_months)
        if self.points_expiry == "next_year_end":
            return date.replace(year=date.year + 1, month=12, day=31)
        return False

    def _give_coupons(self, partners, description):
        """Coupons of this program for the partners (Odoo's generation wizard, one batch)."""
        self.ensure_one()
        if not partners:
            return self.env["loyalty.card"]
        before = (
            self.env["loyalty.card"]
            .sudo()
            .search([("program_id", "=", self.id), ("partner_id", "in", partners.ids)])
        )
        self.env["loyalty.generate.wizard"].sudo().create(
            {
                "program_id": self.id,
                "mode": "selected",
                "customer_ids": [fields.Command.set(partners.ids)],
                "points_granted": 1,
                "description": description,
            }
        ).generate_coupons()
        return (
            self.env["loyalty.card"]
            .sudo()
            .search([("program_id", "=", self.id), ("partner_id", "in", partners.ids)])
            - before
        )

    def _purchase_queries(self):
        """SQL queries of (partner_id, date_order) rows: the purchases of this program's
        members. Modules selling elsewhere (the till) add theirs."""
        self.ensure_one()
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        return [
            SQL(
                """SELECT so.partner_id, so.date_order
                     FROM sale_order so
                    WHERE so.state = 'sale'
                      AND so.partner_id IN (
                          SELECT partner_id FROM loyalty_card
                           WHERE program_id = %s AND partner_id IS NOT NULL)""",
                self.id,
            )
        ]

    def _dormant_candidates(self, cutoff, limit=None):
        """[(card id, last purchase date)] of the members whose last purchase is older
        than ``cutoff`` and whose dormancy has not been answered yet: one query, only the
        candidates come back."""
        self.ensure_one()
        self.env["loyalty.card"].flush_model(["program_id", "partner_id", "dormant_since"])
        purchases = SQL(" UNION ALL ").join(self._purchase_queries())
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, lo.last_order
                  FROM loyalty_card c
                  JOIN (
                        SELECT p.partner_id, MAX(p.date_order)::date AS last_order
                          FROM (%(purchases)s) p
                      GROUP BY p.partner_id
                       ) lo ON lo.partner_id = c.partner_id
                 WHERE c.program_id = %(program)s
                   AND lo.last_order < %(cutoff)s
                   AND c.dormant_since IS DISTINCT FROM lo.last_order
              ORDER BY c.id
                 LIMIT %(limit)s
                """,
                purchases=purchases,
                program=self.id,
                cutoff=cutoff,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    def _run_dormant_campaign(self, batch_size=1000):
        """Reactivate the members without an order for ``dormant_days``: a coupon and a
        care e-mail, once per dormancy (until they order again). Only the candidates are
        loaded, in batches (committed one by one when run by the cron)."""
        self.ensure_one()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        today = fields.Date.context_today(self)
        cutoff = today - timedelta(days=self.dormant_days)
        template = self.env.ref("member_loyalty.mail_template_dormant_care", False)
        Card = self.env["loyalty.card"].sudo()
        fired = Card
        while True:
            rows = self._dormant_candidates(cutoff, limit=batch_size)
            if not rows:
                break
            last_orders = dict(rows)
            dormant = Card.browse(last_orders)
            self.dormant_coupon_program_id._give_coupons(
                dormant.partner_id, self.env._("Welcome back")
            )
            for card in dormant:
                card.dormant_since = last_orders[card.id]
                if template and card.partner_id.email:
                    template.send_mail(card.id, email_layout_xmlid="mail.mail_notification_light")
            fired |= dormant
            if auto_commit:
                self.env["ir.cron"]._notify_progress(done=len(fired), remaining=0)
                self.env.cr.commit()  # pylint: disable=invalid-commit
                dormant.invalidate_recordset()
        return fired

    def _run_birthday_campaign(self):
        """Birthday points (a campaign ledger line) and coupon, once a year."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("program_id", "=", self.id),
                    ("partner_id.birthday", "!=", False),
                    ("birthday_year", "!=", today.year),
                ]
            )
            .filtered(
                lambda c: (
                    (c.partner_id.birthday.month, c.partner_id.birthday.day)
                    == (today.month, today.day)
                )
            )
        )
        if not cards:
            return cards
        if self.birthday_points:
            self.env["loyalty.card"]._post_ledger_lines(
                [
                    {
                        "card_id": card.id,
                        "kind": "campaign",
                        "issued": self.birthday_points,
                        "description": self.env._("Birthday points"),
                    }
                    for card in cards
                ]
            )
        if self.birthday_coupon_program_id:
            self.birthday_coupon_program_id._give_coupons(
                cards.partner_id, self.env._("Happy birthday")
            )
        cards.write({"birthday_year": today.year})
        return cards

    @api.model
    def _cron_member_campaigns(self):
        programs = self.sudo().search([("ledger_locked", "=", True)])
        for program in programs:
            if program.dormant_coupon_program_id and program.dormant_days > 0:
                program._run_dormant_campaign()
            if program.birthday_points or program.birthday_coupon_program_id:
                program._run_birthday_campaign()

    def action_view_tiers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "member_loyalty.loyalty_member_tier_action"
        )
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
