# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import ServiceCommon


@tagged("post_install", "-at_install")
class TestSatisfaction(ServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyal = cls.env.ref("service_ticket.res_partner_category_loyal_care")

    def _closed_ticket(self, engineer=None):
        ticket = self.Ticket.create(
            {
                "name": "主轴异响",
                "partner_id": self.contact.id,
                "team_id": self.team.id,
                "user_id": (engineer or self.engineer).id,
            }
        )
        ticket.with_user(engineer or self.engineer).stage_id = self.stage_closed
        return ticket

    def _rating_of(self, ticket):
        return ticket.rating_ids.filtered(lambda r: not r.consumed)

    def test_close_sends_rating_request(self):
        ticket = self._closed_ticket()
        rating = self._rating_of(ticket)
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact)
        self.assertEqual(rating.rated_partner_id, self.engineer.partner_id)
        mail = self.env["mail.mail"].search(
            [("model", "=", "service.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertTrue(any(f"/rate/{rating.access_token}/5" in m.body_html for m in mail))
        self.assertEqual(ticket._service_portal_rating_token(), rating.access_token)
        # cancelling does not ask for a rating
        cancelled = self.Ticket.create({"name": "取消", "partner_id": self.contact.id})
        cancelled.stage_id = self.env.ref("service_ticket.stage_cancelled")
        self.assertFalse(cancelled.rating_ids)

    def test_satisfied_customer_joins_care_list_and_gets_revisit(self):
        with freeze_time("2026-11-02 03:00:00"):
            ticket = self._closed_ticket()
            token = self._rating_of(ticket).access_token
            # the public /rate/<token>/5 page calls rating_apply as superuser
            ticket.sudo().rating_apply(5, token=token, feedback="工程师很专业")
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertIn(self.loyal, self.customer.category_id)
        revisit = ticket.revisit_mail_id
        self.assertTrue(revisit)
        self.assertEqual(revisit.scheduled_date, datetime(2026, 11, 2, 3, 0) + timedelta(days=7))
        self.assertEqual(revisit.recipient_ids, self.contact)
        self.assertEqual(revisit.state, "outgoing")
        self.assertFalse(ticket.activity_ids)

    def test_dissatisfied_customer_gives_leader_a_todo(self):
        ticket = self._closed_ticket()
        ticket.sudo().rating_apply(1, token=self._rating_of(ticket).access_token, feedback="太慢")
        self.assertNotIn(self.loyal, self.customer.category_id)
        self.assertFalse(ticket.revisit_mail_id)
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, self.leader)
        self.assertIn("太慢", activity.note)

    def test_average_per_engineer_and_health(self):
        for engineer, rate in ((self.engineer, 5), (self.engineer, 3), (self.engineer_2, 1)):
            ticket = self._closed_ticket(engineer)
            ticket.sudo().rating_apply(rate, token=self._rating_of(ticket).access_token)
        per_engineer = dict(
            self.Ticket.with_user(self.leader)._read_group(
                [("rating_last_value", ">", 0)], ["user_id"], ["rating_last_value:avg"]
            )
        )
        self.assertEqual(per_engineer[self.engineer], 4)
        self.assertEqual(per_engineer[self.engineer_2], 1)
        self.assertAlmostEqual(self.customer.with_user(self.leader).service_360_rating_avg, 3)
        # the factors feed crm_integrated's health score: average 3 → 50, no open ticket → 100
        self.company.service_health_weight_satisfaction = 10
        self.company.service_health_weight_tickets = 5
        factors = self.env["res.partner"]._cim_health_factors(self.company)
        satisfaction, tickets = factors[-2], factors[-1]
        self.assertEqual((satisfaction[0], tickets[0]), (10, 5))
        self.env.flush_all()

        def value(sql, partner):
            self.env.cr.execute(
                SQL("SELECT %s FROM res_partner p WHERE p.id = %s", sql, partner.id)
            )
            return float(self.env.cr.fetchone()[0])

        self.assertEqual(value(satisfaction[1], self.customer), 50)
        self.assertEqual(value(tickets[1], self.customer), 100)
        self.Ticket.create({"name": "新工单", "partner_id": self.contact.id})
        self.env.flush_all()
        self.assertEqual(value(tickets[1], self.customer), 80)
        self.assertEqual(value(satisfaction[1], self.customer_2), 75)  # no rating: neutral
