# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    loyalty_points_pending = fields.Float(
        compute="_compute_loyalty_points_pending",
        string="Pending Points",
        help="Points of this order that its invoices have not earned yet (programs that earn "
        "on invoice posting or payment).",
    )
    member_tier_id = fields.Many2one("loyalty.member.tier", compute="_compute_member_card")
    member_points = fields.Float(
        compute="_compute_member_card", help="Balance of the customer's membership card."
    )

    @api.depends("partner_id")
    def _compute_member_card(self):
        program = self.env.company.member_program_id
        cards = self.env["loyalty.card"]
        partners = self.partner_id.commercial_partner_id | self.partner_id
        if program and partners:
            cards = cards.sudo().search(
                [("program_id", "=", program.id), ("partner_id", "in", partners.ids)]
            )
        card_by_partner = {card.partner_id.id: card for card in cards}
        for order in self:
            card = card_by_partner.get(order.partner_id.id) or card_by_partner.get(
                order.partner_id.commercial_partner_id.id, cards.browse()
            )
            order.member_tier_id = card.tier_id
            order.member_points = card.points

    def _compute_loyalty_points_pending(self):
        for order in self:
            pending = order._deferred_points()
            if pending and order.state == "sale":
                earned = order._earned_points()
                order.loyalty_points_pending = sum(
                    max(points - earned.get(card, 0.0), 0.0) for card, points in pending.items()
                )
            else:
                order.loyalty_points_pending = 0.0

    # ------------------------------------------------------------------ points held

    def _deferred_points(self):
        """{card: points} this order earns on its invoices rather than on confirmation."""
        self.ensure_one()
        points = defaultdict(float)
        for coupon_point in self.coupon_point_ids:
            if coupon_point.coupon_id.program_id.earn_moment != "confirm":
                points[coupon_point.coupon_id] += coupon_point.points
        return points

    def _earned_points(self):
        """{card: points} the invoices of this order have earned, net of reversals."""
        self.ensure_one()
        earned = defaultdict(float)
        lines = (
            self.env["loyalty.history"]
            .sudo()
            .search(
                [
                    ("order_model", "=", self._name),
                    ("order_id", "=", self.id),
                    ("move_id", "!=", False),
                ]
            )
        )
        for line in lines:
            earned[line.card_id] += line.issued
        return earned

    def _get_point_changes(self):
        """Points of programs earning on invoices are not credited on confirmation."""
        changes = super()._get_point_changes()
        for coupon_point in self.coupon_point_ids:
            if coupon_point.coupon_id.program_id.earn_moment != "confirm":
                changes[coupon_point.coupon_id] -= coupon_point.points
        return changes

    def _get_real_points_for_coupon(self, coupon, post_confirm=False):
        points = super()._get_real_points_for_coupon(coupon, post_confirm=post_confirm)
        program = coupon.program_id
        if (
            program.earn_moment != "confirm"
            and program.applies_on != "future"
            and self.state not in ("sale", "done")
        ):
            # the points of this order are pending: they cannot pay for its rewards
            points -= sum(
                self.coupon_point_ids.filtered(lambda p: p.coupon_id == coupon).mapped("points")
            )
            points = coupon.currency_id.round(points)
        return points

    def _add_points_for_coupon(self, coupon_points):
        held = {}
        if self.state == "sale":
            held = {c: p for c, p in coupon_points.items() if c.program_id.earn_moment != "confirm"}
        res = super()._add_points_for_coupon(coupon_points)
        for coupon, points in held.items():
            coupon.sudo().points -= points
        return res

    def _add_loyalty_history_lines(self):
        """Odoo's confirmation lines; pending points are not issued by them."""
        self.ensure_one()
        if not any(p.coupon_id.program_id.earn_moment != "confirm" for p in self.coupon_point_ids):
            return super()._add_loyalty_history_lines()
        points_per_coupon = defaultdict(lambda: {"issued": 0.0, "cost": 0.0})
        for coupon_point in self.coupon_point_ids:
            if coupon_point.coupon_id.program_id.earn_moment == "confirm":
                points_per_coupon[coupon_point.coupon_id]["issued"] = coupon_point.points
        for line in self.order_line:
            if line.coupon_id:
                points_per_coupon[line.coupon_id]["cost"] = line.points_cost
        vals_list = [
            {
                "order_id": self.id,
                "order_model": self._name,
                "description": self.env._("Order %s", self.display_name),
                "card_id": coupon.id,
                "issued": values["issued"],
                "used": values["cost"],
            }
            for coupon, values in points_per_coupon.items()
            if values["issued"] or values["cost"]
        ]
        return self.env["loyalty.history"].sudo().create(vals_list)

    def _program_check_compute_points(self, programs):
        """Odoo's points times the tier and promotion multipliers, capped and rounded."""
        result = super()._program_check_compute_points(programs)
        adjusted = programs.filtered(lambda p: p._has_points_rules())
        if not adjusted:
            return result
        # the member's cards are usually on the order already (no query); else one query
        # reads them with the columns Odoo reads next (balance, expiry, code)
        Card = self.env["loyalty.card"].sudo()
        cards = self.coupon_point_ids.coupon_id.sudo().filtered(
            lambda c: c.program_id in adjusted and c.partner_id == self.partner_id
        )
        if self.partner_id and cards.program_id != adjusted:
            cards |= Card.search_fetch(
                [
                    ("program_id", "in", (adjusted - cards.program_id).ids),
                    ("partner_id", "=", self.partner_id.id),
                ],
                [name for name, field in Card._fields.items() if field.prefetch is True],
            )
        date = fields.Date.context_today(self, self.date_order or fields.Datetime.now())
        for program in adjusted:
            status = result.get(program, {})
            if not status.get("points"):
                continue
            card = cards.filtered(lambda c, p=program: c.program_id == p)[:1]
            tier = card.tier_id if card.tier_id else program._tier_for()
            status["points"] = [
                program._adjust_points(points, date, tier) if points else points
                for points in status["points"]
            ]
        return result

    # ------------------------------------------------------------------ confirm, cancel

    def action_confirm(self):
        # row-lock the cards whose points this confirmation spends before Odoo checks their
        # balance: two concurrent redemptions cannot both spend it
        self.order_line.filtered("points_cost").coupon_id.sudo()._lock()
        res = super(SaleOrder, self.with_context(member_loyalty_confirming=True)).action_confirm()
        # the spend and order count of the confirmed orders may reach a higher tier
        self.coupon_point_ids.coupon_id.filtered(
            lambda c: c.program_id.ledger_locked and c.program_id.top_tier_id
        )._upgrade_tiers()
        return res

    def _action_cancel(self):
        """On locked ledgers a cancellation posts reversal lines instead of deleting."""
        confirmed = self.filtered(lambda o: o.state == "sale")
        lines = (
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", self._name), ("order_id", "in", confirmed.ids)])
        )
        locked = lines._locked()
        if locked:
            locked.card_id._lock()
            for order in confirmed:
                order_lines = locked.filtered(lambda line, o=order: line.order_id == o.id)
                description = self.env._("Cancellation of %s", order.display_name)
                # Odoo moves the balance back for the confirmation lines, the engine for
                # the lines the invoices posted
                order_lines.filtered(lambda line: not line.move_id)._reverse(description)
                order_lines.filtered(lambda line: line.move_id and not line.reversed_id)._reverse(
                    description, update_points=True
                )
        # the posted lines are excluded from the deletion done by sale_loyalty. Whoever may
        # cancel the orders may undo their points: sale_loyalty's clean-up of the points
        # links and cards needs rights salespeople lack, so it runs as superuser once the
        # user's own right on the orders is checked (the user stays the author).
        self.check_access("write")
        orders = self.sudo() if not self.env.su else self
        return super(SaleOrder, orders.with_context(member_loyalty_cancel=True))._action_cancel()

    def _update_loyalty_history(self, coupon_id, points):
        if not coupon_id.program_id.ledger_locked:
            return super()._update_loyalty_history(coupon_id, points)
        self.ensure_one()
        return (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": coupon_id.id,
                    "description": self.env._("Order %s", self.display_name),
                    "used": points,
                    "order_model": self._name,
                    "order_id": self.id,
                }
            )
        )

    # ------------------------------------------------------------------ invoices

    def _loyalty_earn_from_invoice(self, invoice, share, moment):
        """Post the points ``share`` (0-1, negative for a credit note) of this order earns.

        Invoices earn for the programs of this ``moment``; credit notes take back in
        proportion, never more than the invoices earned. A move earns once per card.
        """
        self.ensure_one()
        pending = self._deferred_points()
        if not pending:
            return self.env["loyalty.history"]
        History = self.env["loyalty.history"].sudo()
        done_cards = (
            History.search([("move_id", "=", invoice.id), ("reversed_id", "=", False)])
            .filtered(lambda line: not line.reversal_ids)
            .card_id
        )
        earned = self._earned_points()
        vals_list = []
        for card, points in pending.items():
            program = card.program_id
            if card in done_cards:
                continue
            if share > 0:
                if program.earn_moment != moment:
                    continue
                # never more than the order's points in total
                amount = min(program._round_points(points * share), points - earned[card])
                description = self.env._("Invoice %s", invoice.name)
            else:
                amount = -min(program._round_points(points * -share), earned[card])
                description = self.env._("Credit note %s", invoice.name)
            if amount:
                vals_list.append(
                    {
                        "card_id": card.id,
                        "kind": "earn" if amount > 0 else "reversal",
                        "issued": amount,
                        "order_model": self._name,
                        "order_id": self.id,
                        "move_id": invoice.id,
                        "description": description,
                    }
                )
        if not vals_list:
            return History
        return self.env["loyalty.card"]._post_ledger_lines(vals_list)
