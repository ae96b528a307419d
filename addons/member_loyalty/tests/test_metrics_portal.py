# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MemberLoyaltyCase


@tagged("post_install", "-at_install")
class TestMemberMetrics(MemberLoyaltyCase):
    def test_metrics_and_xlsx(self):
        self.program.point_value = 0.5
        card = self._make_card()
        self._confirmed_order()
        self._confirmed_order([(self.machine, 1)])
        card._redeem(100, "兑换礼品")
        self.env["loyalty.card"]._post_ledger_lines(
            [{"card_id": card.id, "kind": "expire", "used": 20, "description": "过期"}]
        )
        other = self.env["res.partner"].create({"name": "只下过一单的会员"})
        self._confirmed_order(partner=other)
        self.env.flush_all()
        Report = self.env["loyalty.member.report"].with_user(self.salesman)
        row = Report.search([("card_id", "=", card.id)])
        self.assertEqual(row.order_count, 2)
        self.assertEqual(row.order_amount, 3000)
        self.assertEqual(row.average_order_value, 1500)
        self.assertEqual(row.repurchase_rate, 100)
        self.assertEqual(
            (row.points_issued, row.points_redeemed, row.points_expired, row.points_outstanding),
            (300, 100, 20, 180),
        )
        self.assertEqual(row.liability, 90)
        totals = Report.read_group(
            [("program_id", "=", self.program.id)], ["repurchase_rate:avg", "liability:sum"], []
        )[0]
        self.assertEqual(totals["repurchase_rate"], 50, "one member of two ordered twice")
        action = Report._member_export_xlsx([("program_id", "=", self.program.id)])
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertTrue(base64.b64decode(attachment.datas).startswith(b"PK"))


@tagged("post_install", "-at_install")
class TestMemberPortal(HttpCase):
    def test_portal_points_page(self):
        self.env["loyalty.program"].search([]).active = False
        program = self.env["loyalty.program"].create(
            {
                "name": "门户会员计划",
                "program_type": "loyalty",
                "ledger_locked": True,
                "points_expiry": "months",
                "tier_ids": [Command.create({"name": "银卡", "sequence": 1})],
            }
        )
        member = new_test_user(self.env, login="ml_portal_member", groups="base.group_portal")
        stranger = new_test_user(self.env, login="ml_portal_other", groups="base.group_portal")
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": member.partner_id.id}
        )
        self.env["loyalty.card"]._post_ledger_lines(
            [{"card_id": card.id, "kind": "adjust", "issued": 1234, "description": "开业赠送积分"}]
        )
        self.authenticate(member.login, member.login)
        page = self.url_open("/my/points").text
        self.assertIn("银卡", page)
        self.assertIn("1,234", page)
        self.assertIn("开业赠送积分", page)
        self.authenticate(stranger.login, stranger.login)
        page = self.url_open("/my/points").text
        self.assertNotIn("开业赠送积分", page)
        self.assertIn("not a member", page)


@tagged("post_install", "-at_install")
class TestRepurchaseByPeriod(MemberLoyaltyCase):
    def test_repurchase_rate_per_period(self):
        Partner = self.env["res.partner"]
        b = Partner.create({"name": "杭州东海泵业有限公司"})
        c = Partner.create({"name": "苏州精工机械有限公司"})
        for partner in (self.partner, b, c):
            self.env["loyalty.card"].create(
                {"program_id": self.program.id, "partner_id": partner.id}
            )
        # A: Jan ×2, Apr; B: Feb, Mar; C: Jan — and a cancelled order that does not count
        for day, partner in [
            ("2025-01-10", self.partner),
            ("2025-01-20", self.partner),
            ("2025-04-05", self.partner),
            ("2025-02-01", b),
            ("2025-03-15", b),
            ("2025-01-15", c),
        ]:
            with freeze_time(day):
                self._confirmed_order([(self.machine, 1)], partner=partner)
        with freeze_time("2025-04-08"):
            self._confirmed_order([(self.machine, 1)], partner=c)._action_cancel()
        self.env.flush_all()
        Report = self.env["loyalty.repurchase.report"].with_user(self.salesman)
        domain = [("program_id", "=", self.program.id)]
        figures = {
            (period, name): (count, repeat, round(rate, 1))
            for period, name, count, repeat, rate in Report._period_figures(domain)
        }
        self.assertEqual(
            figures,
            {
                # January: A ordered twice, C once → 1 of 2
                ("month", "2025-01"): (2, 1, 50.0),
                ("month", "2025-02"): (1, 0, 0.0),
                ("month", "2025-03"): (1, 0, 0.0),
                ("month", "2025-04"): (1, 0, 0.0),
                # Q1: A (2), B (2), C (1) → 2 of 3; Q2: A once
                ("quarter", "2025-Q1"): (3, 2, 66.7),
                ("quarter", "2025-Q2"): (1, 0, 0.0),
                # 2025: A (3), B (2), C (1)
                ("year", "2025"): (3, 2, 66.7),
            },
        )
        pivot = Report.read_group(
            [*domain, ("period", "=", "quarter")], ["repurchase_rate:avg"], ["period_start:quarter"]
        )
        self.assertEqual([round(g["repurchase_rate"], 1) for g in pivot], [66.7, 0.0])
        action = Report._repurchase_export_xlsx([*domain, ("period", "=", "month")])
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertTrue(base64.b64decode(attachment.datas).startswith(b"PK"))
