# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestLeaderboard(CimCommon):
    """Won, invoiced and collected amounts per salesperson against the monthly targets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "剪板机", "list_price": 1000, "taxes_id": [(6, 0, [])],
             "invoice_policy": "order"}
        )  # fmt: skip
        for amount, pay in ((10000, True), (6000, False)):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesman.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": amount, "tax_id": False})
                    ],
                }
            )
            order.action_confirm()
            invoice = order._create_invoices()
            invoice.action_post()
            if pay:
                cls.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({})._create_payments()
        cls.target = cls.env["crm.sales.target"].create(
            {
                "user_id": cls.salesman.id,
                "month": fields.Date.today(),
                "won_target": 32000,
                "invoiced_target": 20000,
                "collected_target": 20000,
            }
        )

    def test_figures_against_targets(self):
        self.assertEqual(self.target.month.day, 1)
        self.env.flush_all()
        row = self.env["crm.leaderboard.report"].search(
            [("user_id", "=", self.salesman.id), ("month", "=", self.target.month)]
        )
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.won_amount, 16000)
        self.assertAlmostEqual(row.invoiced_amount, 16000)
        self.assertAlmostEqual(row.collected_amount, 10000)
        self.assertAlmostEqual(row.won_target, 32000)
        self.assertAlmostEqual(row.won_achievement, 50)

    def test_targets_are_managed_by_managers(self):
        self.assertEqual(self.target.with_user(self.salesman).won_target, 32000)
        with self.assertRaises(AccessError):
            self.target.with_user(self.salesman).write({"won_target": 1})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.target.with_user(self.manager).write({"won_target": -1})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["crm.sales.target"].create(
                {"user_id": self.salesman.id, "month": fields.Date.today()}
            )
