# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.res_users import normalize_mobile
from .common import DingtalkCase


@tagged("post_install", "-at_install")
class TestDingtalkContacts(DingtalkCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.departments.update(
            {
                2: {"name": "销售部", "parent_id": 1},
                3: {"name": "华东大区", "parent_id": 2},
                4: {"name": "售后服务部", "parent_id": 1},
            }
        )
        cls.server.page_size_cap = 10  # force several pages
        cls.wang = new_test_user(cls.env, login="wang.qiang.dt", name="王强")
        cls.wang.partner_id.mobile = "138 0536 1234"
        cls.li = new_test_user(cls.env, login="li.na.dt", name="李娜", email="li.na@hongda.example")
        cls.sun = new_test_user(cls.env, login="sun.dt", name="孙海涛")
        cls.server.add_user("wq01", "王强", mobile="+86-13805361234", depts=(2, 3))
        cls.server.add_user("ln01", "李娜", email="LI.NA@hongda.example", depts=(3,))
        for i in range(25):
            cls.server.add_user(f"x{i:02d}", f"员工{i}", mobile=f"1390000{i:04d}", depts=(2, 4))
        cls.manager = new_test_user(
            cls.env,
            login="dt_manager",
            groups="base.group_user,dingtalk_connector.dingtalk_connector_group_manager",
        )

    def test_normalize_mobile(self):
        self.assertEqual(normalize_mobile("138 0536 1234"), "+8613805361234")
        self.assertEqual(normalize_mobile("+86-13805361234"), "+8613805361234")
        self.assertEqual(normalize_mobile("8613805361234"), "+8613805361234")
        self.assertIsNone(normalize_mobile("abc"))
        self.assertIsNone(normalize_mobile(False))

    def test_sync_departments_and_users(self):
        action = self.env["dingtalk.department"].with_user(self.manager).action_sync()
        self.assertIn("27 users", action["params"]["message"])
        departments = self.env["dingtalk.department"].search([])
        self.assertEqual(
            sorted(departments.mapped("complete_name")),
            sorted(
                [
                    "潍坊鸿达机械制造有限公司",
                    "潍坊鸿达机械制造有限公司 / 销售部",
                    "潍坊鸿达机械制造有限公司 / 销售部 / 华东大区",
                    "潍坊鸿达机械制造有限公司 / 售后服务部",
                ]
            ),
        )
        self.assertEqual(self.wang.dingtalk_userid, "wq01")
        self.assertEqual(self.wang.dingtalk_unionid, "union-wq01")
        self.assertEqual(self.li.dingtalk_userid, "ln01")
        self.assertFalse(self.sun.dingtalk_userid)
        pages = self.server.calls("/topapi/v2/user/list")
        self.assertTrue(any(r["body"]["cursor"] for r in pages), "paged by cursor")
        listsub = {r["body"]["dept_id"] for r in self.server.calls("/topapi/v2/department/listsub")}
        self.assertEqual(listsub, {1, 2, 3, 4})

        # DingTalk changes: a department renamed, one removed; sync again
        self.server.departments[4]["name"] = "服务部"
        del self.server.departments[3]
        self.env["dingtalk.department"].with_user(self.manager).action_sync()
        names = self.env["dingtalk.department"].search([]).mapped("name")
        self.assertIn("服务部", names)
        self.assertNotIn("华东大区", names)
        self.assertEqual(self.wang.dingtalk_userid, "wq01")

    def test_only_administrators_sync(self):
        with self.assertRaises(AccessError):
            self.env["dingtalk.department"].with_user(self.dt_user).action_sync()
        self.assertFalse(self.server.requests)

    def test_contact_events_keep_links_current(self):
        Event = self.env["dingtalk.event"].sudo()
        Event._receive(self.env.company, "n1", {"EventType": "user_add_org", "UserId": ["wq01"]})
        Event._cron_process()
        self.assertEqual(self.wang.dingtalk_userid, "wq01")
        leader = new_test_user(
            self.env, login="liu.yang.dt", groups="sales_team.group_sale_manager"
        )
        self.env["crm.team"].create(
            {"name": "华东销售组", "user_id": leader.id, "member_ids": [(6, 0, self.wang.ids)]}
        )
        customer = self.env["res.partner"].create(
            {"name": "青岛港机设备有限公司", "is_company": True, "user_id": self.wang.id}
        )
        lead = self.env["crm.lead"].create(
            {"name": "港机 改造项目", "type": "opportunity", "user_id": self.wang.id}
        )
        Event._receive(self.env.company, "n2", {"EventType": "user_leave_org", "UserId": ["wq01"]})
        events = Event._cron_process()
        self.assertEqual(events.state, "done", events.error)
        self.assertFalse(self.wang.active)
        self.assertFalse(self.wang.dingtalk_userid)
        self.assertEqual(customer.user_id, leader)
        self.assertEqual(lead.user_id, leader)
        failing = Event._receive(
            self.env.company, "n3", {"EventType": "user_add_org", "UserId": ["nobody"]}
        )
        self.assertEqual(failing, "queued")
        event = Event._cron_process()
        self.assertEqual(event.state, "error")
        self.assertIn("60121", event.error)
        self.assertEqual(json.loads(event.payload)["UserId"], ["nobody"])

    def test_sync_creates_missing_users_when_enabled(self):
        Users = self.env["res.users"].with_context(active_test=False)
        before = Users.search_count([])
        self.env["dingtalk.department"].with_user(self.manager).action_sync()
        self.assertEqual(Users.search_count([]), before, "not enabled: nobody created")
        self.env.company.dingtalk_create_users = True
        self.env["dingtalk.department"].with_user(self.manager).action_sync()
        created = Users.search([("dingtalk_userid", "=like", "x%")])
        self.assertEqual(len(created), 25)
        self.assertEqual(Users.search_count([]), before + 25)
        employee = created.filtered(lambda u: u.dingtalk_userid == "x03")
        self.assertEqual(employee.login, "+8613900000003")
        self.assertEqual(employee.name, "员工3")
        self.assertTrue(employee._is_internal())
        self.env["dingtalk.department"].with_user(self.manager).action_sync()
        self.assertEqual(Users.search_count([]), before + 25, "a second sync creates nobody")
