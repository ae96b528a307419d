# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

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
