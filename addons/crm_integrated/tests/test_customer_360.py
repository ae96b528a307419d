# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.tests import tagged

from .common import CimCommon

_logger = logging.getLogger(__name__)

SPEC = {
    "display_name": {},
    "cim_360_order_count": {},
    "cim_360_order_amount": {},
    "cim_360_quotation_count": {},
    "cim_360_last_order_date": {},
    "cim_360_opportunity_count": {},
    "cim_360_pipeline_amount": {},
    "cim_360_amount_due": {},
    "cim_360_amount_overdue": {},
    "cim_360_dso": {},
    "cim_360_recent_order_ids": {"fields": {"name": {}, "amount_total": {}, "state": {}}},
    "cim_360_recent_lead_ids": {"fields": {"name": {}, "expected_revenue": {}}},
    "cim_360_recent_invoice_ids": {"fields": {"name": {}}},
}


@tagged("post_install", "-at_install")
class TestCustomer360(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "数控车床", "list_price": 1000})
        cls.contact = cls.env["res.partner"].create(
            {"name": "采购经理", "parent_id": cls.customer.id}
        )
        cls.small = cls.env["res.partner"].create(
            {"name": "小客户", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.big = cls.env["res.partner"].create(
            {"name": "大客户", "is_company": True, "user_id": cls.salesman.id}
        )
        cls._history(cls.small, 3)
        cls._history(cls.big, 40)

    @classmethod
    def _history(cls, partner, count):
        Order = cls.env["sale.order"]
        orders = Order.create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": cls.salesman.id,
                    "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})],
                }
                for _i in range(count)
            ]
        )
        orders[: count - 1].action_confirm()
        # their payment plans, as the hand-off job makes them after the commit
        cls.env["cim.handoff.action"].sudo()._cim_fire(orders[: count - 1].sudo())
        cls.env["crm.lead"].create(
            [
                {
                    "name": f"商机{i}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "expected_revenue": 1000,
                    "user_id": cls.salesman.id,
                }
                for i in range(count)
            ]
        )

    def test_figures_cover_contacts(self):
        self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
            }
        ).action_confirm()
        self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(self.customer.cim_360_order_count, 1)
        self.assertEqual(self.customer.cim_360_quotation_count, 1)
        self.assertEqual(
            self.customer.cim_360_order_amount, self.contact.sale_order_ids.amount_total
        )
        self.assertEqual(self.contact.cim_360_order_count, 1)
        self.assertEqual(len(self.customer.cim_360_recent_order_ids), 2)

    def test_history_figures(self):
        self.assertEqual(self.big.cim_360_order_count, 39)
        self.assertEqual(self.big.cim_360_quotation_count, 1)
        self.assertEqual(self.big.cim_360_opportunity_count, 40)
        self.assertEqual(self.big.cim_360_pipeline_amount, 40000)
        self.assertEqual(len(self.big.cim_360_recent_order_ids), 5)
        self.assertEqual(len(self.big.cim_360_recent_lead_ids), 5)

    def _queries(self, partner):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        partner.with_user(self.salesman).web_read(SPEC)
        return self.cr.sql_log_count - before

    def test_constant_queries_whatever_the_history(self):
        self._queries(self.small)  # warm caches (access rights, rules)
        small = self._queries(self.small)
        big = self._queries(self.big)
        _logger.info("customer 360: %s queries for 3 orders, %s for 40 orders", small, big)
        self.assertEqual(small, big)
        self.assertLessEqual(big, 30)
