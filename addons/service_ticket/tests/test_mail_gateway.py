# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

INCOMING_EMAIL = """Return-Path: {return_path}
X-Original-To: {to}
Delivered-To: {to}
Message-ID: {msg_id}
Date: Mon, 16 Nov 2026 09:06:29 +0800
From: {email_from}
MIME-Version: 1.0
To: {to}
Cc: {cc}
Subject: {subject}
{extra}Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

我们厂的 CK6150 数控车床主轴在 1200 转以上异响，请安排工程师上门。
"""


@tagged("post_install", "-at_install")
class TestServiceMailGateway(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["service.ticket.team"].create(
            {"name": "邮件服务站", "alias_name": "service-east", "company_id": cls.company_admin.id}
        )
        cls.engineer = mail_new_test_user(
            cls.env,
            login="st_mail_engineer",
            name="孙海涛",
            email="sun@hongda.example.cn",
            groups="base.group_user,service_ticket.service_ticket_group_user",
            company_id=cls.company_admin.id,
        )
        cls.customer = cls.env["res.partner"].create({"name": "潍坊来信客户", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "王厂长", "email": "wang@wf-laixin.example.cn", "parent_id": cls.customer.id}
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_creates_ticket_and_replies_thread(self):
        self.assertEqual(self.team.alias_email, f"service-east@{self.alias_domain}")
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            '"王厂长" <wang@wf-laixin.example.cn>',
            self.team.alias_email,
            subject="车床主轴异响",
            msg_id="<first-mail@wf-laixin.example.cn>",
            target_model="service.ticket",
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.partner_id, self.contact)
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        self.assertIn("CK6150", ticket.description)
        self.assertTrue(ticket.number.startswith("SV"))
        self.assertIn(self.contact, ticket.message_partner_ids)

        # the engineer answers from Odoo: the customer gets an email
        with self.mock_mail_gateway():
            ticket.with_user(self.engineer).message_post(
                body="已安排工程师明天上午上门。",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.contact.ids,
            )
        self.assertSentEmail(self.engineer.partner_id, [self.contact])
        self.assertTrue(ticket.date_first_response)

        # the customer's reply threads into the same ticket, no new ticket
        count = self.env["service.ticket"].search_count([])
        self.format_and_process(
            INCOMING_EMAIL,
            "wang@wf-laixin.example.cn",
            self.team.alias_email,
            subject="Re: 车床主轴异响",
            extra="In-Reply-To: <first-mail@wf-laixin.example.cn>\n",
            target_model="service.ticket",
        )
        self.assertEqual(self.env["service.ticket"].search_count([]), count)
        incoming = ticket.message_ids.filtered(lambda m: m.subject == "Re: 车床主轴异响")
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.author_id, self.contact)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_unknown_sender_gets_a_contact(self):
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            "zhao@new-customer.example.cn",
            self.team.alias_email,
            subject="新客户报修",
            target_model="service.ticket",
        )
        self.assertEqual(ticket.partner_id.email, "zhao@new-customer.example.cn")
        self.assertEqual(ticket.email_from, "zhao@new-customer.example.cn")
