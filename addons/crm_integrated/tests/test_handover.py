# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestHandover(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.successor = new_test_user(
            cls.env,
            login="cim_successor",
            name="接手人",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.pool = cls.env["crm.customer.pool"].create({"name": "离职回收公海"})
        cls.second = cls.env["res.partner"].create(
            {"name": "第二个客户", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "在谈",
                "type": "opportunity",
                "user_id": cls.salesman.id,
                "partner_id": cls.customer.id,
            }
        )
        cls.activity = cls.customer.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.salesman.id
        )
        cls.customer.message_post(body="历史跟进记录", message_type="comment")

    def _wizard(self, **values):
        form = Form(self.env["crm.customer.handover"].with_user(self.manager))
        form.from_user_id = self.salesman
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_hand_over_to_colleague(self):
        wizard = self._wizard(to_user_id=self.successor, reason="王测试离职")
        self.assertEqual(wizard.customer_count, 2)
        wizard.action_hand_over()
        self.assertEqual((self.customer | self.second).user_id, self.successor)
        self.assertEqual(self.lead.user_id, self.successor)
        self.assertEqual(self.activity.user_id, self.successor)
        logs = self.env["crm.customer.pool.log"].search(
            [("partner_id", "in", (self.customer | self.second).ids)]
        )
        self.assertEqual(set(logs.mapped("action")), {"transfer"})
        self.assertEqual(set(logs.mapped("reason")), {"王测试离职"})
        self.assertTrue(self.customer.message_ids.filtered(lambda m: "历史跟进记录" in m.body))
        # the successor now sees them, the leaver does not
        self.assertTrue(self.customer.with_user(self.successor).read(["name"]))

    def test_hand_over_to_pool(self):
        with self.assertRaisesRegex(UserError, "no pool"):
            self._wizard().action_hand_over()
        self._wizard(pool_id=self.pool).action_hand_over()
        self.assertFalse((self.customer | self.second).user_id)
        self.assertEqual((self.customer | self.second).cim_pool_id, self.pool)
        self.assertFalse(self.lead.user_id)
        self.assertEqual(self.activity.user_id, self.manager)

    def test_only_administrators(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.handover"].with_user(self.salesman).create(
                {"from_user_id": self.salesman.id, "reason": "x"}
            )
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.successor)._cim_hand_over(
                self.salesman, self.successor
            )
