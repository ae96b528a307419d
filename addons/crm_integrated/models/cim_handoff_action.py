# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from ast import literal_eval
from datetime import timedelta

from odoo import api, fields, models


class CimHandoffAction(models.Model):
    """What happens when a deal is won (an order confirmed), right after the confirmation's
    commit: the order's payment plan from its payment terms, then to-dos for the delivery
    team with the requirement documents and a reminder for finance before the first
    instalment. Each order fires its actions once."""

    _name = "cim.handoff.action"
    _description = "Won-Deal Hand-off Action"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    trigger = fields.Selection(
        [
            ("confirm", "When the Order Is Confirmed"),
            ("first_instalment", "Before the First Instalment"),
        ],
        required=True,
        default="confirm",
    )
    days = fields.Integer(
        default=1,
        help="On confirmation: days until the to-do is due. Before the first instalment: how "
        "many days before its due date.",
    )
    domain = fields.Char(
        string="Orders", default="[]", help="Only the confirmed orders matching this domain."
    )
    user_ids = fields.Many2many("res.users", string="Assign To", domain=[("share", "=", False)])
    assign_salesperson = fields.Boolean(string="Also the Salesperson")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
    )
    summary = fields.Char(translate=True)
    note = fields.Html(translate=True)
    attach_documents = fields.Boolean(
        string="Attach Requirement Documents",
        default=True,
        help="Link the files of the order and of its opportunity to the to-do.",
    )

    @api.model
    def _cim_fire(self, orders):
        """The payment plans of the orders (from their payment terms), then the hand-off
        actions of the orders not handed off yet (one batch of to-dos)."""
        orders._cim_ensure_payment_plans()
        # handed off before, or cancelled since the confirmation (handed off when
        # confirmed again): only unmarked
        done = orders.filtered(lambda o: o.cim_handoff_done or o.state != "sale")
        done.sudo().write({"cim_handoff_pending": False})
        orders -= done
        if not orders:
            return
        actions = self.sudo().search([("company_id", "in", [*orders.company_id.ids, False])])
        if actions:
            Attachment = self.env["ir.attachment"].sudo()
            documents = {}
            if any(actions.mapped("attach_documents")):
                for attachment in Attachment.search(
                    [
                        "|",
                        "&",
                        ("res_model", "=", "sale.order"),
                        ("res_id", "in", orders.ids),
                        "&",
                        ("res_model", "=", "crm.lead"),
                        ("res_id", "in", orders.opportunity_id.ids),
                    ]
                ):
                    documents.setdefault((attachment.res_model, attachment.res_id), Attachment)
                    documents[(attachment.res_model, attachment.res_id)] |= attachment
            model_id = self.env["ir.model"]._get_id("sale.order")
            # due in the company's days (Asia/Shanghai), not the cron user's time zone
            Partner = self.env["res.partner"]
            todays = {company: Partner._cim_value_today(company) for company in orders.company_id}
            values = []
            for action in actions:
                domain = literal_eval(action.domain or "[]")
                matching = orders.filtered_domain(domain) if domain else orders
                for order in matching.filtered(
                    lambda o, a=action: not a.company_id or o.company_id == a.company_id
                ):
                    today = todays[order.company_id]
                    if action.trigger == "first_instalment":
                        first = order.cim_payment_plan_ids.sorted("date_due")[:1]
                        if not first:
                            continue
                        deadline = max(first.date_due - timedelta(days=action.days), today)
                    else:
                        deadline = today + timedelta(days=action.days)
                    files = Attachment
                    if action.attach_documents:
                        files = documents.get(("sale.order", order.id), Attachment) | documents.get(
                            ("crm.lead", order.opportunity_id.id), Attachment
                        )
                    users = action.user_ids
                    if action.assign_salesperson:
                        users |= order.user_id
                    values += [
                        {
                            "res_model_id": model_id,
                            "res_id": order.id,
                            "activity_type_id": action.activity_type_id.id,
                            "summary": action.summary or action.name,
                            "note": action.note,
                            "date_deadline": deadline,
                            "user_id": user.id,
                            "attachment_ids": [(6, 0, files.ids)],
                        }
                        for user in users.filtered("active")
                    ]
            self.env["mail.activity"].sudo()._cim_create_in_rounds(values)
        orders.sudo().write({"cim_handoff_done": True, "cim_handoff_pending": False})

    @api.model
    def _cron_handoff(self, batch_size=200):
        """Hand off the orders confirmed since the last run, in committed batches. An order
        a user is changing at that moment (its row locked) is left for a run a minute
        later, rather than failing the batch."""
        Order = self.env["sale.order"].sudo()
        testing = getattr(threading.current_thread(), "testing", False)
        skipped = False
        done_ids = []
        while True:
            Order.flush_model(["cim_handoff_pending"])
            # the batch's first statement: its rows are locked as of the batch's snapshot
            self.env.cr.execute(
                """SELECT id FROM sale_order
                    WHERE cim_handoff_pending AND id != ALL(%s)
                    ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                [done_ids, batch_size],
            )
            orders = Order.browse(row[0] for row in self.env.cr.fetchall())
            if not orders:
                break
            self._cim_fire(orders)
            done_ids += orders.ids
            remaining = Order.search_count(
                [("cim_handoff_pending", "=", True), ("id", "not in", done_ids)]
            )
            self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            skipped = bool(remaining)
        if skipped or Order.search_count(
            [("cim_handoff_pending", "=", True), ("id", "not in", done_ids)], limit=1
        ):
            # locked by a user's transaction: once it is over
            self.env.ref("crm_integrated.ir_cron_handoff")._trigger(
                fields.Datetime.now() + timedelta(minutes=1)
            )
