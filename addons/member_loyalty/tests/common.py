# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


def member_program_vals(name, points_per_yuan=0.1, reward=None, **values):
    """Values of a member program on the locked ledger: points per ¥ paid, one order
    discount reward (default ¥1 per point, from 10 points), ``values`` on top."""
    return {
        "name": name,
        "program_type": "loyalty",
        "trigger": "auto",
        "applies_on": "both",
        "ledger_locked": True,
        "rule_ids": [
            Command.create({"reward_point_mode": "money", "reward_point_amount": points_per_yuan})
        ],
        "reward_ids": [
            Command.create(
                {
                    "reward_type": "discount",
                    "discount": 1,
                    "discount_mode": "per_point",
                    "discount_applicability": "order",
                    "required_points": 10,
                    **(reward or {}),
                }
            )
        ],
        **values,
    }


class MemberLoyaltyCase(TransactionCase):
    """A member program (1 point per ¥10, whole points) with tiers, a salesman and a biller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.spare_category = cls.env["product.category"].create({"name": "备件"})
        cls.program = cls.env["loyalty.program"].create(
            member_program_vals(
                "积分测试计划",
                points_rounding="down",
                tier_ids=[
                    Command.create({"name": "普通会员", "sequence": 1}),
                    Command.create(
                        {
                            "name": "金卡",
                            "sequence": 3,
                            "min_spend": 800000,
                            "points_multiplier": 1.5,
                        }
                    ),
                ],
            )
        )
        cls.regular, cls.gold = cls.program.tier_ids.sorted("sequence")
        # only the test program gives points (the demo program earns on payment)
        cls.env["loyalty.program"].search([("id", "!=", cls.program.id)]).active = False
        cls.reward = cls.program.reward_ids
        cls.machine = cls.env["product.product"].create(
            {"name": "数控车床", "list_price": 1000.0, "taxes_id": False, "type": "consu"}
        )
        cls.spare = cls.env["product.product"].create(
            {
                "name": "液压泵密封件",
                "list_price": 200.0,
                "taxes_id": False,
                "type": "consu",
                "categ_id": cls.spare_category.id,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "潍坊宏远农机有限公司", "email": "caigou@hongyuan.example.com"}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ml_sales",
            groups="sales_team.group_sale_salesman,member_loyalty.member_loyalty_group_user",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="ml_sales_manager",
            groups="sales_team.group_sale_manager,member_loyalty.member_loyalty_group_user",
        )
        cls.biller = new_test_user(
            cls.env,
            login="ml_biller",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
        )

    def _card(self, partner=None):
        return self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.program.id),
                ("partner_id", "=", (partner or self.partner).id),
            ]
        )

    def _points(self, order):
        """Points the order gives on the test program."""
        return sum(
            order.coupon_point_ids.filtered(
                lambda p: p.coupon_id.program_id == self.program
            ).mapped("points")
        )

    def _make_card(self, tier=None, points=0.0):
        card = self.env["loyalty.card"].create(
            {"program_id": self.program.id, "partner_id": self.partner.id}
        )
        if tier:
            card.tier_id = tier
        if points:
            self.env["loyalty.card"]._post_ledger_lines(
                [
                    {
                        "card_id": card.id,
                        "kind": "adjust",
                        "issued": points,
                        "description": "期初积分",
                    }
                ]
            )
        return card

    def _order(self, lines, partner=None):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": (partner or self.partner).id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in lines
                    ],
                }
            )
        )
        order._update_programs_and_rewards()
        return order

    def _confirmed_order(self, lines=None, partner=None):
        order = self._order(lines or [(self.machine, 2)], partner=partner)
        order.action_confirm()
        return order

    def _redeem_on(self, order, card):
        """Apply the per-point discount of the program to the order with this card."""
        order._update_programs_and_rewards()
        error = order._apply_program_reward(self.reward, card)
        self.assertFalse(error.get("error"), error)
        return order

    def _invoice(self, order, post=True):
        invoice = order.with_user(self.biller)._create_invoices()
        if post:
            invoice.action_post()
        return invoice

    def _pay(self, invoice, amount=None):
        vals = {"amount": amount} if amount else {}
        return (
            self.env["account.payment.register"]
            .with_user(self.biller)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(vals)
            ._create_payments()
        )

    def _refund(self, invoice, quantity=None):
        refund = invoice.with_user(self.biller)._reverse_moves(
            [{"ref": "退货", "invoice_date": invoice.invoice_date}]
        )
        if quantity is not None:
            line = refund.invoice_line_ids[:1]
            refund.write({"invoice_line_ids": [Command.update(line.id, {"quantity": quantity})]})
        refund.action_post()
        return refund
