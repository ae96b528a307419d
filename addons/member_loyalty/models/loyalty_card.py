# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare


class LoyaltyCard(models.Model):
    """A member's points account in a program; its ledger is ``history_ids``."""

    _inherit = "loyalty.card"

    member_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    join_date = fields.Date(default=fields.Date.context_today)
    tier_id = fields.Many2one(
        "loyalty.member.tier",
        string="Member Tier",
        domain="[('program_id', '=', program_id)]",
        tracking=True,
    )
    tier_since = fields.Date()
    tier_until = fields.Date()
    ledger_balance = fields.Float(
        compute="_compute_ledger", help="Sum of the ledger lines: issued minus used points."
    )
    lifetime_points = fields.Float(
        compute="_compute_ledger", help="All points ever earned, reversals deducted."
    )
    expiring_points = fields.Float(
        compute="_compute_expiring_points",
        help="Points that expire within the warning period of the program.",
    )
    next_expiry_date = fields.Date(compute="_compute_expiring_points")
    dormant_since = fields.Date(
        readonly=True, help="Last order of the dormancy the reactivation campaign answered."
    )
    birthday_year = fields.Integer(readonly=True, help="Year of the last birthday gift.")
    tier_history_ids = fields.One2many("loyalty.tier.history", "card_id", string="Tier Changes")

    _sql_constraints = [
        ("member_number_uniq", "unique(member_number)", "The member number must be unique."),
    ]

    @api.depends("history_ids.issued", "history_ids.used")
    def _compute_ledger(self):
        data = {
            card.id: (issued, used)
            for card, issued, used in self.env["loyalty.history"]
            .sudo()
            ._read_group([("card_id", "in", self.ids)], ["card_id"], ["issued:sum", "used:sum"])
        }
        for card in self:
            issued, used = data.get(card.id, (0.0, 0.0))
            card.ledger_balance = issued - used
            card.lifetime_points = issued

    def _compute_expiring_points(self):
        today = fields.Date.context_today(self)
        for card in self:
            limit = fields.Date.add(today, days=card.program_id.expiry_warning_days or 30)
            earnings = (
                self.env["loyalty.history"]
                .sudo()
                .search(
                    [
                        ("card_id", "=", card.id),
                        ("points_remaining", ">", 0),
                        ("expiry_date", "!=", False),
                    ],
                    order="expiry_date, id",
                )
            )
            soon = earnings.filtered(lambda e, limit=limit: e.expiry_date <= limit)
            card.expiring_points = sum(soon.mapped("points_remaining"))
            card.next_expiry_date = earnings[:1].expiry_date

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        for card in cards.filtered(lambda c: c.program_id.ledger_locked and c.partner_id):
            if not card.member_number:
                card.member_number = (
                    self.env["ir.sequence"].sudo().next_by_code("member_loyalty.member")
                )
            if not card.tier_id and card.program_id.tier_ids:
                entry = card.program_id._tier_for()
                if entry:
                    card._change_tier(entry, "entry", self.env._("Joined the program"))
        return cards

    # ------------------------------------------------------------------ ledger engine

    def _lock(self):
        """Row-lock the cards (SELECT … FOR UPDATE): concurrent point changes wait.

        Under Odoo's REPEATABLE READ isolation a transaction that waited for another one
        which changed the card fails with a serialization error (the request is retried on
        fresh data) instead of spending a stale balance.
        """
        if self.ids:
            self.flush_recordset(["points"])
            self.env.cr.execute(
                "SELECT id, points FROM loyalty_card WHERE id IN %s ORDER BY id FOR UPDATE",
                [tuple(self.ids)],
            )
            fresh = dict(self.env.cr.fetchall())
            # the balances read under the lock replace what the cache held
            self.invalidate_recordset(["points"], flush=False)
            self.env.cache.update(self.browse(fresh), self._fields["points"], fresh.values())

    @api.model
    def _post_ledger_lines(self, vals_list):
        """Post ledger lines and move the card balances accordingly, cards locked."""
        cards = self.browse({vals["card_id"] for vals in vals_list}).sudo()
        cards._lock()
        lines = self.env["loyalty.history"].sudo().create(vals_list)
        for line in lines:
            line.card_id.points += line.issued - line.used
        return lines

    def _redeem(self, points, description):
        """Exchange points (gift product, coupon): refuses to overdraw the balance."""
        self.ensure_one()
        self.sudo()._lock()
        if float_compare(self.sudo().points, points, precision_digits=2) < 0:
            raise UserError(
                self.env._(
                    "Only %(balance)s points are left on card %(card)s.",
                    balance=self.sudo().points,
                    card=self.code,
                )
            )
        return self._post_ledger_lines(
            [{"card_id": self.id, "kind": "redeem", "used": points, "description": description}]
        )

    def _exchange_reward(self, reward, product=None):
        """Exchange points for a reward outside an order: a redeem ledger line (locked,
        oldest earnings first) and a coupon of the reward's coupon program, or a confirmed
        zero-priced order of the gift product. Returns the coupon or the order."""
        self.ensure_one()
        reward = reward.sudo()
        points = reward.exchange_points
        if not points or not self.partner_id:
            raise UserError(
                self.env._(
                    "Reward %(reward)s cannot be exchanged for points on card %(card)s.",
                    reward=reward.description,
                    card=self.code,
                )
            )
        if float_compare(self.sudo().points, points, precision_digits=2) < 0:
            raise UserError(
                self.env._(
                    "%(reward)s needs %(points)s points; card %(card)s has only %(balance)s.",
                    reward=reward.description,
                    points=points,
                    card=self.member_number or self.code,
                    balance=self.sudo().points,
                )
            )
        description = self.env._("Points exchange: %s", reward.description)
        if reward.reward_type == "discount":
            self._redeem(points, description)
            result = (
                self.env["loyalty.card"]
                .sudo()
                .create(
                    {
                        "program_id": reward.program_id.id,
                        "partner_id": self.partner_id.id,
                        "points": reward.required_points,
                    }
                )
            )
            summary = self.env._("coupon %s", result.code)
        else:
            product = product or reward.reward_product_id or reward.reward_product_ids[:1]
            if product not in reward.reward_product_ids:
                raise UserError(
                    self.env._("%s is not a gift of this reward.", product.display_name)
                )
            result = (
                self.env["sale.order"]
                .sudo()
                .create(
                    {
                        "partner_id": self.partner_id.id,
                        "user_id": self.env.uid,
                        "company_id": self.company_id.id or self.env.company.id,
                        "origin": description,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": reward.reward_product_qty,
                                    "price_unit": 0.0,
                                    "discount": 0.0,
                                }
                            )
                        ],
                    }
                )
            )
            # not linked to the order (order_id): its cancellation would reverse the line
            # as an order's own redemption, which Odoo already moves on the balance
            self._redeem(points, f"{description} ({result.name})")
            result.action_confirm()
            summary = self.env._("gift order %s", result.name)
        self.sudo().message_post(
            body=self.env._(
                "%(points)s points exchanged for %(reward)s: %(result)s.",
                points=points,
                reward=reward.description,
                result=summary,
            )
        )
        return result

    def action_exchange_points(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exchange Points"),
            "res_model": "loyalty.gift.exchange",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }

    # ------------------------------------------------------------------ tiers

    def _tier_figures(self, months, spend=True, points=True):
        """{card: (spend, orders, points)} over the last ``months`` months, set-based; the
        figures no threshold uses (``spend``: spend and orders, ``points``) are not read."""
        since = fields.Date.context_today(self) - relativedelta(months=months)
        partners = self.partner_id
        orders = spend and {
            partner.id: (amount, count)
            for partner, amount, count in self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "=", "sale"),
                    ("date_order", ">=", since),
                ],
                ["partner_id"],
                ["amount_total:sum", "__count"],
            )
        }
        points = points and {
            card.id: issued
            for card, issued in self.env["loyalty.history"]
            .sudo()
            ._read_group(
                [
                    ("card_id", "in", self.ids),
                    ("kind", "in", ("order", "earn", "campaign", "reversal")),
                    ("date", ">=", since),
                ],
                ["card_id"],
                ["issued:sum"],
            )
        }
        return {
            card: (
                *(orders or {}).get(card.partner_id.id, (0.0, 0)),
                (points or {}).get(card.id, 0.0),
            )
            for card in self
        }

    def _reached_tier(self):
        """{card: the highest tier whose thresholds its figures reach}."""
        reached = {card: card.env["loyalty.member.tier"] for card in self}
        for program in self.program_id:
            cards = self.filtered(lambda c, p=program: c.program_id == p)
            figures_by_window = {}
            tiers = program.tier_ids.sorted("sequence")
            need_spend = any(tier.min_spend or tier.min_orders for tier in tiers)
            need_points = any(tier.min_points for tier in tiers)
            for tier in tiers:
                months = tier.window_months
                if months not in figures_by_window:
                    figures_by_window[months] = cards._tier_figures(months, need_spend, need_points)
                for card, (spend, orders, points) in figures_by_window[months].items():
                    if tier._is_reached(spend, points, orders):
                        reached[card] = tier
        return reached

    def _change_tier(self, tier, change, reason):
        self.ensure_one()
        old = self.tier_id
        today = fields.Date.context_today(self)
        self.sudo().write(
            {
                "tier_id": tier.id,
                "tier_since": today,
                "tier_until": tier.retention_months
                and today + relativedelta(months=tier.retention_months),
            }
        )
        self.env["loyalty.tier.history"].sudo().create(
            {
                "card_id": self.id,
                "old_tier_id": old.id,
                "new_tier_id": tier.id,
                "change": change,
                "reason": reason,
            }
        )
        if change != "entry":
            self._notify_tier_change(old, tier)
        if change == "upgrade" and tier.gift_program_id:
            tier.gift_program_id._give_coupons(
                self.partner_id, self.env._("Welcome to %s", tier.name)
            )

    def _notify_tier_change(self, old, new):
        template = self.env.ref("member_loyalty.mail_template_tier_change", False)
        if template and self.partner_id.email:
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        manager = self.partner_id.user_id or self.partner_id.commercial_partner_id.user_id
        if manager:
            self.partner_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._(
                    "Member tier: %(old)s → %(new)s", old=old.name or "-", new=new.name
                ),
            )

    def _upgrade_tiers(self):
        """Upgrade at once the cards whose figures cross a higher tier's threshold."""
        cards = self.filtered(lambda c: c.partner_id and c.tier_id != c.program_id.top_tier_id)
        if not cards:
            return
        for card, tier in cards._reached_tier().items():
            if tier and tier.sequence > card.tier_id.sequence:
                card._change_tier(
                    tier,
                    "upgrade",
                    self.env._("Threshold of %(tier)s reached", tier=tier.name),
                )

    def _evaluate_retention(self):
        """At the end of the retention period: keep the tier if it is still reached
        (a new period starts), or go down one tier."""
        today = fields.Date.context_today(self)
        for card, reached in self._reached_tier().items():
            current = card.tier_id
            lower = card.program_id.tier_ids.filtered(
                lambda t, c=current: t.sequence < c.sequence
            ).sorted("sequence")[-1:]
            if lower and not (reached and reached.sequence >= current.sequence):
                card._change_tier(
                    lower,
                    "downgrade",
                    self.env._(
                        "Retention period of %(tier)s ended below its thresholds",
                        tier=current.name,
                    ),
                )
            else:
                card.sudo().tier_until = today + relativedelta(
                    months=current.retention_months or 12
                )

    @api.model
    def _cron_evaluate_tiers(self, batch_size=500):
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = [
            ("tier_id", "!=", False),
            ("tier_until", "!=", False),
            ("tier_until", "<", fields.Date.context_today(self)),
        ]
        done = 0
        while True:
            cards = self.sudo().search(domain, limit=batch_size)
            if not cards:
                break
            cards._evaluate_retention()
            done += len(cards)
            remaining = self.sudo().search_count(domain)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if not auto_commit:
                break
            self.env.cr.commit()  # pylint: disable=invalid-commit
