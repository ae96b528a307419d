# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestInvoiceRequest(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cim_isolate_lead_to_cash()
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


@tagged("post_install", "-at_install")
class TestInvoiceRequestOnDelivery(CimCommon):
    """Delivered in full → one invoice request, whichever way the quantities are typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cim_isolate_lead_to_cash()
        cls.company.cim_invoice_request_on_delivery = True
        cls.machine = cls.env["product.product"].create(
            {"name": "数控车床", "type": "consu", "list_price": 80000, "taxes_id": [(5, 0, 0)]}
        )
        cls.service = cls.env["product.product"].create(
            {"name": "安装调试", "type": "service", "list_price": 5000, "taxes_id": [(5, 0, 0)]}
        )

    def _order(self, lines):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in lines
                    ]
                    + [(0, 0, {"display_type": "line_note", "name": "含运费"})],
                }
            )
        )
        order.action_confirm()
        return order

    def _commit(self):
        """What the commit runs before COMMIT: the flush and the precommit hooks."""
        self.env.cr.flush()

    def _requests(self, order):
        return self.env["cim.invoice.request"].search([("order_id", "=", order.id)])

    def _deliver(self, order, product, qty):
        order.order_line.filtered(lambda ln: ln.product_id == product).with_user(
            self.salesman
        ).write({"qty_delivered": qty})
        self._commit()

    def test_request_once_when_everything_is_delivered(self):
        order = self._order([(self.machine, 3), (self.service, 1)])
        self._commit()
        self.assertFalse(self._requests(order))
        self._deliver(order, self.machine, 2)
        self.assertFalse(self._requests(order), "partly delivered: nothing yet")
        self._deliver(order, self.machine, 3)
        request = self._requests(order)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.amount, 245000)
        self.assertTrue(order.message_ids.filtered(lambda m: "invoice request" in m.body))
        with self.assertRaisesRegex(UserError, "already has an invoice request"):
            order.with_user(self.salesman).action_cim_customer_received()
        # more changes of the delivered quantities: still one request
        self._deliver(order, self.machine, 4)
        self._deliver(order, self.machine, 3)
        self.assertEqual(self._requests(order), request)
        # a cancelled request is replaced when the delivery is confirmed again
        request.action_cancel()
        self._deliver(order, self.machine, 3)
        requests = self._requests(order)
        self.assertEqual(len(requests), 2)
        self.assertEqual(requests.mapped("state"), ["requested", "cancelled"])

    def test_each_goods_line_must_be_delivered(self):
        tools = self.env["product.product"].create({"name": "刀柄", "type": "consu"})
        order = self._order([(self.machine, 1), (tools, 10)])
        self._deliver(order, self.machine, 1)
        self.assertFalse(self._requests(order))
        self._deliver(order, tools, 10)
        self.assertEqual(len(self._requests(order)), 1)

    def test_services_only_and_quotations_are_left_to_the_button(self):
        order = self._order([(self.service, 2)])
        order.order_line.filtered("product_id").qty_delivered = 2
        self._commit()
        self.assertFalse(self._requests(order))
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.machine.id})],
            }
        )
        quotation.order_line.qty_delivered = 1
        self._commit()
        self.assertFalse(self._requests(quotation))

    def test_setting_off(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.cim_invoice_request_on_delivery)
        settings.cim_invoice_request_on_delivery = False
        settings.execute()
        self.assertFalse(self.company.cim_invoice_request_on_delivery)
        order = self._order([(self.machine, 1)])
        self._deliver(order, self.machine, 1)
        self.assertFalse(self._requests(order))
