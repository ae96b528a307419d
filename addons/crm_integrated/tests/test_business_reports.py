# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import json
import re
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

    def test_dso_by_salesperson(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        self._invoice(3000, 10, self.salesman)  # invoiced 5 days ago
        self._invoice(5000, -45, self.salesman)  # invoiced 50 days ago
        self._invoice(2000, -400, self.salesman)  # invoiced 405 days ago: not a recent sale
        late_200 = self._invoice(1000, -200, self.manager)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=late_200.ids
        ).create({"amount": 400})._create_payments()
        self.env.flush_all()
        Report = self.env["crm.receivable.ageing.report"]
        dso = dict(
            Report._read_group(
                [("partner_id", "=", self.customer.id)], ["user_id"], ["salesperson_dso:max"]
            )
        )
        # salesman: 10,000 open / 8,000 invoiced in 365 days * 365 = 456.25
        # manager: 600 open / 1,000 invoiced * 365 = 219
        self.assertEqual(dso, {self.salesman: 456, self.manager: 219})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.cim_360_dso, round(10600 / 9000 * 365))

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


@tagged("post_install", "-at_install")
class TestDashboards(CimCommon):
    """The shipped spreadsheet dashboards only use fields, measures, domains and filters that
    exist, and each one works for the users it is published to (as they, with their rules)."""

    def _check_chain(self, model, chain):
        for name in chain.split("."):
            self.assertIn(name, self.env[model]._fields, f"{model}.{name}")
            field = self.env[model]._fields[name]
            model = field.comodel_name or model
        return field

    def _check_document(self, dashboard, user):
        data = json.loads(dashboard.spreadsheet_data)
        filters = {f["id"]: f for f in data["globalFilters"]}
        sources = list(data["pivots"].values())
        sources += [
            {"model": fig["data"]["metaData"]["resModel"],
             "measures": [{"fieldName": fig["data"]["metaData"]["measure"]}],
             "rows": [{"fieldName": g} for g in fig["data"]["metaData"]["groupBy"]],
             "domain": fig["data"]["searchParams"]["domain"],
             "fieldMatching": fig["data"]["fieldMatching"]}
            for sheet in data["sheets"] for fig in sheet["figures"]
            if fig["data"]["type"].startswith("odoo_")
        ]  # fmt: skip
        self.assertGreaterEqual(len(sources), 7)
        for source in sources:
            Model = self.env[source["model"]].with_user(user)
            measures = [m["fieldName"] for m in source["measures"]]
            for name in measures:
                self.assertTrue(self._check_chain(source["model"], name).aggregator, name)
            groupby = [r["fieldName"] for r in source["rows"]]
            for name in groupby:
                self._check_chain(source["model"], name.split(":")[0])
            Model.read_group(source["domain"], measures, groupby, lazy=False)
            for filter_id, matching in source["fieldMatching"].items():
                field = self._check_chain(source["model"], matching["chain"])
                if filters[filter_id]["type"] == "date":
                    self.assertEqual(field.type, matching["type"])
                else:
                    self.assertEqual(field.comodel_name, filters[filter_id]["modelName"])
        pivots = data["pivots"]
        formulas = [cell["content"] for sheet in data["sheets"]
                    for cell in sheet["cells"].values()]  # fmt: skip
        for pivot_id, measure in re.findall(r'PIVOT\.VALUE\((\d+),"(\w+)"', "".join(formulas)):
            self.assertIn(measure, [m["fieldName"] for m in pivots[pivot_id]["measures"]])

    def test_management_dashboard(self):
        dashboard = self.env.ref("crm_integrated.spreadsheet_dashboard_management")
        self._check_document(dashboard, self.manager)
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(dashboard, Dashboard.with_user(self.manager).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.salesman).search([]))

    def test_sales_dashboard(self):
        dashboard = self.env.ref("crm_integrated.spreadsheet_dashboard_sales")
        self._check_document(dashboard, self.salesman)
        self.assertIn(
            dashboard, self.env["spreadsheet.dashboard"].with_user(self.salesman).search([])
        )
