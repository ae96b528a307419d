# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30")
class TestMemberSegments(MemberLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write({"points_expiry": "months", "points_expiry_months": 12})
        cls.rfm_segment = cls.env["crm.customer.segment"].create({"name": "高价值客户"})
        Partner = cls.env["res.partner"]
        cls.partner_b = Partner.create({"name": "杭州东海泵业有限公司", "mobile": "+8613800138000"})
        cls.partner_c = Partner.create(
            {"name": "苏州精工机械有限公司", "email": "info@jinggong.example.com"}
        )
        cls.partner.cim_segment_id = cls.rfm_segment

    def setUp(self):
        super().setUp()
        Card = self.env["loyalty.card"]
        # A: 金卡 (×1.5), ordered 10 days ago, 150 + 400 points that expire in a year
        self.card_a = self._make_card(tier=self.gold, points=400)
        with freeze_time("2025-06-20"):
            self._confirmed_order([(self.machine, 1)])
        # B: regular, last order 200 days ago (100 points expiring in 165 days), no e-mail
        self.card_b = Card.create({"program_id": self.program.id, "partner_id": self.partner_b.id})
        with freeze_time("2024-12-12"):
            self._confirmed_order([(self.machine, 1)], partner=self.partner_b)
        # C: regular, never ordered, no points
        self.card_c = Card.create({"program_id": self.program.id, "partner_id": self.partner_c.id})
        self.assertEqual(
            (self.card_a.points, self.card_b.points, self.card_c.points), (550, 100, 0)
        )

    def _segment(self, **vals):
        return self.env["loyalty.member.segment"].create(
            {
                "name": "测试分群",
                "program_ids": [(6, 0, self.program.ids)],
                "mail_template_id": self.env.ref("member_loyalty.mail_template_segment_push").id,
                **vals,
            }
        )

    def _members(self, **vals):
        segment = self._segment(**vals)
        members = segment._members()
        self.assertEqual(segment.member_count, len(members))
        return members

    def test_membership(self):
        a, b, c = self.card_a, self.card_b, self.card_c
        self.assertEqual(self._members(), a | b | c)
        self.assertEqual(self._members(tier_ids=[(6, 0, self.gold.ids)]), a)
        self.assertEqual(self._members(tier_ids=[(6, 0, self.regular.ids)]), b | c)
        self.assertEqual(self._members(customer_segment_ids=[(6, 0, self.rfm_segment.ids)]), a)
        self.assertEqual(self._members(balance_min=200), a)
        self.assertEqual(self._members(balance_min=50, balance_max=200), b)
        self.assertEqual(self._members(last_purchase="within", last_purchase_days=30), a)
        self.assertEqual(self._members(last_purchase="before", last_purchase_days=30), b)
        self.assertEqual(self._members(last_purchase="within", last_purchase_days=250), a | b)
        self.assertEqual(self._members(last_purchase="never"), c)
        self.assertEqual(self._members(expiring_days=180), b)
        self.assertEqual(self._members(expiring_days=400), a | b)
        self.assertEqual(
            self._members(tier_ids=[(6, 0, self.regular.ids)], last_purchase="never"), c
        )
        other_program = self.program.copy({"name": "另一个计划"})
        self.assertFalse(self._members(program_ids=[(6, 0, other_program.ids)]))

    def test_push_email_one_mail_per_member(self):
        segment = self._segment()
        result = segment._push()
        self.assertEqual((result["sent"], result["missing"]), (2, 1))
        self.assertEqual(result["missing_cards"], self.card_b)
        cards = self.card_a | self.card_b | self.card_c
        mails = self.env["mail.mail"].search(
            [("model", "=", "loyalty.card"), ("res_id", "in", cards.ids)]
        )
        self.assertEqual(len(mails), 2)
        self.assertEqual(
            mails.recipient_ids, self.partner | self.partner_c, "one mail to each member"
        )
        log = segment.message_ids.filtered(lambda m: "Push by" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("杭州东海泵业有限公司", log.body, "members without e-mail are listed")

    def test_push_sms_or_refused(self):
        segment = self._segment(channel="sms", sms_body="会员专享：本周积分兑换双倍！")
        if "sms.composer" not in self.env:
            with self.assertRaises(UserError):
                segment._push()
            return
        result = segment._push()
        self.assertEqual((result["sent"], result["missing"]), (1, 2))
        sms = self.env["sms.sms"].search(
            [("partner_id", "in", (self.partner_b | self.partner_c | self.partner).ids)]
        )
        self.assertEqual(sms.partner_id, self.partner_b)

    def test_push_needs_template_and_rights(self):
        with self.assertRaises(UserError):
            self._segment(mail_template_id=False)._push()
        with self.assertRaises(UserError):
            self._segment().with_user(self.salesman)._push()
