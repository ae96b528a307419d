# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServicePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.service_auto_dispatch = False
        cls.customer = cls.env["res.partner"].create({"name": "甲方机械厂", "is_company": True})
        cls.customer_2 = cls.env["res.partner"].create({"name": "乙方机械厂", "is_company": True})
        cls.portal_a = new_test_user(
            cls.env, login="st_http_portal_a", password="st_http_portal_a",
            groups="base.group_portal",
        )  # fmt: skip
        cls.portal_a.partner_id.parent_id = cls.customer
        cls.portal_b = new_test_user(
            cls.env, login="st_http_portal_b", password="st_http_portal_b",
            groups="base.group_portal",
        )  # fmt: skip
        cls.portal_b.partner_id.parent_id = cls.customer_2
        contact_a = cls.env["res.partner"].create(
            {"name": "甲方同事", "parent_id": cls.customer.id}
        )
        cls.ticket_a = cls.env["service.ticket"].create(
            {"name": "甲方的液压站漏油", "partner_id": contact_a.id}
        )
        cls.ticket_b = cls.env["service.ticket"].create(
            {"name": "乙方的机床报警", "partner_id": cls.portal_b.partner_id.id}
        )
        cls.ptype = cls.env["service.problem.type"].create({"name": "液压故障"})

    def test_list_detail_and_submit(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open("/my/tickets").text
        self.assertIn("甲方的液压站漏油", page)
        self.assertNotIn("乙方的机床报警", page)
        detail = self.url_open(f"/my/tickets/{self.ticket_a.id}")
        self.assertIn("甲方的液压站漏油", detail.text)
        # another company's ticket: back to /my, nothing shown
        foreign = self.url_open(f"/my/tickets/{self.ticket_b.id}")
        self.assertNotIn("乙方的机床报警", foreign.text)
        self.assertTrue(foreign.url.endswith("/my"))
        # with the access token (link in an email) it opens
        with_token = self.url_open(
            f"/my/tickets/{self.ticket_b.id}?access_token={self.ticket_b._portal_ensure_token()}"
        )
        self.assertIn("乙方的机床报警", with_token.text)
        response = self.url_open(
            "/my/tickets/submit",
            data={
                "name": "数控系统黑屏",
                "description": "开机后屏幕无显示\n电源灯亮",
                "problem_type_id": self.ptype.id,
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        ticket = self.env["service.ticket"].search([("name", "=", "数控系统黑屏")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.endswith(ticket.access_url))
        self.assertEqual(ticket.partner_id, self.portal_a.partner_id)
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        self.assertEqual(ticket.channel, "portal")
        self.assertEqual(ticket.problem_type_id, self.ptype)
        self.assertIn("<br>", ticket.description)
        self.assertIn("数控系统黑屏", self.url_open("/my/tickets").text)
        # the customer confirms the resolution from the portal
        ticket.resolution = "<p>更换显示屏电源板</p>"
        self.url_open(
            f"/my/tickets/{ticket.id}/confirm",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(ticket.confirmed_by, self.portal_a.partner_id.name)
        self.assertTrue(ticket.confirmed_date)
        # the other company does not see it
        self.authenticate(self.portal_b.login, self.portal_b.login)
        page_b = self.url_open("/my/tickets").text
        self.assertNotIn("数控系统黑屏", page_b)
        self.assertIn("乙方的机床报警", page_b)
