# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CimCommon

CIM_ADDONS = ("crm_integrated", "member_loyalty", "service_ticket", "dingtalk_connector")


@tagged("post_install", "-at_install")
class TestSecurity(CimCommon):
    def test_salesman_reads_but_cannot_configure(self):
        level = self.level_a.with_user(self.salesman)
        self.assertEqual(level.name, self.level_a.name)
        with self.assertRaises(AccessError):
            level.write({"name": "改名"})
        with self.assertRaises(AccessError):
            self.env["crm.sales.region"].with_user(self.salesman).create({"name": "X"})

    def test_manager_configures(self):
        region = self.env["crm.sales.region"].with_user(self.manager).create({"name": "海外"})
        self.assertTrue(region.exists())

    def test_group_chain(self):
        self.assertTrue(self.salesman.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.salesman.has_group("sales_team.group_sale_manager"))
        self.assertTrue(self.manager.has_group("crm_integrated.crm_integrated_group_user"))
        self.assertTrue(self.manager.has_group("sales_team.group_sale_manager"))

    def test_other_company_levels_hidden(self):
        other = self.env["res.company"].create({"name": "上海分公司"})
        level = self.env["crm.customer.level"].create(
            {"name": "上海专用", "code": "SH", "company_id": other.id}
        )
        visible = self.env["crm.customer.level"].with_user(self.salesman).search([])
        self.assertNotIn(level, visible)


