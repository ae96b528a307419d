# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestChannelRoi(CimCommon):
    """Costs per channel against leads, deals won and money collected, hand-computed:
    ¥2,000 spent on 百度推广 this month, four leads, one won for ¥10,000 paid in full →
    ROI 400 %, ¥500 per lead, ¥2,000 per deal won."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["utm.source"].create({"name": "百度推广(测试)"})
        cls.env["crm.channel.cost"].create(
            [
                {"source_id": cls.source.id, "amount": 1500, "month": fields.Date.today()},
                {"source_id": cls.source.id, "amount": 500, "month": fields.Date.today()},
            ]
        )
        leads = cls.env["crm.lead"].create(
            [
                {"name": f"百度线索{i}", "type": "opportunity", "source_id": cls.source.id,
                 "partner_id": cls.customer.id, "user_id": cls.salesman.id}
                for i in range(4)
            ]
        )  # fmt: skip
        product = cls.env["product.product"].create(
            {"name": "数控机床", "taxes_id": [(6, 0, [])], "invoice_policy": "order"}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "opportunity_id": leads[0].id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "price_unit": 10000, "tax_id": False})
                ],
            }
        )
        order.action_confirm()
        leads[0].action_set_won()
        invoice = order._create_invoices()
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    def test_roi_hand_computed(self):
        self.env.flush_all()
        row = (
            self.env["crm.channel.roi.report"]
            .with_user(self.manager)
            .search([("source_id", "=", self.source.id)])
        )
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.cost, 2000)
        self.assertEqual(row.lead_count, 4)
        self.assertEqual(row.won_count, 1)
        self.assertAlmostEqual(row.won_amount, 10000)
        self.assertAlmostEqual(row.paid_amount, 10000)
        self.assertAlmostEqual(row.roi, 400)
        self.assertAlmostEqual(row.cost_per_lead, 500)
        self.assertAlmostEqual(row.cost_per_won, 2000)

    def test_costs_are_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["crm.channel.roi.report"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env["crm.channel.cost"].with_user(self.salesman).create(
                {"source_id": self.source.id, "amount": 1}
            )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["crm.channel.cost"].with_user(self.manager).create(
                {"source_id": self.source.id, "amount": -1}
            )
