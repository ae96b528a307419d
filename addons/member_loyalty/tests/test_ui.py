# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_member_loyalty_tour(self):
        manager = new_test_user(
            self.env,
            login="ml_tour_manager",
            groups="base.group_user,member_loyalty.member_loyalty_group_manager",
        )
        program = self.env["loyalty.program"].create(
            {"name": "测试会员计划", "program_type": "loyalty"}
        )
        self.start_tour("/odoo", "member_loyalty_tour", login=manager.login)
        tier = program.tier_ids
        self.assertEqual(tier.name, "白金卡")
        self.assertEqual(tier.min_spend, 500000)
        self.assertAlmostEqual(tier.points_multiplier, 1.8)
