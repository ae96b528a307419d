# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CimCommon

T0 = "2026-03-02 02:00:00"  # 10:00 in Asia/Shanghai


@tagged("post_install", "-at_install")
class TestCustomerPool(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="cim_pool_sales_2",
            name="李测试",
            tz="Asia/Shanghai",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="cim_pool_outsider",
            name="赵外组",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "公海测试组",
                "member_ids": [(6, 0, (cls.salesman | cls.other_salesman).ids)],
            }
        )
        cls.pool = cls.env["crm.customer.pool"].create(
            {
                "name": "华东公海",
                "team_ids": [(6, 0, cls.team.ids)],
                "followup_days": 30,
                "won_days": 0,
                "warn_days": 3,
                "keep_open_opportunities": True,
                "level_rule_ids": [
                    (0, 0, {"level_id": cls.level_a.id, "followup_days": 60, "won_days": 0})
                ],
            }
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"公海客户{i}",
                    "is_company": True,
                    "customer_rank": 1,
                    "cim_pool_id": cls.pool.id,
                }
                for i in range(4)
            ]
        )
        cls.p1, cls.p2, cls.p3, cls.p4 = cls.customers

    def _claim(self, partner, user=None):
        return partner.with_user(user or self.salesman).action_cim_claim()

    def _logs(self, partner, action):
        return self.env["crm.customer.pool.log"].search(
            [("partner_id", "=", partner.id), ("action", "=", action)]
        )

    # claim / release -----------------------------------------------------

    @freeze_time(T0)
    def test_claim_sets_owner_countdown_and_log(self):
        self._claim(self.p1)
        self.assertEqual(self.p1.user_id, self.salesman)
        self.assertEqual(self.p1.cim_recycle_date, fields.Date.to_date("2026-04-01"))
        self.assertEqual(self.p1.cim_days_to_recycle, 30)
        log = self._logs(self.p1, "claim")
        self.assertEqual((log.user_from_id, log.user_to_id), (self.env["res.users"], self.salesman))
        self.assertEqual(log.create_uid, self.salesman)

    def test_claim_owned_customer_refused(self):
        self._claim(self.p1)
        # another salesperson no longer sees it; an administrator is told who owns it
        with self.assertRaises(AccessError):
            self._claim(self.p1, self.other_salesman)
        with self.assertRaisesRegex(UserError, "already owned by 王测试"):
            self._claim(self.p1, self.manager)

    def test_only_pool_team_members_claim(self):
        # a salesperson outside the pool's teams does not even see its customers
        with self.assertRaises(AccessError):
            self._claim(self.p1, self.outsider)

    def test_capacity_limit(self):
        self.pool.max_private = 2
        self._claim(self.p1)
        self._claim(self.p2)
        with self.assertRaisesRegex(UserError, "most allowed"):
            self._claim(self.p3)
        # customers with a won deal may be left out of the capacity
        self.pool.capacity_excludes_won = True
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            {
                "name": "已签约",
                "type": "opportunity",
                "partner_id": self.p1.id,
                "stage_id": won_stage.id,
            }
        )
        self._claim(self.p3)
        self.assertEqual(self.p3.user_id, self.salesman)

    def test_daily_claim_limit(self):
        self.pool.max_claims_per_day = 2
        with freeze_time(T0):
            self._claim(self.p1)
            self._claim(self.p2)
            with self.assertRaisesRegex(UserError, "at most 2"):
                self._claim(self.p3)
        with freeze_time("2026-03-02 16:30:00"):  # 00:30 the next day in Shanghai
            self._claim(self.p3)
        self.assertEqual(self.p3.user_id, self.salesman)

    def test_reclaim_cooldown(self):
        self.pool.reclaim_cooldown_days = 7
        with freeze_time(T0):
            self._claim(self.p1)
            self.p1.with_user(self.salesman).with_context(
                cim_reason="预算取消"
            ).action_cim_release()
            self.assertFalse(self.p1.user_id)
            self.assertEqual(self._logs(self.p1, "release").reason, "预算取消")
            with self.assertRaisesRegex(UserError, "again after 7 days"):
                self._claim(self.p1)
        with freeze_time("2026-03-10 02:00:00"):
            self._claim(self.p1)
        self.assertEqual(self.p1.user_id, self.salesman)

    def test_cooldown_does_not_stop_others(self):
        self.pool.reclaim_cooldown_days = 7
        self._claim(self.p1)
        self.p1.with_user(self.salesman).action_cim_release()
        self._claim(self.p1, self.other_salesman)
        self.assertEqual(self.p1.user_id, self.other_salesman)

    def test_pool_hides_fields_until_claimed(self):
        mobile = self.env["ir.model.fields"]._get("res.partner", "mobile")
        self.pool.hidden_field_ids = mobile
        self.p1.write({"mobile": "13912349876", "phone": "0536-1234567"})
        values = self.p1.with_user(self.salesman).read(["mobile", "phone"])[0]
        self.assertEqual(values["mobile"], "******")
        self.assertEqual(values["phone"], "0536-1234567")
        self.assertEqual(
            self.p1.with_user(self.manager).read(["mobile"])[0]["mobile"], "13912349876"
        )
        self._claim(self.p1)
        values = self.p1.with_user(self.salesman).read(["mobile"])[0]
        self.assertEqual(values["mobile"], "13912349876")

    def test_only_owner_or_manager_releases(self):
        self._claim(self.p1)
        with self.assertRaises(AccessError):
            self.p1.with_user(self.other_salesman).action_cim_release()
        self.p1.with_user(self.manager).action_cim_release()
        self.assertFalse(self.p1.user_id)

    def test_distribution_by_pool_manager(self):
        with self.assertRaisesRegex(UserError, "Only the managers"):
            self.p1.with_user(self.salesman)._cim_distribute(self.other_salesman)
        self.pool.manager_ids = self.salesman
        self.p1.with_user(self.salesman)._cim_distribute(self.other_salesman, reason="按区域分配")
        self.assertEqual(self.p1.user_id, self.other_salesman)
        self.assertEqual(self._logs(self.p1, "distribute").reason, "按区域分配")

    def test_log_is_append_only(self):
        self._claim(self.p1)
        log = self._logs(self.p1, "claim")
        with self.assertRaises(UserError):
            log.write({"reason": "改"})
        with self.assertRaises(UserError):
            log.unlink()
        # a salesperson reads only moves that concern them
        self._claim(self.p2, self.other_salesman)
        visible = self.env["crm.customer.pool.log"].with_user(self.salesman).search([])
        self.assertIn(log, visible)
        self.assertFalse(visible.filtered(lambda entry: entry.partner_id == self.p2))
        with self.assertRaises(AccessError):
            self.env["crm.customer.pool.log"].with_user(self.salesman).create(
                {"partner_id": self.p3.id, "action": "claim"}
            )

    # recycle ---------------------------------------------------------------

    def _run_cron(self):
        return self.env["crm.customer.pool"]._cron_recycle(batch_size=2)

    def test_recycle_without_followup(self):
        with freeze_time(T0):
            self._claim(self.p1)
        with freeze_time("2026-03-31 02:00:00"):
            self.assertEqual(self._run_cron(), 0)
            self.assertEqual(self.p1.user_id, self.salesman)
        with freeze_time("2026-04-01 02:00:00"):
            self.assertEqual(self._run_cron(), 1)
        self.assertFalse(self.p1.user_id)
        log = self._logs(self.p1, "recycle")
        self.assertEqual(log.user_from_id, self.salesman)
        self.assertIn("30", log.reason)
        # the owner gets one summary naming the customer; the customer's chatter stays
        # quiet (the ownership log has the move)
        summaries = self.env["mail.message"].search(
            [("partner_ids", "in", self.salesman.partner_id.ids), ("res_id", "=", self.pool.id),
             ("model", "=", "crm.customer.pool")]
        )  # fmt: skip
        self.assertEqual(len(summaries), 1)
        self.assertIn(self.p1.name, summaries.body)
        self.assertIn("30", summaries.body)
        self.assertIn(self.salesman.partner_id, summaries.notification_ids.res_partner_id)
        self.assertFalse(self.p1.message_ids.filtered(lambda m: "30" in (m.body or "")))
        # the next run summarises only what it recycles itself
        with freeze_time("2026-04-02 02:00:00"):
            self._run_cron()
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("partner_ids", "in", self.salesman.partner_id.ids),
                 ("model", "=", "crm.customer.pool")]
            ),
            1,
        )  # fmt: skip

    def test_followup_note_postpones_recycle(self):
        with freeze_time(T0):
            self._claim(self.p1)
        with freeze_time("2026-03-22 02:00:00"):
            self.p1.with_user(self.salesman).message_post(
                body="电话回访，客户下月采购", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            self.assertEqual(self.p1.cim_recycle_date, fields.Date.to_date("2026-04-21"))
        with freeze_time("2026-04-01 02:00:00"):
            self._run_cron()
            self.assertEqual(self.p1.user_id, self.salesman)
        with freeze_time("2026-04-21 02:00:00"):
            self._run_cron()
            self.assertFalse(self.p1.user_id)

    def test_done_activity_on_lead_counts_as_followup(self):
        with freeze_time(T0):
            self._claim(self.p1)
            lead = self.env["crm.lead"].create(
                {"name": "回访", "partner_id": self.p1.id, "user_id": self.salesman.id}
            )
        with freeze_time("2026-03-20 02:00:00"):
            activity = lead.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.salesman.id
            )
            activity.with_user(self.salesman).action_feedback(feedback="客户确认需求")
            self.assertEqual(
                self.p1.cim_last_followup, fields.Datetime.to_datetime("2026-03-20 02:00:00")
            )
            self.assertTrue(lead.cim_last_followup)

    def test_level_specific_days(self):
        self.p1.customer_level_id = self.level_a
        with freeze_time(T0):
            self._claim(self.p1)
            self._claim(self.p2)
        self.assertEqual(self.p1.cim_recycle_date, fields.Date.to_date("2026-05-01"))
        with freeze_time("2026-04-01 02:00:00"):
            self._run_cron()
        self.assertEqual(self.p1.user_id, self.salesman)
        self.assertFalse(self.p2.user_id)

    def test_locked_customer_never_recycled(self):
        with freeze_time(T0):
            self._claim(self.p1)
        self.p1.cim_locked = True
        with freeze_time("2026-06-01 02:00:00"):
            self._run_cron()
        self.assertEqual(self.p1.user_id, self.salesman)

    def test_open_opportunity_keeps_customer(self):
        with freeze_time(T0):
            self._claim(self.p1)
            self._claim(self.p2)
            self.env["crm.lead"].create(
                {"name": "在谈项目", "type": "opportunity", "partner_id": self.p1.id}
            )
        with freeze_time("2026-04-02 02:00:00"):
            self._run_cron()
        self.assertEqual(self.p1.user_id, self.salesman)
        self.assertFalse(self.p2.user_id)
        self.pool.keep_open_opportunities = False
        with freeze_time("2026-04-02 02:00:00"):
            self._run_cron()
        self.assertFalse(self.p1.user_id)

    def test_recycle_without_won_deal(self):
        self.pool.write({"followup_days": 0, "won_days": 90})
        with freeze_time(T0):
            self._claim(self.p1)
            self._claim(self.p2)
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        with freeze_time("2026-04-15 02:00:00"):
            self.env["crm.lead"].create(
                {
                    "name": "已签约",
                    "type": "opportunity",
                    "partner_id": self.p1.id,
                    "stage_id": won_stage.id,
                }
            )
        self.assertTrue(self.p1.cim_last_won_date)
        self.assertFalse(self.p1.cim_recycle_date)
        self.assertEqual(self.p2.cim_recycle_date, fields.Date.to_date("2026-05-31"))
        with freeze_time("2026-06-01 02:00:00"):
            self._run_cron()
        self.assertEqual(self.p1.user_id, self.salesman)
        self.assertFalse(self.p2.user_id)
        self.assertIn("90", self._logs(self.p2, "recycle").reason)

    def test_warning_before_recycle_once(self):
        with freeze_time(T0):
            self._claim(self.p1)
        todo = self.env.ref("mail.mail_activity_data_todo")

        def warnings():
            return self.p1.activity_ids.filtered(lambda a: a.activity_type_id == todo)

        with freeze_time("2026-03-28 02:00:00"):
            self._run_cron()
            self.assertFalse(warnings())
        with freeze_time("2026-03-29 02:00:00"):
            self._run_cron()
            self._run_cron()
        self.assertEqual(len(warnings()), 1)
        self.assertEqual(warnings().user_id, self.salesman)
        self.assertEqual(warnings().date_deadline, fields.Date.to_date("2026-04-01"))
        self.assertIn(self.pool.name, warnings().summary)
        self.assertIn("2026-04-01", warnings().summary)

    def test_cron_batches_many_customers(self):
        more = self.env["res.partner"].create(
            [
                {"name": f"批量客户{i}", "is_company": True, "cim_pool_id": self.pool.id}
                for i in range(7)
            ]
        )
        with freeze_time(T0):
            for partner in more:
                partner._cim_move(self.salesman, "distribute")
        with freeze_time("2026-04-05 02:00:00"):
            self.assertEqual(self._run_cron(), 7)
        self.assertFalse(more.user_id)
        self.assertEqual(self.pool.pool_count, 11)

    def test_claim_from_form_without_pool_refused(self):
        self.p4.cim_pool_id = False
        with self.assertRaisesRegex(UserError, "not in a customer pool"):
            self._claim(self.p4)
