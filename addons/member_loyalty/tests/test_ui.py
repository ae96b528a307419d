# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import member_program_vals


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


@tagged("post_install", "-at_install")
class TestPointsTour(HttpCase):
    def test_points_tour_earn_on_payment_and_redeem(self):
        """Sell to a member, register the payment, see the points, redeem them."""
        self.env["loyalty.program"].search([]).active = False
        program = self.env["loyalty.program"].create(
            member_program_vals(
                "旅程会员计划",
                reward={"required_points": 100},
                earn_moment="paid",
                points_rounding="down",
                tier_ids=[Command.create({"name": "普通会员", "sequence": 1})],
            )
        )
        self.env.company.member_program_id = program
        partner = self.env["res.partner"].create({"name": "潍坊旅程客户"})
        self.env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id})
        product = self.env["product.product"].create(
            {
                "name": "旅程车床",
                "list_price": 2000.0,
                "taxes_id": False,
                "type": "service",
                "invoice_policy": "order",
            }
        )
        seller = new_test_user(
            self.env,
            login="ml_tour_seller",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "member_loyalty.member_loyalty_group_user",
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": seller.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(2)
            ]
        )
        card = self.env["loyalty.card"].search([("partner_id", "=", partner.id)])
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{orders[0].id}",
            "member_loyalty_earn_tour",
            login=seller.login,
        )
        self.assertEqual(card.points, 200)
        earning = card.history_ids.filtered(lambda line: line.kind == "earn")
        self.assertEqual(earning.order_id, orders[0].id)
        self.assertEqual(earning.move_id, orders[0].invoice_ids)
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{orders[1].id}",
            "member_loyalty_redeem_tour",
            login=seller.login,
        )
        self.assertEqual(orders[1].state, "sale")
        self.assertEqual(card.points, 0)
        self.assertEqual(card.ledger_balance, 0)
        # Odoo does not count the discount of the program itself against its points
        self.assertEqual(orders[1].loyalty_points_pending, 200)
