# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestMemberTier(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env["loyalty.program"].create(
            {"name": "测试会员计划", "program_type": "loyalty"}
        )
        Tier = cls.env["loyalty.member.tier"]
        cls.regular = Tier.create({"program_id": cls.program.id, "name": "普通会员", "sequence": 1})
        cls.silver = Tier.create(
            {
                "program_id": cls.program.id,
                "name": "银卡",
                "sequence": 2,
                "min_spend": 10000,
                "min_orders": 3,
            }
        )
        cls.gold = Tier.create(
            {"program_id": cls.program.id, "name": "金卡", "sequence": 3, "min_spend": 50000}
        )
        cls.member_user = new_test_user(
            cls.env,
            login="ml_user",
            groups="base.group_user,member_loyalty.member_loyalty_group_user",
        )

    def test_tier_for_figures(self):
        self.assertEqual(self.program._tier_for(0, 0, 0), self.regular)
        self.assertEqual(self.program._tier_for(spend=9999.99), self.regular)
        self.assertEqual(self.program._tier_for(spend=10000), self.silver)
        # any threshold is enough: three orders reach silver without the spend
        self.assertEqual(self.program._tier_for(spend=100, orders=3), self.silver)
        self.assertEqual(self.program._tier_for(spend=50000), self.gold)

    def test_program_without_entry_tier(self):
        self.regular.active = False
        self.assertFalse(self.program._tier_for(spend=10))
        self.assertEqual(self.program.tier_count, 2)

    def test_invalid_thresholds_rejected(self):
        with self.assertRaises(ValidationError):
            self.gold.min_spend = -1
        with self.assertRaises(ValidationError):
            self.gold.points_multiplier = 0

    @mute_logger("odoo.sql_db")
    def test_name_unique_per_program(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["loyalty.member.tier"].create({"program_id": self.program.id, "name": "金卡"})

    def test_tiers_action_scoped_to_program(self):
        action = self.program.action_view_tiers()
        tiers = self.env["loyalty.member.tier"].search(action["domain"])
        self.assertEqual(tiers, self.regular | self.silver | self.gold)

    def test_user_reads_but_cannot_configure(self):
        tier = self.gold.with_user(self.member_user)
        self.assertEqual(tier.name, "金卡")
        with self.assertRaises(AccessError):
            tier.min_spend = 1
        self.assertTrue(self.member_user.has_group("crm_integrated.crm_integrated_group_user"))
