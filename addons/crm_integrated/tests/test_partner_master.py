# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestPartnerMaster(CimCommon):
    def test_uscc_valid_code_accepted(self):
        self.assertEqual(self.customer.vat, "91370781MA3R2B9K7L")

    def test_uscc_bad_check_digit_rejected(self):
        with self.assertRaisesRegex(ValidationError, "unified social credit code"):
            self.customer.vat = "91370781MA3R2B9K7M"

    def test_uscc_wrong_length_rejected(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {
                    "name": "错误税号公司",
                    "is_company": True,
                    "country_id": self.cn.id,
                    "vat": "9137070012345",
                }
            )

    def test_uscc_not_checked_outside_china_or_when_disabled(self):
        foreign = self.env["res.partner"].create(
            {"name": "Foreign GmbH", "is_company": True, "vat": "DE123456789"}
        )
        self.assertEqual(foreign.vat, "DE123456789")
        self.company.cim_check_uscc = False
        self.customer.vat = "91370781MA3R2B9K7M"
        self.assertEqual(self.customer.vat, "91370781MA3R2B9K7M")

    def test_uscc_error_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", "crm_integrated")])._update_translations(
            ["zh_CN"]
        )
        partner = self.customer.with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "统一社会信用代码"):
            partner.vat = "91370781MA3R2B9K7M"

    def test_sales_region_follows_province(self):
        self.assertEqual(self.customer.sales_region_id, self.region_east)
        self.customer.state_id = self.beijing
        self.assertEqual(self.customer.sales_region_id, self.region_north)
        self.customer.state_id = False
        self.assertFalse(self.customer.sales_region_id)

    def test_sales_region_company_specific_wins(self):
        own = self.env["crm.sales.region"].create(
            {
                "name": "山东直营区",
                "company_id": self.company.id,
                "state_ids": [],
            }
        )
        # A province belongs to one active region per company.
        with self.assertRaises(ValidationError):
            own.state_ids = self.shandong
        self.region_east.state_ids -= self.shandong
        own.state_ids = self.shandong
        partner = self.env["res.partner"].create({"name": "青州客户", "state_id": self.shandong.id})
        self.assertEqual(partner.sales_region_id, own)

    def test_default_customer_level_from_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.cim_default_customer_level_id = self.level_c
        settings.save().execute()
        partner = self.env["res.partner"].create({"name": "新客户"})
        self.assertEqual(partner.customer_level_id, self.level_c)

    def test_level_partner_count_and_action(self):
        self.customer.customer_level_id = self.level_a
        self.assertGreaterEqual(self.level_a.partner_count, 1)
        action = self.level_a.action_view_partners()
        partners = self.env["res.partner"].search(action["domain"])
        self.assertIn(self.customer, partners)
        self.assertEqual(len(partners), self.level_a.partner_count)

    def test_level_code_unique_per_company(self):
        with self.assertRaisesRegex(ValidationError, "already used"):
            self.env["crm.customer.level"].create({"name": "重复", "code": "A"})
        # the same code in another company is fine
        other = self.env["res.company"].create({"name": "青岛分公司"})
        self.env["crm.customer.level"].create({"name": "A", "code": "A", "company_id": other.id})
