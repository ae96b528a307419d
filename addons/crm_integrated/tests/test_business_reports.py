# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
from datetime import datetime, timedelta

import openpyxl
import pytz

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestBusinessReports(CimCommon):
    """Customer regions, product model profit and receivables ageing on hand-computed data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.categ = cls.env["product.category"].create({"name": "数控机床"})
        cls.lathe = cls.env["product.product"].create(
            {"name": "CK6140 数控车床", "list_price": 1000, "standard_price": 600,
             "categ_id": cls.categ.id, "taxes_id": [(6, 0, [])], "invoice_policy": "order"}
        )  # fmt: skip
        cls.beijing_customer = cls.env["res.partner"].create(
            {"name": "北京未下单客户有限公司", "is_company": True, "customer_rank": 1,
             "country_id": cls.cn.id, "state_id": cls.beijing.id, "user_id": cls.manager.id}
        )  # fmt: skip
        cls.orders = cls.env["sale.order"]
        for lines in (
            [(2, 1000, False)],  # 2 units: revenue 2,000, cost 1,200
            [(1, 12000, cls.uom_dozen)],  # 1 dozen = 12 units: revenue 12,000, cost 7,200
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesman.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.lathe.id, "product_uom_qty": qty,
                                "price_unit": price, "tax_id": False,
                                **({"product_uom": uom.id} if uom else {})})
                        for qty, price, uom in lines
                    ],
                }
            )  # fmt: skip
            order.action_confirm()
            cls.orders |= order

    def _region_totals(self, user, state):
        groups = (
            self.env["crm.region.report"]
            .with_user(user)
            ._read_group(
                [("state_id", "=", state.id), ("partner_id", "in", self.partners.ids)],
                aggregates=["customer_key:count_distinct", "order_count:sum", "revenue:sum"],
            )
        )
        return groups[0] if groups else (0, 0, 0)

    @property
    def partners(self):
        return self.customer | self.beijing_customer

    def test_region_distribution(self):
        self.env.flush_all()
        self.assertEqual(self._region_totals(self.manager, self.shandong), (1, 2, 14000))
        self.assertEqual(self._region_totals(self.manager, self.beijing), (1, 0, 0))
        rows = self.env["crm.region.report"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(rows.order_id, self.orders)
        self.assertEqual(rows.sales_region_id, self.region_east)

    def test_region_salesperson_sees_own_customers_only(self):
        self.env.flush_all()
        self.assertEqual(self._region_totals(self.salesman, self.shandong), (1, 2, 14000))
        self.assertEqual(self._region_totals(self.salesman, self.beijing), (0, 0, 0))

    def test_product_profit(self):
        self.env.flush_all()
        Report = self.env["crm.product.profit.report"].with_user(self.manager)
        rows = Report.search([("product_id", "=", self.lathe.id)], order="revenue")
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows.mapped("revenue"), [2000, 12000])
        self.assertEqual(rows.mapped("cost"), [1200, 7200])
        self.assertEqual(rows.mapped("margin"), [800, 4800])
        self.assertAlmostEqual(rows[0].margin_percent, 40)
        [(categ, margin)] = Report._read_group(
            [("product_id", "=", self.lathe.id)], ["categ_id"], ["margin:sum"]
        )
        self.assertEqual((categ, margin), (self.categ, 5600))
        with self.assertRaises(AccessError):
            self.env["crm.product.profit.report"].with_user(self.salesman).search([])

    def _invoice(self, amount, due_in_days, user):
        today = self._today()
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_user_id": user.id,
                "invoice_date": today - timedelta(days=max(0, -due_in_days) + 5),
                "invoice_date_due": today + timedelta(days=due_in_days),
                "invoice_line_ids": [
                    (0, 0, {"name": "维修服务", "quantity": 1, "price_unit": amount,
                            "tax_ids": [(6, 0, [])]})
                ],
            }
        )  # fmt: skip
        move.action_post()
        return move

    def _today(self):
        return datetime.now(pytz.timezone("Asia/Shanghai")).date()

    def test_receivables_ageing(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        not_due = self._invoice(3000, 10, self.salesman)
        late_45 = self._invoice(5000, -45, self.salesman)
        late_200 = self._invoice(1000, -200, self.manager)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=late_200.ids
        ).create({"amount": 400})._create_payments()
        self.env.flush_all()
        moves = not_due | late_45 | late_200
        Report = self.env["crm.receivable.ageing.report"]
        by_move = {r.move_id: r for r in Report.search([("move_id", "in", moves.ids)])}
        self.assertEqual(len(by_move), 3)
        self.assertEqual((by_move[not_due].not_due, by_move[not_due].days_overdue), (3000, 0))
        self.assertEqual(
            (by_move[late_45].overdue_31_60, by_move[late_45].days_overdue), (5000, 45)
        )
        self.assertEqual(by_move[late_200].overdue_over_180, 600)
        self.assertEqual(by_move[late_200].residual, 600)
        self.assertEqual(by_move[late_200].overdue_1_30 + by_move[late_200].not_due, 0)
        mine = Report.with_user(self.salesman).search([("move_id", "in", moves.ids)])
        self.assertEqual(mine.move_id, not_due | late_45)

    def test_xlsx_export(self):
        self.env.flush_all()
        domain = [("partner_id", "in", self.partners.ids)]
        action = self.env["crm.region.report"].with_user(self.manager)._cim_export_xlsx(domain)
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3][:-14]))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:2], ["Province", "Sales Region"])
        self.assertEqual(sheet.max_row, 5)  # header, two orders, one customer, totals
        totals = {headers[i]: cell.value for i, cell in enumerate(sheet[5])}
        self.assertEqual(totals["Province"], "Total")
        self.assertEqual(totals["Orders"], 2)
        self.assertAlmostEqual(totals["Revenue"], 14000)
