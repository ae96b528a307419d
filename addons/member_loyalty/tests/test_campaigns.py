# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestCampaigns(MemberLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coupon_program = cls.env["loyalty.program"].create(
            {
                "name": "老客户回馈券",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cls.program.write(
            {
                "dormant_days": 180,
                "dormant_coupon_program_id": cls.coupon_program.id,
                "birthday_points": 88,
            }
        )

    def _coupons(self):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.coupon_program.id), ("partner_id", "=", self.partner.id)]
        )

    def _care_mails(self, card):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "loyalty.card"),
                ("res_id", "=", card.id),
                ("subject", "ilike", "miss you"),
            ]
        )

    def test_dormant_reactivation_once_per_dormancy(self):
        with freeze_time("2025-01-05"):
            self._confirmed_order()
        card = self._card()
        Program = self.env["loyalty.program"]
        with freeze_time("2025-06-01"):
            Program._cron_member_campaigns()
        self.assertFalse(self._coupons(), "148 days: not dormant yet")
        with freeze_time("2025-07-15"):
            Program._cron_member_campaigns()
            Program._cron_member_campaigns()
        self.assertEqual(len(self._coupons()), 1, "one coupon per dormancy")
        self.assertEqual(len(self._care_mails(card)), 1)
        self.assertEqual(card.dormant_since, date(2025, 1, 5))
        with freeze_time("2025-08-01"):
            self._confirmed_order()
        with freeze_time("2025-12-01"):
            Program._cron_member_campaigns()
        self.assertEqual(len(self._coupons()), 1, "active again since the new order")
        with freeze_time("2026-03-01"):
            Program._cron_member_campaigns()
        self.assertEqual(len(self._coupons()), 2, "dormant again: a new coupon")

    def test_birthday_points_once_a_year(self):
        self.partner.birthday = date(1980, 5, 20)
        card = self._make_card()
        Program = self.env["loyalty.program"]
        with freeze_time("2025-05-19"):
            Program._cron_member_campaigns()
        self.assertEqual(card.points, 0)
        with freeze_time("2025-05-20"):
            Program._cron_member_campaigns()
            Program._cron_member_campaigns()
        gift = card.history_ids.filtered(lambda line: line.kind == "campaign")
        self.assertEqual(gift.issued, 88)
        self.assertEqual(card.points, 88)
        self.assertEqual(card.ledger_balance, 88)
        with freeze_time("2026-05-20"):
            Program._cron_member_campaigns()
        self.assertEqual(card.points, 176)

    def test_birthday_coupon_and_tier_up_gift(self):
        self.program.write(
            {"birthday_points": 0, "birthday_coupon_program_id": self.coupon_program.id}
        )
        self.partner.birthday = date(1980, 5, 20)
        self._make_card()
        with freeze_time("2025-05-20"):
            self.env["loyalty.program"]._cron_member_campaigns()
            self.env["loyalty.program"]._cron_member_campaigns()
        self.assertEqual(len(self._coupons()), 1)
        self.gold.gift_program_id = self.coupon_program
        self.gold.min_spend = 5000
        self._confirmed_order([(self.machine, 6)])
        self.assertEqual(self._card().tier_id, self.gold)
        self.assertEqual(len(self._coupons()), 2, "a tier-up gift")
        self._confirmed_order([(self.machine, 6)])
        self.assertEqual(len(self._coupons()), 2, "once: already 金卡")

    def test_dormant_selection_loads_candidates_only(self):
        Partner = self.env["res.partner"]
        sleeper = Partner.create({"name": "济南重工机械有限公司", "email": "cg@jnzg.example.com"})
        active = Partner.create({"name": "苏州精密部件有限公司"})
        with freeze_time("2025-01-05"):
            self._confirmed_order()
            self._confirmed_order(partner=sleeper)
        with freeze_time("2025-07-01"):
            self._confirmed_order(partner=active)
        self.env["loyalty.card"].create({"program_id": self.program.id})  # no member
        cards = {p: self._card(p) for p in (self.partner, sleeper, active)}
        with freeze_time("2025-07-15"):
            cutoff = date(2025, 1, 16)
            self.assertEqual(
                self.program._dormant_candidates(cutoff),
                [
                    (cards[self.partner].id, date(2025, 1, 5)),
                    (cards[sleeper].id, date(2025, 1, 5)),
                ],
                "only the dormant members come back, not the active one nor the card without "
                "a member",
            )
            with self.assertQueryCount(__system__=1):
                self.program._dormant_candidates(cutoff)
            fired = self.program._run_dormant_campaign(batch_size=1)
            self.assertEqual(fired, cards[self.partner] | cards[sleeper], "both batches ran")
            self.assertFalse(self.program._dormant_candidates(cutoff), "answered: no candidate")
            self.assertFalse(self.program._run_dormant_campaign())
        self.assertEqual(len(self._coupons()), 1)
