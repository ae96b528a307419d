# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestEquipment(ServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lathe = cls.env["product.product"].create(
            {"name": "CK6150 数控车床", "service_warranty_months": 18}
        )
        cls.bearing = cls.env["product.product"].create({"name": "主轴轴承 7014C"})
        cls.equipment = cls.env["service.equipment"].create(
            {
                "product_id": cls.lathe.id,
                "serial_no": "HD-2025-0031",
                "partner_id": cls.customer.id,
                "install_date": date(2025, 3, 10),
                "installer_id": cls.engineer.id,
            }
        )

    def test_warranty_from_product_months_or_entered(self):
        self.assertEqual(self.equipment.name, "CK6150 数控车床 HD-2025-0031")
        self.assertEqual(self.equipment.warranty_months, 18)
        self.assertEqual(self.equipment.warranty_end, date(2026, 9, 10))
        Equipment = self.env["service.equipment"]
        with freeze_time("2026-09-01"):
            self.assertTrue(self.equipment.in_warranty)
            self.assertIn(self.equipment, Equipment.search([("in_warranty", "=", True)]))
        with freeze_time("2026-09-11"):
            self.equipment.invalidate_recordset(["in_warranty"])
            self.assertFalse(self.equipment.in_warranty)
            self.assertIn(self.equipment, Equipment.search([("in_warranty", "=", False)]))
        self.equipment.warranty_end = date(2027, 12, 31)  # extended warranty, entered
        self.assertEqual(self.equipment.warranty_end, date(2027, 12, 31))

    def test_history_on_one_page(self):
        first = self.Ticket.create(
            {"name": "主轴异响", "partner_id": self.contact.id, "equipment_id": self.equipment.id}
        )
        self.assertEqual(first.product_id, self.lathe)
        with Form(first.with_user(self.engineer)) as form:
            with form.worklog_ids.new() as log:
                log.description = "上门检查，更换轴承"
                log.hours = 3
            with form.part_ids.new() as line:
                line.product_id = self.bearing
                line.quantity = 2
        second = self.Ticket.create(
            {"name": "保养", "partner_id": self.contact.id, "equipment_id": self.equipment.id}
        )
        other = self.Ticket.create({"name": "别的设备", "partner_id": self.contact.id})
        equipment = self.equipment.with_user(self.engineer)
        self.assertEqual(equipment.ticket_count, 2)
        self.assertEqual(equipment.ticket_ids, first | second)
        self.assertNotIn(other, equipment.ticket_ids)
        self.assertEqual(equipment.part_ids.product_id, self.bearing)
        self.assertEqual(equipment.part_ids.quantity, 2)
        self.assertEqual(equipment.worklog_ids.hours, 3)
        action = equipment.action_open_tickets()
        self.assertEqual(self.Ticket.search(action["domain"]), first | second)

    def test_customer_360_section(self):
        self.Ticket.create(
            {"name": "主轴异响", "partner_id": self.contact.id, "equipment_id": self.equipment.id}
        )
        closed = self.Ticket.create({"name": "已完成", "partner_id": self.contact.id})
        closed.stage_id = self.stage_closed
        partner = self.customer.with_user(self.engineer)
        self.assertEqual(partner.service_360_ticket_count, 2)
        self.assertEqual(partner.service_360_open_ticket_count, 1)
        self.assertEqual(partner.service_360_equipment_ids, self.equipment)
        self.assertEqual(len(partner.service_360_recent_ticket_ids), 2)
        # a contact shows its company's service
        self.assertEqual(self.contact.with_user(self.engineer).service_360_ticket_count, 2)
        action = partner.action_service_new_ticket()
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        # the 360 form opens for an engineer with the section
        Form(self.customer.with_user(self.leader))

    def test_equipment_rights(self):
        with self.assertRaises(AccessError):
            self.equipment.with_user(self.engineer).unlink()
        self.equipment.with_user(self.dispatcher).state = "scrapped"
        self.assertEqual(self.equipment.state, "scrapped")
