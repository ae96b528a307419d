# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestServiceTicket(ServiceCommon):
    def test_create_numbers_and_defaults(self):
        t1 = self.Ticket.create({"name": "主轴异响", "partner_id": self.contact.id})
        t2 = self.Ticket.create({"name": "漏油"})
        self.assertTrue(t1.number.startswith("SV"))
        self.assertNotEqual(t1.number, t2.number)
        self.assertEqual(t1.stage_id, self.stage_received)
        self.assertEqual(t1.commercial_partner_id, self.customer)
        self.assertEqual(t1.customer_level_id.code, "A")
        self.assertEqual(t1.email_from, "li@wf-customer.example.cn")
        self.assertIn(self.contact, t1.message_partner_ids)
        self.assertIn(t1.number, t1.display_name)
        found = self.Ticket.name_search(t1.number)
        self.assertEqual(found[0][0], t1.id)
        self.assertEqual(t1.access_url, f"/my/tickets/{t1.id}")

    def test_default_team_from_settings(self):
        self.env.company.service_default_team_id = self.team
        ticket = self.Ticket.create({"name": "默认团队"})
        self.assertEqual(ticket.team_id, self.team)

    def test_problem_type_tree(self):
        Type = self.env["service.problem.type"]
        mech = Type.create({"name": "机械故障", "chargeable": True})
        spindle = Type.create({"name": "主轴异响", "parent_id": mech.id})
        self.assertEqual(spindle.complete_name, "机械故障 / 主轴异响")
        self.assertTrue(spindle._is_chargeable())
        self.assertFalse(Type.create({"name": "培训"})._is_chargeable())
        with self.assertRaises(UserError):
            mech.parent_id = spindle

    def test_stages_dates_worklog_parts_confirmation(self):
        part = self.env["product.product"].create({"name": "主轴轴承 7014C", "type": "consu"})
        ticket = self.Ticket.with_user(self.engineer).create(
            {"name": "关闭测试", "partner_id": self.contact.id, "team_id": self.team.id}
        )
        self.assertFalse(ticket.date_first_response)
        ticket.action_assign_to_me()
        self.assertTrue(ticket.date_assigned)
        ticket.stage_id = self.stage_diagnosis
        self.assertTrue(ticket.date_first_response)
        with Form(ticket) as form:
            with form.worklog_ids.new() as log:
                log.description = "更换主轴轴承"
                log.hours = 2.5
            with form.part_ids.new() as line:
                line.product_id = part
                line.quantity = 2
        self.assertEqual(ticket.worklog_hours, 2.5)
        self.assertEqual(ticket.part_ids.uom_id, part.uom_id)
        with self.assertRaises(UserError):
            ticket.action_customer_confirm()
        ticket.resolution = "<p>更换轴承，精度恢复</p>"
        ticket.action_customer_confirm(name="李联系")
        self.assertEqual(ticket.confirmed_by, "李联系")
        self.assertTrue(ticket.confirmed_date)
        ticket.stage_id = self.stage_closed
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.date_closed)
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.date_closed)
        self.assertEqual(self.team.open_ticket_count, 1)


@tagged("post_install", "-at_install")
class TestServiceSecurity(ServiceCommon):
    def test_engineer_sees_own_unassigned_helper_and_team_tickets_only(self):
        Ticket = self.Ticket
        own = Ticket.create(
            {"name": "我的", "user_id": self.engineer.id, "team_id": self.other_team.id}
        )
        unassigned = Ticket.create({"name": "待分配", "team_id": self.other_team.id})
        team = Ticket.create(
            {"name": "本组", "team_id": self.team.id, "user_id": self.engineer_2.id}
        )
        helper = Ticket.create(
            {
                "name": "协助",
                "team_id": self.other_team.id,
                "user_id": self.outsider.id,
                "helper_ids": [(6, 0, self.engineer.ids)],
            }
        )
        foreign = Ticket.create(
            {"name": "别人的", "team_id": self.other_team.id, "user_id": self.outsider.id}
        )
        everything = own | unassigned | team | helper | foreign
        visible = Ticket.with_user(self.engineer).search([("id", "in", everything.ids)])
        self.assertEqual(visible, own | unassigned | team | helper)
        with self.assertRaises(AccessError):
            foreign.with_user(self.engineer).read(["name"])
        seen = Ticket.with_user(self.dispatcher).search([("id", "in", everything.ids)])
        self.assertEqual(seen, everything)

    def test_dispatcher_reassigns_engineer_cannot_delete_or_configure(self):
        ticket = self.Ticket.create({"name": "改派", "team_id": self.team.id})
        ticket.with_user(self.dispatcher).user_id = self.engineer_2
        self.assertEqual(ticket.user_id, self.engineer_2)
        with self.assertRaises(AccessError):
            ticket.with_user(self.dispatcher).unlink()
        with self.assertRaises(AccessError):
            self.env["service.ticket.team"].with_user(self.dispatcher).create({"name": "X"})
        with self.assertRaises(AccessError):
            self.env["service.problem.type"].with_user(self.engineer).create({"name": "X"})
        ticket.with_user(self.leader).unlink()

    def test_engineer_assigns_to_self_but_cannot_delete(self):
        ticket = self.Ticket.create({"name": "接单"})
        ticket.with_user(self.engineer).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.engineer)
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).unlink()

    def test_portal_users_see_their_company_tickets_only(self):
        mine = self.Ticket.create({"name": "甲公司工单", "partner_id": self.contact.id})
        colleague = self.Ticket.with_user(self.portal_colleague)._service_portal_create(
            {"name": "同事提交的工单"}
        )
        other = self.Ticket.create(
            {"name": "乙公司工单", "partner_id": self.portal_user_2.partner_id.id}
        )
        self.assertEqual(colleague.channel, "portal")
        self.assertEqual(colleague.commercial_partner_id, self.customer)
        visible = self.Ticket.with_user(self.portal_user).search([])
        self.assertEqual(visible, mine | colleague)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user).write({"name": "改"})
        self.assertEqual(self.Ticket.with_user(self.portal_user_2).search([]), other)

    def test_member_tier_of_the_customer(self):
        """The customer's member tier shows on the ticket when member_loyalty is installed
        (neither module depends on the other)."""
        ticket = self.env["service.ticket"].create(
            {"name": "会员设备报修", "partner_id": self.contact.id}
        )
        if "member_tier_id" not in self.env["res.partner"]._fields:
            self.assertFalse(ticket.member_tier)
            return
        program = self.env["loyalty.program"].create(
            {"name": "服务测试会员计划", "program_type": "loyalty"}
        )
        gold = self.env["loyalty.member.tier"].create(
            {"program_id": program.id, "name": "金卡会员", "sequence": 3}
        )
        self.company.member_program_id = program
        self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": self.customer.id, "tier_id": gold.id}
        )
        ticket.invalidate_recordset(["member_tier"])
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        self.assertEqual(ticket.member_tier, "金卡会员")
