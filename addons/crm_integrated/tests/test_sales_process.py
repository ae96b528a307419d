# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSalesProcess(TransactionCase):
    def test_stages_in_order(self):
        stages = self.env["crm.stage"].search([("team_id", "=", False)], order="sequence, id")
        names = stages.with_context(lang="en_US").mapped("name")
        expected = ["First Contact", "Needs Analysis", "Proposal/Quote", "Negotiation", "Won"]
        self.assertEqual([n for n in names if n in expected], expected)

    def test_chinese_names(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "crm_integrated")])._update_translations(
            ["zh_CN"]
        )
        self.env["crm.stage"]._cim_seed_sales_stages()
        stage = self.env.ref("crm.stage_lead1").with_context(lang="zh_CN")
        self.assertEqual(stage.name, "初步接触")
        self.assertEqual(stage.with_context(lang="en_US").name, "First Contact")
        negotiation = self.env.ref("crm_integrated.crm_stage_negotiation").with_context(
            lang="zh_CN"
        )
        self.assertEqual(negotiation.name, "商务谈判")

    def test_renamed_stage_left_alone(self):
        stage = self.env.ref("crm.stage_lead2")
        stage.with_context(lang="en_US").name = "技术交流"
        self.env["crm.stage"]._cim_seed_sales_stages()
        self.assertEqual(stage.with_context(lang="en_US").name, "技术交流")

    def test_lead_sources_seeded(self):
        sources = self.env["utm.source"].search([("name", "in", ["展会", "微信", "转介绍"])])
        self.assertEqual(len(sources), 3)
