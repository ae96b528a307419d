# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..utils import normalize
from .common import CimCommon

USCC_A = "91370100MA3T6W1N44"
USCC_B = "91320200MA1Y8H5P37"


@tagged("post_install", "-at_install")
class TestNormalize(CimCommon):
    def test_phone_key(self):
        for raw in ("138 6412 5566", "+86 138-6412-5566", "0086 13864125566", "(+86)13864125566"):
            self.assertEqual(normalize.phone_key(raw), "+8613864125566", raw)
        self.assertEqual(normalize.phone_key("0536-8886601"), "+865368886601")
        self.assertFalse(normalize.phone_key(""))

    def test_name_key(self):
        words = normalize.noise_words(normalize.DEFAULT_NOISE_WORDS)
        same = {
            normalize.name_key(name, words)
            for name in (
                "潍坊鸿达机械制造有限公司",
                "潍坊鸿达机械制造（集团）股份有限公司",
                " 潍坊 鸿达机械制造 有限责任公司",
                "潍坊鸿达机械制造集团有限公司",
            )
        }
        self.assertEqual(same, {"潍坊鸿达机械制造"})
        self.assertEqual(normalize.name_key("ＡＢＣ Machinery Co., Ltd.", words), "abcmachinery")

    def test_uscc_and_email_keys(self):
        self.assertEqual(normalize.uscc_key(" 91370100ma3t6w1n44 "), USCC_A)
        self.assertFalse(normalize.uscc_key("123"))
        self.assertEqual(normalize.email_key(" Li.Na@Example.CN "), "li.na@example.cn")


