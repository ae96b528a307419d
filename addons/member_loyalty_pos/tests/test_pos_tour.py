# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.member_loyalty.tests.common import member_program_vals
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestPosMemberTour(TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).active = False
        cls.program = (
            cls.env["loyalty.program"]
            .sudo()
            .create(
                member_program_vals(
                    "门店会员积分",
                    reward={"discount": 50, "discount_mode": "per_order", "required_points": 50},
                    tier_ids=[Command.create({"name": "普通会员", "sequence": 1})],
                )
            )
        )
        cls.tool = cls.env["product.product"].create(
            {
                "name": "硬质合金铣刀",
                "available_in_pos": True,
                "list_price": 1000.0,
                "taxes_id": False,
            }
        )
        cls.member = cls.env["res.partner"].create({"name": "宁波精工刀具店"})
        cls.card = (
            cls.env["loyalty.card"]
            .sudo()
            .create({"program_id": cls.program.id, "partner_id": cls.member.id})
        )
        cls.main_pos_config.write({"tax_regime_selection": False, "use_pricelist": False})

    def test_member_points_tour(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("member_loyalty_pos_tour")
        lines = self.card.history_ids.sorted("id")
        self.assertEqual(lines.mapped("order_model"), ["pos.order", "pos.order"])
        self.assertEqual(lines[0].issued, 100)
        self.assertEqual(lines[1].used, 50)
        self.assertEqual(lines[1].allocation_ids.mapped("points"), [])  # spends, earns nothing
        self.assertEqual(lines[1].spend_allocation_ids.earn_line_id, lines[0])
        self.assertEqual(self.card.points, self.card.ledger_balance)
        self.assertEqual(self.card.points, 100 - 50 + lines[1].issued)
