# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class PosOrder(models.Model):
    """Points of the till on locked ledgers.

    ``pos_loyalty`` moves a card's balance in ``confirm_coupon_programs`` and writes the
    history lines in a second call the till makes without waiting for it. On programs with
    the locked points ledger both happen in the first call, under the card's row lock: the
    balance cannot move without its ledger lines, a redemption never overdraws, the earned
    points get the member's tier and promotion multipliers, and spent points consume the
    oldest earnings first.
    """

    _inherit = "pos.order"

    member_history_ids = fields.Many2many(
        "loyalty.history",
        compute="_compute_member_history_ids",
        string="Points Ledger Lines",
    )

    def _compute_member_history_ids(self):
        lines = (
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", self._name), ("order_id", "in", self.ids)])
        )
        by_order = defaultdict(lambda: lines.browse())
        for line in lines:
            by_order[line.order_id] |= line
        for order in self:
            order.member_history_ids = by_order[order.id]

    def confirm_coupon_programs(self, coupon_data):
        self.ensure_one()
        coupon_data = {int(key): vals for key, vals in coupon_data.items()}
        # a provisional card of a customer who already has one becomes that card
        self._check_existing_loyalty_cards(coupon_data)
        Card = self.env["loyalty.card"].sudo()
        # the existing cards of locked ledgers are row-locked before Odoo moves their
        # balance: a concurrent till waits, then sees what the first one spent or earned
        locked = (
            Card.browse([key for key in coupon_data if key > 0])
            .exists()
            .filtered(lambda c: c.program_id.ledger_locked)
        )
        locked._lock()
        # what the reward lines spend is checked against that balance (a refund taking
        # points back may leave a negative balance, as a credit note does)
        spent = self._member_points_spent()
        for card in locked.filtered(lambda c: c in spent):
            change = coupon_data[card.id].get("points", 0.0)
            if float_compare(card.points + change, 0, precision_digits=2) < 0:
                raise UserError(
                    self.env._(
                        "Card %(card)s has %(balance)s points left: this order would spend "
                        "%(spent)s. Remove the reward and validate the order again.",
                        card=card.code,
                        balance=card.points,
                        spent=-change,
                    )
                )
        res = super().confirm_coupon_programs(coupon_data)
        # the balance change of each card: existing cards by id, new ones by the
        # provisional id the till gave them
        changes = {key: vals.get("points", 0.0) for key, vals in coupon_data.items() if key > 0}
        for update in res.get("coupon_updates", []):
            if update["old_id"] != update["id"]:
                changes[update["id"]] = coupon_data[update["old_id"]].get("points", 0.0)
        cards = Card.browse(changes).exists().filtered(lambda c: c.program_id.ledger_locked)
        if cards:
            # the ledger lines lock the new cards of this order as well
            self._member_post_points({card: changes[card.id] for card in cards}, spent)
            points = {card.id: card.points for card in cards}
            for update in res.get("coupon_updates", []):
                update["points"] = points.get(update["id"], update["points"])
        return res

    def _member_points_spent(self):
        """{card: points} the reward lines of this order spend."""
        spent = defaultdict(float)
        for line in self.lines.filtered(lambda line: line.is_reward_line and line.coupon_id):
            spent[line.coupon_id.sudo()] += line.points_cost
        return spent

    def _member_post_points(self, changes, spent_by_card):
        """Post this order's ledger lines for the cards of locked ledgers whose balance
        Odoo moved by ``changes`` ({card: points}); ``spent_by_card`` is what the reward
        lines spent ({card: points}, ``_member_points_spent``).

        What a card won is its change plus the points its reward lines spent; the
        program's tier and promotion multipliers, cap and rounding then apply to it.
        """
        self.ensure_one()
        History = self.env["loyalty.history"].sudo()
        date = fields.Date.context_today(self, self.date_order)
        vals_list = []
        for card, change in changes.items():
            spent = spent_by_card.get(card, 0.0)
            won = change + spent
            program = card.program_id
            if won > 0 and program._has_points_rules():
                tier = card.tier_id or program._tier_for()
                adjusted = program._adjust_points(won, date, tier)
                card.points += adjusted - won
                won = adjusted
            rounding = card.currency_id.rounding or 0.01
            if float_is_zero(won, precision_rounding=rounding) and float_is_zero(
                spent, precision_rounding=rounding
            ):
                continue
            vals_list.append(
                {
                    "card_id": card.id,
                    "order_model": self._name,
                    "order_id": self.id,
                    "description": self.env._("Onsite %s", self.display_name),
                    "issued": won,
                    "used": spent,
                }
            )
        return History.create(vals_list)

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        """The lines of locked ledgers were posted with the points: only the others."""
        id_mapping = {int(item["old_id"]): int(item["id"]) for item in coupon_updates}
        cards = self.env["loyalty.card"].sudo().browse(id_mapping.values()).exists()
        locked = set(cards.filtered(lambda c: c.program_id.ledger_locked).ids)
        coupon_data = [
            coupon for coupon in coupon_data if id_mapping.get(int(coupon["card_id"])) not in locked
        ]
        return super().add_loyalty_history_lines(coupon_data, coupon_updates)
