# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestServiceReport(ServiceCommon):
    """MTTR, SLA compliance and satisfaction by engineer and problem type, on tickets opened
    and closed at frozen times (UTC below, Beijing time in the comments). The SLA counts
    working hours 8–12, 13–17 Monday to Friday: 4 h to respond, 16 h to resolve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create(
            {"name": "服务工作时间", "tz": "Asia/Shanghai"}
        )
        cls.env["service.sla.policy"].create(
            {
                "name": "A 级客户",
                "customer_level_ids": [(6, 0, cls.level_a.ids)],
                "calendar_id": calendar.id,
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )
        ProblemType = cls.env["service.problem.type"]
        cls.spindle = ProblemType.create({"name": "主轴故障"})
        cls.hydraulic = ProblemType.create({"name": "液压故障"})
        # engineer: opened Friday 16:00, closed Monday 10:00: 66 h, SLA met, rated 5
        cls.t1 = cls._ticket(cls.engineer, cls.spindle, "2026-09-25 08:00", "2026-09-28 02:00", 5)
        # engineer: opened Monday 08:00, closed Wednesday 08:00: 48 h, SLA breached, rated 2
        cls.t2 = cls._ticket(cls.engineer, cls.hydraulic, "2026-09-28 00:00", "2026-09-30 00:00", 2)
        # engineer 2: opened Monday 08:00, closed Monday 10:00: 2 h, SLA met, rated 4
        cls.t3 = cls._ticket(cls.engineer_2, cls.spindle, "2026-09-28 00:00", "2026-09-28 02:00", 4)
        # engineer 2: still open and on track: no resolution time, no SLA outcome, no rating
        cls.t4 = cls._ticket(cls.engineer_2, cls.spindle, "2026-09-28 00:00", None, None)
        cls.tickets = cls.t1 | cls.t2 | cls.t3 | cls.t4

    @classmethod
    def _ticket(cls, engineer, problem_type, opened, closed, rate):
        with freeze_time(opened):
            ticket = cls.Ticket.create(
                {
                    "name": "设备报修",
                    "partner_id": cls.contact.id,
                    "team_id": cls.team.id,
                    "user_id": engineer.id,
                    "problem_type_id": problem_type.id,
                }
            )
        if closed:
            with freeze_time(closed):
                ticket.stage_id = cls.stage_closed
                if rate:
                    rating = ticket.rating_ids.filtered(lambda r: not r.consumed)
                    ticket.sudo().rating_apply(rate, token=rating.access_token)
        return ticket

    def _figures(self, user, groupby):
        self.env.flush_all()
        Report = self.env["service.ticket.report"].with_user(user)
        groups = Report._read_group(
            [("ticket_id", "in", self.tickets.ids)],
            groupby,
            ["ticket_count:sum", "resolve_hours:avg", "sla_compliance:avg", "rating:avg",
             "satisfied_rate:avg"],
        )  # fmt: skip
        n = len(groupby)
        return {
            (group[0] if n else None): tuple(round(value, 2) for value in group[n:])
            for group in groups
        }

    def test_sla_outcomes(self):
        self.assertEqual(
            (self.t1 | self.t2 | self.t3 | self.t4).mapped("sla_status"),
            ["met", "breached", "met", "on_track"],
        )

    def test_by_engineer(self):
        self.assertEqual(
            self._figures(self.dispatcher, ["user_id"]),
            {
                # (66 + 48) / 2 h; 1 of 2 met; ratings 5 and 2, one satisfied
                self.engineer: (2, 57.0, 50.0, 3.5, 50.0),
                # 2 h; 1 of 1 decided met; one rating of 4
                self.engineer_2: (2, 2.0, 100.0, 4.0, 100.0),
            },
        )

    def test_by_problem_type(self):
        self.assertEqual(
            self._figures(self.dispatcher, ["problem_type_id"]),
            {
                self.spindle: (3, 34.0, 100.0, 4.5, 100.0),
                self.hydraulic: (1, 48.0, 0.0, 2.0, 0.0),
            },
        )
        # all tickets: (66 + 48 + 2) / 3 h, 2 of 3 decided met
        self.assertEqual(self._figures(self.dispatcher, []), {None: (4, 38.67, 66.67, 3.67, 66.67)})

    def test_engineer_sees_own_tickets_only(self):
        self.assertEqual(
            self._figures(self.engineer, ["user_id"]),
            {self.engineer: (2, 57.0, 50.0, 3.5, 50.0)},
        )
        rows = self.env["service.ticket.report"].with_user(self.engineer_2).search([])
        self.assertEqual(rows.ticket_id, self.t3 | self.t4)

    def test_xlsx_export(self):
        self.env.flush_all()
        domain = [("ticket_id", "in", self.tickets.ids)]
        Report = self.env["service.ticket.report"].with_user(self.dispatcher)
        action = Report._cim_export_xlsx(domain)
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3][:-14]))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:3], ["Ticket", "Opened On", "Engineer"])
        self.assertEqual(sheet.max_row, 6)  # header, four tickets, totals
        rows = [dict(zip(headers, (c.value for c in row), strict=True))
                for row in sheet.iter_rows(min_row=2, max_row=5)]  # fmt: skip
        self.assertEqual(
            sorted((r["Engineer"], r["MTTR (Hours)"], r["Satisfaction (1-5)"]) for r in rows),
            sorted([("孙工", 66, 5), ("孙工", 48, 2), ("周工", 2, 4), ("周工", 0, 0)]),
        )
        totals = dict(zip(headers, (c.value for c in sheet[6]), strict=True))
        self.assertEqual(totals["Ticket"], "Total")
        self.assertEqual(
            (totals["Tickets"], totals["Closed"], totals["SLA Decided"], totals["SLA Met"]),
            (4, 3, 3, 2),
        )
        self.assertEqual(totals["Rated"], 3)