@tagged("post_install", "-at_install")
class TestDuplicateGuard(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_salesman = new_test_user(
            cls.env,
            login="cim_salesman_2",
            name="李测试",
            groups="base.group_user,crm_integrated.crm_integrated_group_user",
        )
        cls.owned = cls.env["res.partner"].create(
            {
                "name": "济南测试重工股份有限公司",
                "is_company": True,
                "country_id": cls.cn.id,
                "vat": USCC_A,
                "mobile": "139 0536 7788",
                "email": "buyer@jn-test.example.cn",
                "user_id": cls.salesman.id,
            }
        )
        cls.company.write(
            {
                "cim_dup_mode_uscc": "block",
                "cim_dup_mode_phone": "block",
                "cim_dup_mode_email": "warn",
                "cim_dup_mode_name": "warn",
                "cim_dup_name_similarity": 0.5,
            }
        )

    def _set_modes(self, **modes):
        self.company.write({f"cim_dup_mode_{k}": v for k, v in modes.items()})

    def test_uscc_block_names_owner(self):
        Partner = self.env["res.partner"].with_user(self.other_salesman)
        with (
            self.assertRaisesRegex(ValidationError, "济南测试重工股份有限公司.*王测试"),
            self.cr.savepoint(),
        ):
            Partner.create(
                {"name": "另一家", "is_company": True, "country_id": self.cn.id, "vat": USCC_A}
            )
        with self.assertRaisesRegex(ValidationError, "owner: 王测试"), self.cr.savepoint():
            Partner.create({"name": "另一家", "is_company": True, "vat": "91370100ma3t6w1n44"})

    def test_other_company_customer_is_not_a_duplicate(self):
        other = self.env["res.company"].create({"name": "青岛子公司"})
        self.owned.company_id = self.company
        partner = self.env["res.partner"].create(
            {"name": "子公司的客户", "is_company": True, "vat": USCC_A, "company_id": other.id}
        )
        self.assertTrue(partner)

    def test_uscc_warn_mode_shows_candidate(self):
        self._set_modes(uscc="warn")
        partner = self.env["res.partner"].create(
            {"name": "另一家", "is_company": True, "country_id": self.cn.id, "vat": USCC_A}
        )
        self.assertIn("济南测试重工股份有限公司", partner.cim_duplicate_warning)
        self.assertIn("王测试", partner.cim_duplicate_warning)

    def test_archived_customer_does_not_block(self):
        self.owned.active = False
        partner = self.env["res.partner"].create(
            {"name": "接手客户", "is_company": True, "country_id": self.cn.id, "vat": USCC_A}
        )
        self.assertTrue(partner)

    def test_phone_block_on_lead_of_another_salesperson(self):
        Lead = self.env["crm.lead"].with_user(self.other_salesman)
        with self.assertRaisesRegex(ValidationError, "撞单.*王测试"), self.cr.savepoint():
            Lead.create({"name": "询价", "mobile": "+86 13905367788"})
        # the same customer's own lead and contacts are not duplicates
        lead = Lead.create({"name": "复购", "partner_id": self.owned.id, "mobile": "13905367788"})
        self.assertTrue(lead)
        contact = self.env["res.partner"].create(
            {"name": "赵经理", "parent_id": self.owned.id, "mobile": "13905367788"}
        )
        self.assertTrue(contact)

    def test_phone_block_between_two_open_leads(self):
        self.env["crm.lead"].with_user(self.salesman).create(
            {"name": "展会线索", "phone": "0536-8123456"}
        )
        with self.assertRaisesRegex(ValidationError, "展会线索"), self.cr.savepoint():
            self.env["crm.lead"].with_user(self.other_salesman).create(
                {"name": "同一客户", "phone": "+86 536 812 3456"}
            )

    def test_phone_warn_mode(self):
        self._set_modes(phone="warn")
        lead = self.env["crm.lead"].create({"name": "询价", "mobile": "13905367788"})
        self.assertIn("济南测试重工股份有限公司", lead.cim_duplicate_warning)

    def test_off_mode_ignores_key(self):
        self._set_modes(phone="off")
        lead = self.env["crm.lead"].create({"name": "询价", "mobile": "13905367788"})
        self.assertFalse(lead.cim_duplicate_warning)

    def test_email_warn_and_block(self):
        partner = self.env["res.partner"].create(
            {"name": "个人客户", "email": "BUYER@jn-test.example.cn"}
        )
        self.assertIn("济南测试重工", partner.cim_duplicate_warning)
        self._set_modes(email="block")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["res.partner"].create({"name": "又一个", "email": "buyer@jn-test.example.cn"})

    def test_name_exact_and_similar(self):
        # warn mode (set up): the lead is kept and shows the customer it resembles
        warned = self.env["crm.lead"].create(
            {"name": "展会线索", "partner_name": "济南测试重工（集团）有限公司"}
        )
        self.assertIn("济南测试重工股份有限公司", warned.cim_duplicate_warning)
        warned.active = False
        self._set_modes(name="block")
        with self.assertRaisesRegex(ValidationError, "company name"), self.cr.savepoint():
            self.env["crm.lead"].create(
                {"name": "新线索", "partner_name": "济南测试重工（集团）有限公司"}
            )
        with self.assertRaisesRegex(ValidationError, "company name"), self.cr.savepoint():
            self.env["res.partner"].create({"name": "济南测试重工机械厂", "is_company": True})
        unrelated = self.env["res.partner"].create({"name": "成都天府泵业", "is_company": True})
        self.assertFalse(unrelated.cim_duplicate_warning)
        # persons are not compared by name
        self.assertTrue(
            self.env["res.partner"].create({"name": "济南测试重工", "is_company": False})
        )
        self.company.cim_dup_name_similarity = 0
        self.assertTrue(
            self.env["res.partner"].create({"name": "济南测试重工机械厂", "is_company": True})
        )

    def test_email_lead_is_kept_with_warning(self):
        self._set_modes(email="block")
        lead = self.env["crm.lead"].message_new(
            {
                "subject": "询价：加工中心",
                "from": "王经理 <buyer@jn-test.example.cn>",
                "email_from": "王经理 <buyer@jn-test.example.cn>",
                "body": "<p>请报价</p>",
            }
        )
        self.assertTrue(lead.exists())
        self.assertIn("济南测试重工", lead.cim_duplicate_warning)

    def test_public_pool_wording(self):
        self.owned.user_id = False
        with self.assertRaisesRegex(ValidationError, "public pool"), self.cr.savepoint():
            self.env["crm.lead"].create({"name": "询价", "mobile": "13905367788"})

    def test_warning_on_unsaved_form(self):
        self._set_modes(phone="warn")
        form = Form(self.env["crm.lead"].with_user(self.other_salesman))
        form.name = "电话线索"
        form.mobile = "+86 139 0536 7788"
        self.assertIn("济南测试重工股份有限公司", form.cim_duplicate_warning)

    def test_import_reports_duplicate_rows(self):
        result = (
            self.env["res.partner"]
            .with_user(self.other_salesman)
            .load(
                ["name", "is_company", "vat", "mobile"],
                [
                    ["新客户甲", "1", USCC_B, "13912345678"],
                    ["重复客户", "1", "", "13905367788"],
                ],
            )
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertTrue(all("撞单" in m["message"] for m in errors), errors)
        self.assertTrue(all("重复客户" in m["message"] for m in errors), errors)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "重复客户")]))

    def test_lead_conversion_reuses_existing_customer(self):
        self._set_modes(phone="warn")
        lead = self.env["crm.lead"].create(
            {
                "name": "老客户新需求",
                "partner_name": "济南测试重工股份有限公司",
                "contact_name": "孙工",
                "mobile": "139-0536-7788",
            }
        )
        count = self.env["res.partner"].search_count([])
        wizard = Form(
            self.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        self.assertEqual(wizard.action, "exist")
        self.assertEqual(wizard.partner_id, self.owned)
        wizard.action = "create"
        wizard.save().action_apply()
        self.assertEqual(lead.partner_id, self.owned)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_lead_conversion_creates_customer_with_uscc(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "新客户",
                "partner_name": "无锡新达精密有限公司",
                "cim_uscc": USCC_B,
                "source_id": self.env.ref("utm.utm_source_search_engine").id,
            }
        )
        lead._handle_partner_assignment(create_missing=True)
        self.assertEqual(lead.partner_id.vat, USCC_B)
        self.assertEqual(lead.partner_id.cim_invoice_taxpayer_id, USCC_B)
        self.assertEqual(lead.partner_id.cim_source_id, lead.source_id)


@tagged("post_install", "-at_install")
class TestMerge(CimCommon):
    def test_merge_by_normalised_mobile_in_block_mode(self):
        Partner = self.env["res.partner"]
        first = Partner.create(
            {"name": "烟台宏远机械", "is_company": True, "mobile": "13705351234"}
        )
        self.company.cim_dup_mode_phone = "block"
        second = Partner.with_context(cim_skip_duplicate_check=True).create(
            {"name": "烟台宏远机械有限公司", "is_company": True, "mobile": "+86 137-0535-1234"}
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"group_by_cim_mobile_key": True}
        )
        # the normalised key groups both records in the wizard's duplicate query
        self.env.flush_all()
        self.env.cr.execute(wizard._generate_query(["cim_mobile_key"], 1000))
        groups = [set(ids) for _min_id, ids in self.env.cr.fetchall()]
        self.assertIn({first.id, second.id}, groups)
        wizard._merge((first | second).ids, dst_partner=first)
        self.assertFalse(second.exists())
        self.assertTrue(first.message_ids.filtered(lambda m: "Merged" in (m.body or "")))
