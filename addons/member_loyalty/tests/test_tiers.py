# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestTierChanges(MemberLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.silver = cls.env["loyalty.member.tier"].create(
            {
                "program_id": cls.program.id,
                "name": "银卡",
                "sequence": 2,
                "min_points": 300,
                "retention_months": 12,
            }
        )
        cls.gold.write({"min_spend": 5000, "retention_months": 12})
        cls.partner.user_id = cls.salesman

    def _mails(self, card):
        return self.env["mail.mail"].search(
            [("model", "=", "loyalty.card"), ("res_id", "=", card.id)]
        )

    def test_entry_then_upgrade_on_threshold(self):
        with freeze_time("2025-03-01"):
            self._confirmed_order()
            card = self._card()
            self.assertEqual(card.tier_id, self.regular)
            self.assertEqual(card.tier_history_ids.change, "entry")
            self._confirmed_order()
        self.assertEqual(card.tier_id, self.silver, "400 qualifying points reach 银卡")
        self.assertEqual(card.tier_since, date(2025, 3, 1))
        self.assertEqual(card.tier_until, date(2026, 3, 1))
        upgrade = card.tier_history_ids.filtered(lambda h: h.change == "upgrade")
        self.assertEqual((upgrade.old_tier_id, upgrade.new_tier_id), (self.regular, self.silver))
        self.assertIn("银卡", upgrade.reason)
        self.assertEqual(len(self._mails(card)), 1, "the member is told")
        activity = self.partner.activity_ids.filtered(lambda a: a.user_id == self.salesman)
        self.assertEqual(len(activity), 1, "the account manager is told")
        # spend of 6000 reaches 金卡 straight away
        self._confirmed_order([(self.machine, 6)])
        self.assertEqual(card.tier_id, self.gold)

    def test_downgrade_one_tier_after_retention(self):
        with freeze_time("2025-01-10"):
            self._confirmed_order([(self.machine, 6)])
            card = self._card()
            self.assertEqual(card.tier_id, self.gold)
        with freeze_time("2025-12-01"):
            self.env["loyalty.card"]._cron_evaluate_tiers()
            self.assertEqual(card.tier_id, self.gold, "still within the retention period")
        with freeze_time("2026-01-11"):
            self.env["loyalty.card"]._cron_evaluate_tiers()
            self.assertEqual(card.tier_id, self.silver, "one tier down, not to the entry tier")
            self.assertEqual(card.tier_until, date(2027, 1, 11))
        downgrade = card.tier_history_ids.filtered(lambda h: h.change == "downgrade")
        self.assertEqual((downgrade.old_tier_id, downgrade.new_tier_id), (self.gold, self.silver))
        with freeze_time("2027-01-12"):
            self.env["loyalty.card"]._cron_evaluate_tiers()
            self.assertEqual(card.tier_id, self.regular)

    def test_tier_retained_when_still_qualifying(self):
        with freeze_time("2025-01-10"):
            self._confirmed_order([(self.machine, 6)])
            card = self._card()
        with freeze_time("2025-12-20"):
            self._confirmed_order([(self.machine, 6)])
        with freeze_time("2026-01-11"):
            self.env["loyalty.card"]._cron_evaluate_tiers()
        self.assertEqual(card.tier_id, self.gold)
        self.assertEqual(card.tier_until, date(2027, 1, 11))
        self.assertFalse(card.tier_history_ids.filtered(lambda h: h.change == "downgrade"))

    def test_tier_log_is_append_only(self):
        self._confirmed_order()
        log = self._card().tier_history_ids
        for user in (self.salesman, self.env.ref("base.user_admin")):
            for change in (lambda r: r.write({"reason": "x"}), lambda r: r.unlink()):
                try:
                    with self.cr.savepoint():
                        change(log.with_user(user))
                except (UserError, AccessError):
                    continue
                self.fail(f"{user.login} changed the tier log")

    def test_tier_on_quotation(self):
        self.env.company.member_program_id = self.program
        self._confirmed_order()
        quotation = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.partner.id,
                    "order_line": [Command.create({"product_id": self.spare.id})],
                }
            )
        )
        self.assertEqual(quotation.member_tier_id, self.regular)
