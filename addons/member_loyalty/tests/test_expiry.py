# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestExpiryFifo(MemberLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write({"points_expiry": "months", "points_expiry_months": 12})

    def _earn(self, card, points):
        return self.env["loyalty.card"]._post_ledger_lines(
            [{"card_id": card.id, "kind": "adjust", "issued": points, "description": "奖励"}]
        )

    def test_expiry_dates(self):
        self.assertEqual(self.program._expiry_date_for(date(2025, 3, 5)), date(2026, 3, 5))
        self.program.points_expiry = "next_year_end"
        self.assertEqual(self.program._expiry_date_for(date(2025, 3, 5)), date(2026, 12, 31))
        self.program.points_expiry = "never"
        self.assertFalse(self.program._expiry_date_for(date(2025, 3, 5)))

    def test_fifo_redemption_then_expiry(self):
        card = self._make_card()
        with freeze_time("2025-01-10"):
            first = self._earn(card, 100)
        with freeze_time("2025-06-01"):
            second = self._earn(card, 50)
        self.assertEqual(
            (first.expiry_date, second.expiry_date), (date(2026, 1, 10), date(2026, 6, 1))
        )
        with freeze_time("2025-07-01"):
            redemption = card._redeem(120, "兑换礼品：保温杯")
        self.assertEqual(redemption.kind, "redeem")
        self.assertEqual(first.points_remaining, 0, "the oldest earning goes first")
        self.assertEqual(second.points_remaining, 30)
        self.assertEqual(redemption.spend_allocation_ids.earn_line_id, first | second)
        with freeze_time("2026-01-11"):
            self.env["loyalty.history"]._cron_expire_points()
            self.assertEqual(card.points, 30, "nothing left of the first earning to expire")
        with freeze_time("2026-06-02"):
            self.env["loyalty.history"]._cron_expire_points()
        expiry = card.history_ids.filtered(lambda line: line.kind == "expire")
        self.assertEqual(expiry.used, 30)
        self.assertEqual(card.points, 0)
        self.assertEqual(card.ledger_balance, 0)
        with freeze_time("2026-06-03"):
            self.env["loyalty.history"]._cron_expire_points()
        self.assertEqual(len(card.history_ids.filtered(lambda line: line.kind == "expire")), 1)

    def test_reward_on_order_consumes_oldest_and_cancel_gives_back(self):
        # earning on payment: the order's own points cannot pay for its reward
        self.program.earn_moment = "paid"
        card = self._make_card()
        with freeze_time("2025-01-10"):
            first = self._earn(card, 100)
        with freeze_time("2025-02-10"):
            second = self._earn(card, 100)
        with freeze_time("2025-03-01"):
            order = self._redeem_on(self._order([(self.machine, 1)]), card)
            order.action_confirm()
        spent = card.history_ids.filtered(lambda line: line.order_id == order.id)
        self.assertEqual(spent.used, 200)
        self.assertEqual(card.points, 0)
        self.assertEqual((first.points_remaining, second.points_remaining), (0, 0))
        # Odoo does not count the discount of the program itself against its points
        self.assertEqual(order.loyalty_points_pending, 100)
        order.with_user(self.sales_manager)._action_cancel()
        self.assertEqual((first.points_remaining, second.points_remaining), (100, 100))
        self.assertEqual(card.points, 200)
        self.assertEqual(card.ledger_balance, 200)

    def test_expiry_in_bounded_batches(self):
        cards = self.env["loyalty.card"]
        for i in range(3):
            partner = self.env["res.partner"].create({"name": f"会员{i}"})
            card = self.env["loyalty.card"].create(
                {"program_id": self.program.id, "partner_id": partner.id}
            )
            with freeze_time("2024-05-01"):
                self._earn(card, 10 * (i + 1))
            cards |= card
        with freeze_time("2025-05-02"):
            History = self.env["loyalty.history"]
            self.assertEqual(History._expire_points(limit=2), (2, 1))
            self.assertEqual(History._expire_points(limit=2), (1, 0))
            self.assertEqual(History._expire_points(limit=2), (0, 0))
        self.assertEqual(cards.mapped("points"), [0, 0, 0])

    def test_warning_mail_sent_once(self):
        card = self._make_card()
        with freeze_time("2025-01-10"):
            self._earn(card, 100)
        mails = self.env["mail.mail"].search(
            [("model", "=", "loyalty.card"), ("res_id", "=", card.id)]
        )
        with freeze_time("2025-11-01"):
            self.env["loyalty.history"]._cron_warn_expiry()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "loyalty.card"), ("res_id", "=", card.id)]
            ),
            len(mails),
            "not yet within the 30 days",
        )
        with freeze_time("2025-12-20"):
            self.env["loyalty.history"]._cron_warn_expiry()
            self.env["loyalty.history"]._cron_warn_expiry()
            card.invalidate_recordset(["expiring_points"])
            self.assertEqual(card.expiring_points, 100)
        new_mails = (
            self.env["mail.mail"].search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)])
            - mails
        )
        self.assertEqual(len(new_mails), 1)
        self.assertIn("100", new_mails.body_html)

    def test_redeem_cannot_overdraw(self):
        card = self._make_card(points=50)
        with self.assertRaises(UserError):
            card._redeem(60, "兑换")
        card._redeem(50, "兑换")
        self.assertEqual(card.points, 0)

    def test_ledger_and_allocations_immutable(self):
        card = self._make_card(points=100)
        redemption = card._redeem(40, "兑换")
        allocation = redemption.spend_allocation_ids
        for user in (self.salesman, self.sales_manager, self.env.ref("base.user_admin")):
            for record, change in (
                (redemption, lambda r: r.write({"used": 1})),
                (redemption, lambda r: r.write({"expiry_warned": True})),
                (redemption, lambda r: r.unlink()),
                (allocation, lambda r: r.write({"points": 1})),
                (allocation, lambda r: r.unlink()),
            ):
                try:
                    with self.cr.savepoint():
                        change(record.with_user(user))
                except (UserError, AccessError):
                    continue
                self.fail(f"{user.login} changed a posted {record._name}")
        self.assertEqual(allocation.points, 40)
