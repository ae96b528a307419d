# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestStaleRule(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.stale.rule"].search([]).active = False  # demo rules out of the way
        cls.leader = new_test_user(
            cls.env,
            login="cim_stale_leader",
            name="组长",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "大客户组", "user_id": cls.leader.id, "member_ids": [(6, 0, cls.salesman.ids)]}
        )
        cls.other_team = cls.env["crm.team"].create({"name": "渠道组"})
        cls.rule = cls.env["crm.stale.rule"].create(
            {
                "name": "重要商机 3 天未跟进",
                "min_expected_revenue": 500000,
                "days": 3,
                "team_ids": [(6, 0, cls.team.ids)],
            }
        )
        Lead = cls.env["crm.lead"]
        cls.big = Lead.create(cls._lead("产线改造", 1280000))
        cls.small = Lead.create(cls._lead("备件", 20000))
        cls.elsewhere = Lead.create(dict(cls._lead("渠道大单", 900000), team_id=cls.other_team.id))
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    @classmethod
    def _lead(cls, name, revenue):
        return {
            "name": name,
            "type": "opportunity",
            "expected_revenue": revenue,
            "user_id": cls.salesman.id,
            "team_id": cls.team.id,
        }

    def _age(self, leads, days):
        leads.write({"cim_last_followup": fields.Datetime.now() - timedelta(days=days)})

    def _reminders(self, lead):
        return lead.activity_ids.filtered(lambda a: a.activity_type_id == self.todo)

    def _run(self):
        return self.env["crm.stale.rule"]._cron_stale_reminders()

    def test_reminds_owner_once_and_copies_leader(self):
        self._age(self.big | self.small | self.elsewhere, 5)
        self.assertEqual(self._run(), self.big)
        reminder = self._reminders(self.big)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.salesman)
        self.assertIn("5", reminder.summary)
        notice = self.big.message_ids.filtered(lambda m: self.leader.partner_id in m.partner_ids)
        self.assertEqual(len(notice), 1)
        # the same lapse is not reminded twice
        self.assertFalse(self._run())
        self.assertEqual(len(self._reminders(self.big)), 1)

    def test_not_yet_stale(self):
        self._age(self.big, 2)
        self.assertFalse(self._run())

    def test_followup_rearms_the_rule(self):
        self._age(self.big, 5)
        self._run()
        self.big.with_user(self.salesman).message_post(
            body="已电话沟通", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.big.cim_stale_reminded)
        self.assertFalse(self._run())
        self._age(self.big, 4)  # another lapse
        self.assertEqual(self._run(), self.big)
        self.assertEqual(len(self._reminders(self.big)), 2)

    def test_won_and_lost_opportunities_are_left_alone(self):
        self._age(self.big, 5)
        self.big.action_set_lost()
        self.assertFalse(self._run())

    def test_rule_without_team_or_threshold(self):
        self.rule.write({"team_ids": [(5, 0, 0)], "min_expected_revenue": 0})
        mine = self.big | self.small | self.elsewhere
        self._age(mine, 5)
        self.assertEqual(self._run() & mine, mine)

    def test_days_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.rule.days = 0
