# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestInvoiceRequest(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cim.approval.rule"].search([]).action_archive()
        cls.env["cim.handoff.action"].search([]).action_archive()
        cls.finance = new_test_user(
            cls.env, login="cim_fapiao_finance", name="开票会计",
            groups="base.group_user,account.group_account_invoice",
        )  # fmt: skip
        cls.customer.write(
            {
                "cim_invoice_title": "潍坊测试客户有限公司",
                "cim_invoice_bank": "中国工商银行潍坊分行",
                "cim_invoice_bank_account": "1607001234567890123",
                "cim_invoice_address_phone": "潍坊市奎文区 0536-8888888",
                "cim_invoice_type": "special",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "设备调试服务", "list_price": 12000, "type": "service",
             "invoice_policy": "order", "taxes_id": [(5, 0, 0)]}
        )  # fmt: skip

    def test_receipt_to_invoice_with_fapiao_details(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
                }
            )
        )
        with self.assertRaises(UserError):
            order.action_cim_customer_received()
        order.action_confirm()
        request = order.action_cim_customer_received()
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.amount, 24000)
        self.assertEqual(request.cim_invoice_type, "special")
        self.assertEqual(request.cim_invoice_taxpayer_id, "91370781MA3R2B9K7L")
        self.assertEqual(request.order_line_ids, order.order_line)
        with self.assertRaises(AccessError):
            request.with_user(self.salesman).action_create_invoice()
        request.with_user(self.finance).action_create_invoice()
        invoice = request.invoice_id
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.amount_total, 24000)
        self.assertIn("1607001234567890123", invoice.narration)
        self.assertIn("91370781MA3R2B9K7L", invoice.narration)
        finance_request = request.with_user(self.finance)
        with self.assertRaises(UserError):
            finance_request.action_mark_sent()
        finance_request.write(
            {"fapiao_number": "37002400001234", "tracking_number": "SF1234567890"}
        )
        finance_request.action_mark_sent()
        # the salesperson follows the status of their order's request
        seen = (
            self.env["cim.invoice.request"]
            .with_user(self.salesman)
            .search([("order_id", "=", order.id)])
        )
        self.assertEqual((seen.state, seen.tracking_number), ("sent", "SF1234567890"))
        # paid in accounting completes the order's collection status
        invoice.with_user(self.finance).action_post()
        self.env["account.payment.register"].with_user(self.finance).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({}).action_create_payments()
        self.assertEqual(order.cim_collection_state, "paid")
