# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io

import openpyxl

from odoo.tests import tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestFunnelReport(CimCommon):
    """Leads → opportunities → won → invoiced → paid, from the real documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "激光切割机", "list_price": 1000, "taxes_id": [(6, 0, [])],
             "invoice_policy": "order"}
        )  # fmt: skip
        Lead = cls.env["crm.lead"].with_user(cls.salesman)
        cls.lead = Lead.create({"name": "展会线索", "type": "lead", "user_id": cls.salesman.id})
        cls.paid, cls.unpaid, cls.lost = Lead.create(
            [
                {"name": name, "type": "opportunity", "partner_id": cls.customer.id,
                 "user_id": cls.salesman.id}
                for name in ("回款商机", "未回款商机", "丢单商机")
            ]
        )  # fmt: skip
        cls.paid_invoice = cls._win(cls.paid, 10000)
        cls._win(cls.unpaid, 5000)
        cls.lost.action_set_lost()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.paid_invoice.ids
        ).create({})._create_payments()
        cls.leads = cls.lead | cls.paid | cls.unpaid | cls.lost

    @classmethod
    def _win(cls, opportunity, amount):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "opportunity_id": opportunity.id,
                "user_id": cls.salesman.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "price_unit": amount, "tax_id": False})
                ],
            }
        )
        order.action_confirm()
        opportunity.action_set_won()
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _totals(self, user):
        self.env.flush_all()
        Report = self.env["crm.funnel.report"].with_user(user)
        domain = [("lead_id", "in", self.leads.ids), "|", ("active", "=", True),
                  ("active", "=", False)]  # fmt: skip
        fields = "lead_count opportunity_count won_count invoiced_count paid_count".split()
        fields += ["won_amount", "invoiced_amount", "paid_amount", "win_rate"]
        [row] = Report._read_group(domain, [], [f"{f}:{'avg' if f == 'win_rate' else 'sum'}"
                                                for f in fields])  # fmt: skip
        return dict(zip(fields, row, strict=True))

    def test_funnel_counts_amounts_and_rates(self):
        totals = self._totals(self.manager)
        self.assertEqual(totals["lead_count"], 4)
        self.assertEqual(totals["opportunity_count"], 3)
        self.assertEqual(totals["won_count"], 2)
        self.assertEqual(totals["invoiced_count"], 2)
        self.assertEqual(totals["paid_count"], 1)
        self.assertAlmostEqual(totals["won_amount"], 15000)
        self.assertAlmostEqual(totals["invoiced_amount"], 15000)
        self.assertAlmostEqual(totals["paid_amount"], 10000)
        self.assertAlmostEqual(totals["win_rate"], 50)

    def test_funnel_by_product_category(self):
        machines, parts = self.env["product.category"].create([{"name": "机床"}, {"name": "配件"}])
        lathe, spindle = self.env["product.product"].create(
            [{"name": "数控车床", "categ_id": machines.id, "taxes_id": [(6, 0, [])]},
             {"name": "主轴", "categ_id": parts.id, "taxes_id": [(6, 0, [])]}]
        )  # fmt: skip
        Lead = self.env["crm.lead"].with_user(self.salesman)
        won, quoted, mixed, bare = Lead.create(
            [{"name": name, "type": "opportunity", "partner_id": self.customer.id,
              "user_id": self.salesman.id} for name in ("成交", "报价中", "先报价后成交", "无报价")]
        )  # fmt: skip

        def order(lead, lines, confirm):
            so = self.env["sale.order"].create(
                {"partner_id": self.customer.id, "opportunity_id": lead.id,
                 "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": qty,
                                        "price_unit": price, "tax_id": False})
                                for p, qty, price in lines]}
            )  # fmt: skip
            if confirm:
                so.action_confirm()

        # won: lathe 3,000 < 2 spindles 4,000 -> parts
        order(won, [(lathe, 1, 3000), (spindle, 2, 2000)], True)
        # quoted only: the lathe quotation's largest line -> machines
        order(quoted, [(lathe, 1, 8000), (spindle, 1, 500)], False)
        # a large spindle quotation, but the confirmed lathe order decides -> machines
        order(mixed, [(spindle, 10, 2000)], False)
        order(mixed, [(lathe, 1, 1000)], True)
        self.env.flush_all()
        leads = won | quoted | mixed | bare
        Report = self.env["crm.funnel.report"].with_user(self.manager)
        self.assertEqual(
            {r.lead_id: r.product_categ_id for r in Report.search([("lead_id", "in", leads.ids)])},
            {won: parts, quoted: machines, mixed: machines, bare: self.env["product.category"]},
        )
        groups = Report._read_group(
            [("lead_id", "in", leads.ids)],
            ["product_categ_id"],
            ["lead_count:sum", "won_amount:sum"],
        )
        self.assertEqual(
            {categ: (count, amount) for categ, count, amount in groups},
            {parts: (1, 7000), machines: (2, 1000), self.env["product.category"]: (1, 0)},
        )

    def test_salesperson_sees_own_funnel_only(self):
        other = self.env["crm.lead"].create({"name": "别人的线索", "user_id": self.manager.id})
        Report = self.env["crm.funnel.report"].with_user(self.salesman)
        self.assertFalse(Report.search([("lead_id", "=", other.id)]))
        self.assertEqual(Report.search_count([("lead_id", "in", self.leads.ids)]), 3)
        self.assertEqual(self._totals(self.salesman)["lead_count"], 4)

    def test_xlsx_export(self):
        domain = [("lead_id", "in", self.leads.ids), "|", ("active", "=", True),
                  ("active", "=", False)]  # fmt: skip
        action = self.env["crm.funnel.report"].with_user(self.manager)._cim_export_xlsx(domain)
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3][:-14]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:2], ["Created On", "Lead"])
        self.assertEqual(sheet.max_row, 6)  # header, four leads, totals
        totals = {headers[i]: cell.value for i, cell in enumerate(sheet[6])}
        self.assertEqual(totals["Created On"], "Total")
        self.assertEqual(totals["Leads"], 4)
        self.assertEqual(totals["Won"], 2)
        self.assertAlmostEqual(totals["Won Amount"], 15000)
        self.assertAlmostEqual(totals["Paid Amount"], 10000)
        self.assertEqual(sheet.cell(2, headers.index("Won Amount") + 1).number_format, "#,##0.00")
