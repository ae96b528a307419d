# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

# fields the ledger engine (superuser) maintains on posted lines
ENGINE_FIELDS = {"expiry_warned"}


class LoyaltyHistory(models.Model):
    """Points ledger line (积分流水).

    On programs with a locked ledger a line is posted when it is created: nobody changes
    or deletes it afterwards, not even an administrator. Corrections and cancellations are
    new lines that reverse the original (``reversed_id``). Each earning has an expiry date
    and remaining points; redemptions, expiries and reversals consume the oldest earnings
    first through allocation records created under the card's row lock.
    """

    _inherit = "loyalty.history"

    ledger_locked = fields.Boolean(related="card_id.program_id.ledger_locked")
    kind = fields.Selection(
        [
            ("order", "Order"),
            ("earn", "Earning"),
            ("redeem", "Redemption"),
            ("expire", "Expiry"),
            ("adjust", "Adjustment"),
            ("campaign", "Campaign"),
            ("reversal", "Reversal"),
        ],
        default="order",
        readonly=True,
        index=True,
    )
    date = fields.Date(default=fields.Date.context_today, readonly=True, index=True)
    partner_id = fields.Many2one(
        related="card_id.partner_id", store=True, index=True, precompute=True
    )
    program_id = fields.Many2one(
        related="card_id.program_id", store=True, index=True, precompute=True
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, index="btree_not_null"
    )
    reversed_id = fields.Many2one(
        "loyalty.history", string="Reverses", readonly=True, index="btree_not_null"
    )
    reversal_ids = fields.One2many("loyalty.history", "reversed_id", string="Reversals")
    expiry_date = fields.Date(readonly=True, index="btree_not_null")
    points_remaining = fields.Float(
        compute="_compute_points_remaining",
        store=True,
        precompute=True,
        help="Points of this earning not yet redeemed, expired or reversed.",
    )
    allocation_ids = fields.One2many("loyalty.points.allocation", "earn_line_id")
    spend_allocation_ids = fields.One2many("loyalty.points.allocation", "spend_line_id")
    expiry_warned = fields.Boolean(readonly=True, copy=False)
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, help="Approver of a manual adjustment."
    )
    create_uid = fields.Many2one("res.users", readonly=True)

    def init(self):
        # the expiry cron and FIFO look for earnings with points left
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS loyalty_history_open_earning_idx
               ON loyalty_history (card_id, expiry_date, id) WHERE points_remaining > 0"""
        )

    @api.depends("issued", "reversed_id", "allocation_ids.points")
    def _compute_points_remaining(self):
        for line in self:
            if line.reversed_id or line.issued <= 0 or not line.ledger_locked:
                line.points_remaining = 0.0
            else:
                line.points_remaining = line.issued - sum(line.allocation_ids.mapped("points"))

    def _locked(self):
        return self.filtered(lambda line: line.card_id.program_id.ledger_locked)

    @api.model_create_multi
    def create(self, vals_list):
        cards = self.env["loyalty.card"].browse({vals.get("card_id") for vals in vals_list})
        locked_cards = cards.filtered(lambda c: c.program_id.ledger_locked)
        if locked_cards:
            locked_cards._lock()
        today = fields.Date.context_today(self)
        for vals in vals_list:
            card = cards.browse(vals.get("card_id"))
            if card not in locked_cards:
                continue
            if vals.get("reversed_id"):
                vals["kind"] = "reversal"
            elif (
                "kind" not in vals
                and "default_kind" not in self.env.context
                and not vals.get("issued")
                and vals.get("used")
            ):
                vals["kind"] = "redeem"
            if (vals.get("issued") or 0) > 0 and not vals.get("reversed_id"):
                vals.setdefault("expiry_date", card.program_id._expiry_date_for(today))
        lines = super().create(vals_list)
        locked = lines._locked()
        locked._allocate()
        # crossing a tier threshold upgrades at once (a confirmation checks after its
        # order is confirmed, with the order's amount)
        if not self.env.context.get("member_loyalty_confirming"):
            locked.filtered(lambda line: line.issued > 0).card_id._upgrade_tiers()
        return lines

    def write(self, vals):
        if self._locked() and not (self.env.su and set(vals) <= ENGINE_FIELDS):
            raise UserError(
                self.env._(
                    "Posted points ledger lines cannot be changed; record a correction instead."
                )
            )
        return super().write(vals)

    def unlink(self):
        if self.env.context.get("member_loyalty_cancel"):
            # sale_loyalty deletes the lines of a cancelled order: the posted ones stay,
            # they have been reversed by new lines
            return super(LoyaltyHistory, self - self._locked()).unlink()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if self._locked():
            raise UserError(
                self.env._(
                    "Posted points ledger lines cannot be deleted; record a reversal instead."
                )
            )

    # ------------------------------------------------------------------ ledger engine

    def _allocate(self):
        """Consume earnings for these new lines, oldest expiry first (cards are locked)."""
        Allocation = self.env["loyalty.points.allocation"].sudo()
        for line in self.sorted("id"):
            rounding = line.card_id.currency_id.rounding or 0.01
            if line.reversed_id:
                # a reversed spending gives its earnings their points back
                Allocation.create(
                    [
                        {
                            "card_id": alloc.card_id.id,
                            "earn_line_id": alloc.earn_line_id.id,
                            "spend_line_id": line.id,
                            "points": -alloc.points,
                        }
                        for alloc in line.reversed_id.spend_allocation_ids
                    ]
                )
            if float_compare(line.issued, 0, precision_rounding=rounding) < 0:
                # reversed earning or credit note: the earnings of the same order go first
                first = line.reversed_id
                if not first and line.order_id:
                    first = self.search(
                        [
                            ("card_id", "=", line.card_id.id),
                            ("order_model", "=", line.order_model),
                            ("order_id", "=", line.order_id),
                            ("points_remaining", ">", 0),
                        ]
                    )
                line._consume(-line.issued, first=first)
            if float_compare(line.used, 0, precision_rounding=rounding) > 0:
                line._consume(line.used)

    def _consume(self, points, first=None):
        """Allocate ``points`` of the card's open earnings to this line (FIFO)."""
        self.ensure_one()
        rounding = self.card_id.currency_id.rounding or 0.01
        self.flush_model(["points_remaining"])
        earnings = self.search(
            [
                ("card_id", "=", self.card_id.id),
                ("points_remaining", ">", 0),
            ],
            order="expiry_date asc nulls last, id",
        )
        if first:
            earnings = (first & earnings) | (earnings - first)
        vals_list = []
        for earning in earnings:
            if float_is_zero(points, precision_rounding=rounding):
                break
            take = min(points, earning.points_remaining)
            vals_list.append(
                {
                    "card_id": self.card_id.id,
                    "earn_line_id": earning.id,
                    "spend_line_id": self.id,
                    "points": take,
                }
            )
            points = float_round(points - take, precision_rounding=rounding)
        self.env["loyalty.points.allocation"].sudo().create(vals_list)

    def _reverse(self, description, move=None, update_points=False):
        """Post one reversal line per line: the issued and used points swap sign.

        ``update_points`` also moves the card balance (lines posted by the engine; Odoo
        moves it itself for the lines of confirmed orders).
        """
        # spendings first: their earnings get their points back before being reversed
        to_reverse = self.filtered(lambda line: not line.reversal_ids).sorted(
            lambda line: (line.issued - line.used, line.id)
        )
        vals_list = [
            {
                "card_id": line.card_id.id,
                "description": description,
                "issued": -line.issued,
                "used": -line.used,
                "order_model": line.order_model,
                "order_id": line.order_id,
                "move_id": (move or line.move_id).id,
                "reversed_id": line.id,
            }
            for line in to_reverse
        ]
        if update_points:
            return self.env["loyalty.card"]._post_ledger_lines(vals_list)
        return self.sudo().create(vals_list)

    # ------------------------------------------------------------------ expiry

    def _expired_domain(self, today):
        return [
            ("expiry_date", "<", today),
            ("points_remaining", ">", 0),
            ("program_id.ledger_locked", "=", True),
        ]

    def _expire_points(self, limit=1000):
        """Post one expiry line per card for the expired earnings; returns (done, remaining)."""
        today = fields.Date.context_today(self)
        domain = self._expired_domain(today)
        earnings = self.sudo().search(domain, limit=limit, order="card_id, id")
        if not earnings:
            return 0, 0
        per_card = defaultdict(float)
        for earning in earnings:
            per_card[earning.card_id] += earning.points_remaining
        self.env["loyalty.card"]._post_ledger_lines(
            [
                {
                    "card_id": card.id,
                    "kind": "expire",
                    "used": points,
                    "description": self.env._("Points expired"),
                }
                for card, points in per_card.items()
            ]
        )
        remaining = self.sudo().search_count(domain)
        return len(earnings), remaining

    @api.model
    def _cron_expire_points(self, batch_size=1000):
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        while True:
            batch_done, remaining = self._expire_points(limit=batch_size)
            done += batch_done
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if not batch_done or not remaining or not auto_commit:
                break

    @api.model
    def _cron_warn_expiry(self, batch_size=1000):
        """E-mail members once about their points that expire within the warning period."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        today = fields.Date.context_today(self)
        template = self.env.ref("member_loyalty.mail_template_points_expiry", False)
        programs = (
            self.env["loyalty.program"]
            .sudo()
            .search([("ledger_locked", "=", True), ("expiry_warning_days", ">", 0)])
        )
        done = 0
        for program in programs:
            domain = [
                ("program_id", "=", program.id),
                ("points_remaining", ">", 0),
                ("expiry_warned", "=", False),
                ("expiry_date", ">=", today),
                ("expiry_date", "<=", fields.Date.add(today, days=program.expiry_warning_days)),
            ]
            while True:
                earnings = self.sudo().search(domain, limit=batch_size, order="card_id, id")
                if not earnings:
                    break
                cards = earnings.card_id.filtered(lambda c: c.partner_id.email)
                if template:
                    for card in cards:
                        template.send_mail(
                            card.id, email_layout_xmlid="mail.mail_notification_light"
                        )
                earnings.write({"expiry_warned": True})
                done += len(earnings)
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=self.sudo().search_count(domain)
                )
                if auto_commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
