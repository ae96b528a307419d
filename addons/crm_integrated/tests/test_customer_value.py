# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestCustomerValue(CimCommon):
    """RFM scores, segments, health score and churn warnings, computed set-based."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the customers of these tests buy (demo orders would move the quintiles)
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE state = 'sale'")
        cls.env.invalidate_all()
        cls.company.write(
            {
                "cim_rfm_window_days": 365,
                "cim_health_weight_frequency": 40,
                "cim_health_weight_overdue": 30,
                "cim_health_weight_followup": 30,
                "cim_churn_threshold": 0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "数控折弯机", "list_price": 1000, "taxes_id": [(6, 0, [])]}
        )
        cls.high = cls.env.ref("crm_integrated.crm_customer_segment_high_value")
        cls.potential = cls.env.ref("crm_integrated.crm_customer_segment_potential")
        cls.reactivate = cls.env.ref("crm_integrated.crm_customer_segment_to_reactivate")
        cls.regular = cls.env.ref("crm_integrated.crm_customer_segment_regular")
        names = ["忠实大客户", "新客户", "沉睡客户", "普通客户甲", "普通客户乙", "未成交客户"]
        cls.loyal, cls.new, cls.sleeping, cls.plain_a, cls.plain_b, cls.prospect = cls.env[
            "res.partner"
        ].create(
            [
                {
                    "name": f"{name}有限公司",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": cls.salesman.id,
                    "company_id": cls.company.id,
                }
                for name in names
            ]
        )
        for days in (5, 30, 60, 90, 120, 150):
            cls._order(cls.loyal, 50000, days)
        cls._order(cls.new, 2000, 3)
        cls._order(cls.sleeping, 90000, 500)
        cls._order(cls.sleeping, 90000, 450)
        cls._order(cls.plain_a, 8000, 100)
        cls._order(cls.plain_a, 8000, 200)
        cls._order(cls.plain_b, 6000, 250)

    @classmethod
    def _order(cls, partner, amount, days_ago):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "price_unit": amount, "tax_id": False})
                ],
            }
        )
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def _compute(self, **kwargs):
        self.env["res.partner"]._cim_compute_customer_value(self.company, **kwargs)

    def test_scores_and_segments(self):
        self._compute()
        self.assertEqual(self.loyal.cim_rfm_frequency, 6)
        self.assertEqual(self.loyal.cim_rfm_monetary, 300000)
        self.assertEqual(self.loyal.cim_rfm_score, "455")
        self.assertEqual(self.loyal.cim_segment_id, self.high)
        self.assertEqual(self.new.cim_rfm_recency, 3)
        self.assertEqual(self.new.cim_rfm_r, 5)
        self.assertEqual(self.new.cim_segment_id, self.potential)
        # bought a lot, but more than a year ago: nothing in the window
        self.assertEqual(self.sleeping.cim_rfm_frequency, 0)
        self.assertEqual(self.sleeping.cim_rfm_monetary, 0)
        self.assertEqual(self.sleeping.cim_rfm_r, 1)
        self.assertEqual(self.sleeping.cim_segment_id, self.reactivate)
        self.assertEqual(self.plain_a.cim_segment_id, self.regular)
        # never bought: no scores, no segment, but a health score
        self.assertFalse(self.prospect.cim_rfm_score)
        self.assertFalse(self.prospect.cim_segment_id)
        self.assertTrue(self.prospect.cim_value_date)
        self.assertEqual(self.high.partner_count, 1)

    def test_contacts_orders_count_for_their_company(self):
        contact = self.env["res.partner"].create({"name": "采购部 张工", "parent_id": self.new.id})
        self._order(contact, 3000, 1)
        self._compute()
        self.assertEqual(self.new.cim_rfm_frequency, 2)
        self.assertEqual(self.new.cim_rfm_recency, 1)
        self.assertFalse(contact.cim_value_date)

    def test_health_factors(self):
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET cim_last_followup = %s WHERE id IN %s",
            [now - timedelta(days=2), (self.loyal.id, self.sleeping.id)],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET cim_last_followup = %s WHERE id = %s",
            [now - timedelta(days=200), self.plain_b.id],
        )
        self.env.invalidate_all()
        self._compute()
        # orders in the window as expected from its rhythm (none before), no overdue,
        # followed up: full marks
        self.assertEqual(self.loyal.cim_health_score, 100)
        # nothing bought in the window (40 % lost), no overdue, followed up
        self.assertEqual(self.sleeping.cim_health_score, 60)
        # one order in the window, not followed up for 200 days
        self.assertEqual(self.plain_b.cim_health_score, 70)
        # weights are configuration
        self.company.cim_health_weight_followup = 0
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET cim_value_date = NULL")
        self._compute()
        self.assertEqual(self.plain_b.cim_health_score, 100)

    def test_overdue_invoices_lower_health(self):
        self._compute()
        before = self.plain_a.cim_health_score
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.plain_a.id,
                "invoice_date": fields.Date.today() - timedelta(days=60),
                "invoice_date_due": fields.Date.today() - timedelta(days=30),
                "invoice_line_ids": [
                    (0, 0, {"name": "折弯机", "quantity": 1, "price_unit": 8000, "tax_ids": False})
                ],
            }
        )
        invoice.action_post()
        invoice.invoice_date_due = fields.Date.today() - timedelta(days=30)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET cim_value_date = NULL")
        self._compute()
        # 30 days late: the overdue factor (weight 30 %) drops from 100 to 70
        self.assertEqual(before - self.plain_a.cim_health_score, 9)

    def test_churn_warning_once_per_drop(self):
        self.company.cim_churn_threshold = 100
        self._compute()
        todo = self.env.ref("mail.mail_activity_data_todo")

        def warnings(partner):
            return partner.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and "health" in (a.summary or "").lower()
            )

        self.assertTrue(self.plain_b.cim_churn_warned)
        self.assertEqual(len(warnings(self.plain_b)), 1)
        self.assertEqual(warnings(self.plain_b).user_id, self.salesman)
        # the next night: still low, no second to-do
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET cim_value_date = NULL")
        self._compute()
        self.assertEqual(len(warnings(self.plain_b)), 1)
        # recovered (threshold lowered here): re-armed for the next drop
        self.company.cim_churn_threshold = 10
        self._compute()
        self.assertFalse(self.plain_b.cim_churn_warned)

    def test_batches_resume_and_constant_queries(self):
        self._compute(batch_size=2)
        scores = {p.id: p.cim_rfm_score for p in self.loyal | self.new | self.sleeping}
        # a second run the same day only does what is left (nothing)
        self.env.invalidate_all()
        self._compute(batch_size=2)
        self.assertEqual(scores[self.loyal.id], "455")

        def queries(batch_size):
            self.env.flush_all()
            self.env.cr.execute("UPDATE res_partner SET cim_value_date = NULL")
            before = self.cr.sql_log_count
            self._compute(batch_size=batch_size)
            return self.cr.sql_log_count - before

        few = queries(10**9)
        self.env["res.partner"].create(
            [{"name": f"批量客户{i}", "is_company": True, "customer_rank": 1} for i in range(50)]
        )
        self.assertEqual(queries(10**9), few)

    def test_settings_are_checked(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.cim_health_weight_overdue = -1
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.cim_churn_threshold = 120
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.high.r_min = 0

    def test_salesperson_reads_segments_manager_edits(self):
        self._compute()
        self.assertEqual(self.loyal.with_user(self.salesman).cim_segment_id.name, self.high.name)
        with self.assertRaises(AccessError):
            self.high.with_user(self.salesman).write({"r_min": 3})
        self.high.with_user(self.manager).write({"r_min": 3})

    def test_levels_by_rule(self):
        level_b = self.env.ref("crm_integrated.crm_customer_level_b")
        self.level_a.write({"sequence": 1, "rule_active": True, "rule_min_monetary": 200000})
        level_b.write({"sequence": 2, "rule_active": True, "rule_min_orders": 2})
        self.level_c.write(
            {"sequence": 3, "rule_active": True, "rule_segment_ids": [(6, 0, self.reactivate.ids)]}
        )
        self.plain_b.with_user(self.manager).customer_level_id = level_b
        self.assertTrue(self.plain_b.cim_level_by_hand)
        self._compute()
        self.assertEqual(self.loyal.customer_level_id, self.level_a)  # ¥300,000 in the window
        self.assertEqual(self.plain_a.customer_level_id, level_b)  # two orders in the window
        self.assertEqual(self.sleeping.customer_level_id, self.level_c)  # to reactivate
        self.assertFalse(self.new.customer_level_id)  # one small order: no rule matches
        self.assertEqual(self.plain_b.customer_level_id, level_b)  # set by hand: kept
        self.assertTrue(self.plain_b.cim_level_by_hand)
        # handed back to the rules, and the data changes: the levels follow
        self.plain_b.cim_level_by_hand = False
        self._order(self.new, 250000, 1)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET cim_value_date = NULL")
        self.env.invalidate_all()
        self._compute()
        self.assertEqual(self.new.customer_level_id, self.level_a)
        # one small order 250 days ago: to reactivate, hence level C by rule
        self.assertEqual(self.plain_b.cim_segment_id, self.reactivate)
        self.assertEqual(self.plain_b.customer_level_id, self.level_c)
        with self.assertRaises(ValidationError):
            level_b.rule_min_health = 120
        with self.assertRaises(AccessError):
            level_b.with_user(self.salesman).rule_min_orders = 1