@tagged("post_install", "-at_install")
class TestCustomerIsolation(CimCommon):
    """Record rules: each salesperson sees their own customers and their teams' pools."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_b = new_test_user(
            cls.env,
            login="cim_iso_b",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.leader = new_test_user(
            cls.env,
            login="cim_iso_leader",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.team_a = cls.env["crm.team"].create(
            {"name": "A组", "member_ids": [(6, 0, cls.salesman.ids)]}
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "B组", "user_id": cls.leader.id, "member_ids": [(6, 0, cls.sales_b.ids)]}
        )
        Pool = cls.env["crm.customer.pool"]
        cls.pool_a = Pool.create({"name": "A公海", "team_ids": [(6, 0, cls.team_a.ids)]})
        cls.pool_b = Pool.create({"name": "B公海", "team_ids": [(6, 0, cls.team_b.ids)]})
        Partner = cls.env["res.partner"]
        cls.cust_b = Partner.create(
            {
                "name": "B的客户",
                "is_company": True,
                "user_id": cls.sales_b.id,
                "cim_pool_id": cls.pool_b.id,
            }
        )
        cls.cust_b_contact = Partner.create({"name": "B客户联系人", "parent_id": cls.cust_b.id})
        cls.pool_a_cust = Partner.create(
            {"name": "A公海客户", "is_company": True, "cim_pool_id": cls.pool_a.id}
        )
        cls.pool_b_cust = Partner.create(
            {"name": "B公海客户", "is_company": True, "cim_pool_id": cls.pool_b.id}
        )
        cls.vendor = Partner.create({"name": "钢材供应商", "is_company": True})
        cls.all = (
            cls.customer
            | cls.cust_b
            | cls.cust_b_contact
            | cls.pool_a_cust
            | cls.pool_b_cust
            | cls.vendor
        )

    def _visible(self, user):
        return self.env["res.partner"].with_user(user).search([("id", "in", self.all.ids)])

    def test_salesperson_sees_own_pool_and_non_customers(self):
        self.assertEqual(
            self._visible(self.salesman), self.customer | self.pool_a_cust | self.vendor
        )
        self.assertEqual(
            self._visible(self.sales_b),
            self.cust_b | self.cust_b_contact | self.pool_b_cust | self.vendor,
        )

    def test_forbidden_reads_and_writes_fail(self):
        for record in (self.cust_b, self.cust_b_contact, self.pool_b_cust):
            with self.assertRaises(AccessError):
                record.with_user(self.salesman).read(["name", "phone"])
        with self.assertRaises(AccessError):
            self.cust_b.with_user(self.salesman).write({"phone": "1"})

    def test_team_leader_and_manager(self):
        self.assertIn(self.cust_b, self._visible(self.leader))
        self.assertNotIn(self.customer, self._visible(self.leader))
        self.assertEqual(self._visible(self.manager), self.all)

    def test_team_and_pool_changes_apply_at_once(self):
        """The rule reads a cached scope: team, membership and pool changes clear it."""
        self.assertNotIn(self.cust_b, self._visible(self.salesman))
        self.team_b.user_id = self.salesman  # leads team B now
        self.assertIn(self.cust_b, self._visible(self.salesman))
        self.team_b.user_id = self.leader
        self.assertNotIn(self.cust_b, self._visible(self.salesman))
        self.team_a.user_id = self.salesman
        member = self.env["crm.team.member"].create(
            {"crm_team_id": self.team_a.id, "user_id": self.sales_b.id}
        )
        self.assertIn(self.cust_b, self._visible(self.salesman))
        member.unlink()
        self.assertNotIn(self.cust_b, self._visible(self.salesman))
        self.assertNotIn(self.pool_b_cust, self._visible(self.salesman))
        self.pool_b.team_ids = [(4, self.team_a.id)]
        self.assertIn(self.pool_b_cust, self._visible(self.salesman))
        self.pool_b.team_ids = False  # open to every salesperson
        self.assertIn(self.pool_b_cust, self._visible(self.salesman))
        self.pool_b.team_ids = self.team_b
        self.assertNotIn(self.pool_b_cust, self._visible(self.salesman))

    def test_contacts_follow_their_company(self):
        """A contact is seen by whoever sees its company: the owner and pool of the
        company are stored on the contact and follow every change of the company."""
        contact = self.cust_b_contact
        self.assertEqual(
            (contact.cim_scope_user_id, contact.cim_scope_pool_id), (self.sales_b, self.pool_b)
        )
        self.cust_b.user_id = self.salesman
        self.assertIn(contact, self._visible(self.salesman))
        self.assertNotIn(contact, self._visible(self.sales_b))
        self.cust_b.write({"user_id": False, "cim_pool_id": self.pool_a.id})  # back to a pool
        self.assertEqual(contact.cim_scope_pool_id, self.pool_a)
        self.assertIn(contact, self._visible(self.salesman))
        self.assertNotIn(contact, self._visible(self.sales_b))
        # a contact moved to another company takes that company's owner
        contact.parent_id = self.pool_b_cust
        self.assertNotIn(contact, self._visible(self.salesman))
        self.assertIn(contact, self._visible(self.sales_b))
        # a contact of its own (an individual) follows its own owner
        contact.write({"parent_id": False})
        self.assertEqual(contact.cim_scope_pool_id, contact.cim_pool_id)
        self.assertEqual(contact.cim_scope_user_id, contact.user_id)

    def test_scope_columns_are_not_tracked(self):
        """The stored scope is technical: a change of owner is logged once (the salesperson),
        not a second time through the related scope column."""
        self.env.flush_all()
        self.env.cr.flush()  # nothing pending from the set-up
        company = self.cust_b.with_context(tracking_disable=False)
        company.user_id = self.salesman
        self.env.flush_all()
        self.env.cr.flush()  # runs the tracking (a pre-commit hook)
        tracked = (
            self.env["mail.tracking.value"]
            .search([("mail_message_id.model", "=", "res.partner"),
                     ("mail_message_id.res_id", "in", (company | self.cust_b_contact).ids)])
            .mapped("field_id.name")
        )  # fmt: skip
        self.assertEqual(tracked, ["user_id"])

    def test_claim_moves_visibility(self):
        self.pool_a_cust.with_user(self.salesman).action_cim_claim()
        self.pool_a_cust.with_user(self.salesman).action_cim_release()
        self.pool_b_cust.with_user(self.sales_b).action_cim_claim()
        self.assertNotIn(self.pool_b_cust, self._visible(self.salesman))
        self.assertIn(self.pool_a_cust, self._visible(self.salesman))


@tagged("post_install", "-at_install")
class TestEveryModelIsProtected(TransactionCase):
    """Every model our addons define has access rights (cross-addon check)."""

    def test_every_model_has_acl(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", CIM_ADDONS), ("state", "=", "installed")]
        )
        self.assertIn("crm_integrated", modules.mapped("name"))
        data = self.env["ir.model.data"].search(
            [("module", "in", modules.mapped("name")), ("model", "=", "ir.model")]
        )
        models = self.env["ir.model"].browse(data.mapped("res_id"))
        self.assertTrue(models)
        for model in models:
            if model.transient or self.env[model.model]._abstract:
                continue
            self.assertTrue(
                model.access_ids, f"{model.model} has no access rights (ir.model.access)"
            )
