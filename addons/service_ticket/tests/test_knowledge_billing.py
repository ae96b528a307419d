# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestKnowledge(ServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Type = cls.env["service.problem.type"]
        cls.mech = Type.create({"name": "机械故障"})
        cls.spindle = Type.create({"name": "主轴异响", "parent_id": cls.mech.id})
        cls.electric = Type.create({"name": "电气故障"})
        cls.lathe = cls.env["product.product"].create({"name": "CK6150"})
        Article = cls.env["service.knowledge.article"]
        cls.general = Article.create(
            {"name": "机械故障排查清单", "problem_type_ids": [Command.set(cls.mech.ids)]}
        )
        cls.bearing = Article.create(
            {
                "name": "主轴高速异响：更换轴承",
                "problem_type_ids": [Command.set(cls.spindle.ids)],
                "steps": "<p>1. 拆下主轴 2. 更换 7014C 轴承</p>",
            }
        )
        cls.bearing.usage_count = 3
        cls.lathe_manual = Article.create(
            {"name": "CK6150 保养手册", "product_ids": [Command.set(cls.lathe.ids)]}
        )
        cls.electric_article = Article.create(
            {"name": "伺服报警", "problem_type_ids": [Command.set(cls.electric.ids)]}
        )

    def test_suggestions_use_and_usage_count(self):
        ticket = self.Ticket.with_user(self.engineer).create(
            {"name": "主轴异响", "problem_type_id": self.spindle.id, "product_id": self.lathe.id}
        )
        suggested = ticket.suggested_article_ids
        # the most used first
        best = self.env["service.knowledge.article"].with_user(self.engineer)._suggest_for(ticket)
        self.assertEqual(self.bearing.usage_count, 3)
        self.assertEqual(best[0], self.bearing, best.mapped("usage_count"))
        self.assertEqual(set(suggested.ids), {self.bearing.id, self.general.id,
                                              self.lathe_manual.id})  # fmt: skip
        self.bearing.with_user(self.engineer).with_context(
            service_ticket_id=ticket.id
        ).action_use_on_ticket()
        self.assertEqual(self.bearing.usage_count, 4)
        self.assertEqual(ticket.article_ids, self.bearing)
        self.assertIn("7014C", ticket.message_ids[0].body)
        # using it twice on the same ticket counts once
        self.bearing.with_user(self.engineer).with_context(
            service_ticket_id=ticket.id
        ).action_use_on_ticket()
        self.assertEqual(self.bearing.usage_count, 4)
        action = ticket.action_search_articles()
        self.assertEqual(action["context"]["search_default_problem_type_ids"], self.spindle.id)

    def test_article_from_resolved_ticket(self):
        ticket = self.Ticket.with_user(self.engineer).create(
            {
                "name": "伺服驱动器 AL.16 报警",
                "problem_type_id": self.electric.id,
                "description": "<p>开机报 AL.16</p>",
            }
        )
        with self.assertRaises(UserError):
            ticket.action_create_article()
        ticket.resolution = "<p>编码器线松动，重新插紧</p>"
        action = ticket.with_user(self.engineer).action_create_article()
        article = self.env["service.knowledge.article"].browse(action["res_id"])
        self.assertEqual(article.name, "伺服驱动器 AL.16 报警")
        self.assertEqual(article.problem_type_ids, self.electric)
        self.assertIn("AL.16", article.symptoms)
        self.assertIn("编码器", article.steps)
        self.assertEqual(article.source_ticket_id, ticket)


@tagged("post_install", "-at_install")
class TestBilling(ServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.labour = cls.env["product.product"].create(
            {"name": "维修工时", "type": "service", "list_price": 200}
        )
        cls.company.service_labour_product_id = cls.labour
        cls.bearing = cls.env["product.product"].create(
            {"name": "主轴轴承 7014C", "type": "consu", "list_price": 850}
        )
        cls.lathe = cls.env["product.product"].create(
            {"name": "CK6150", "service_warranty_months": 12}
        )
        cls.misuse = cls.env["service.problem.type"].create(
            {"name": "人为损坏", "chargeable": True}
        )

    def _ticket(self, install_date, **values):
        equipment = self.env["service.equipment"].create(
            {"product_id": self.lathe.id, "partner_id": self.customer.id,
             "install_date": install_date}
        )  # fmt: skip
        ticket = self.Ticket.create(
            {"name": "更换轴承", "partner_id": self.contact.id, "equipment_id": equipment.id,
             "user_id": self.engineer.id, **values}
        )  # fmt: skip
        ticket.write(
            {
                "part_ids": [Command.create({"product_id": self.bearing.id, "quantity": 2})],
                "worklog_ids": [
                    Command.create({"description": "上门维修", "hours": 3,
                                    "user_id": self.engineer.id})
                ],
            }
        )  # fmt: skip
        return ticket

    def test_in_warranty_is_free(self):
        ticket = self._ticket(date.today())
        self.assertTrue(ticket.in_warranty)
        self.assertFalse(ticket.is_chargeable)
        with self.assertRaises(UserError):
            ticket.with_user(self.dispatcher).action_create_sale_order()
        self.assertFalse(ticket.billing_order_id)

    def test_out_of_warranty_parts_and_labour_to_one_order(self):
        ticket = self._ticket(date(2020, 1, 1))
        self.assertTrue(ticket.is_chargeable)
        action = ticket.with_user(self.dispatcher).action_create_sale_order()
        order = ticket.billing_order_id
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.origin, ticket.number)
        lines = {line.product_id: line.product_uom_qty for line in order.order_line}
        self.assertEqual(lines, {self.bearing: 2, self.labour: 3})
        self.assertEqual(order.amount_untaxed, 2 * 850 + 3 * 200)
        with self.assertRaises(UserError):
            ticket.action_create_sale_order()
        # the order is invoiced the usual way
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_chargeable_problem_type_even_in_warranty(self):
        ticket = self._ticket(date.today(), problem_type_id=self.misuse.id)
        self.assertTrue(ticket.in_warranty)
        self.assertTrue(ticket.is_chargeable)
        ticket.with_user(self.dispatcher).action_create_sale_order()
        self.assertEqual(len(ticket.billing_order_id.order_line), 2)
