# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalePaymentPlanLine(models.Model):
    """One instalment of an order's payment plan (回款计划). What was received is never typed
    in: the customer's payments reconciled with the order's invoices are allocated to the
    instalments by due date (first due, first paid)."""

    _name = "sale.payment.plan.line"
    _description = "Payment Plan Instalment"
    _order = "order_id, date_due, number, id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    number = fields.Integer(string="No.", default=1)
    date_due = fields.Date(string="Due Date", required=True, index=True)
    percent = fields.Float(
        string="Percentage", digits=(16, 2), help="Share of the order total; empty: an amount."
    )
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False, precompute=True, required=True
    )
    method = fields.Selection(
        [
            ("transfer", "Bank Transfer"),
            ("acceptance", "Bank Acceptance Bill"),
            ("cash", "Cash"),
            ("other", "Other"),
        ],
        string="Payment Method",
        default="transfer",
    )
    reminder_days = fields.Integer(
        string="Remind Days Before", default=3, help="Days before the due date to remind."
    )
    note = fields.Char(string="Notes")
    currency_id = fields.Many2one(related="order_id.currency_id", store=True, precompute=True)
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        related="order_id.user_id", string="Salesperson", store=True, precompute=True
    )
    # computed when the instalments are created (confirmation), not by a later UPDATE
    amount_received = fields.Monetary(
        string="Received", compute="_compute_received", store=True, precompute=True
    )
    amount_outstanding = fields.Monetary(
        string="Outstanding", compute="_compute_received", store=True, precompute=True
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
            ("overdue", "Overdue"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_received",
        store=True,
        precompute=True,
        index=True,
        default="pending",
    )
    reminded = fields.Boolean(string="Reminder Sent", readonly=True, copy=False)
    overdue_notified = fields.Boolean(string="Overdue Notice Sent", readonly=True, copy=False)

    @api.depends("percent", "order_id.amount_total")
    def _compute_amount(self):
        for line in self:
            if line.percent:
                line.amount = line.currency_id.round(
                    line.order_id.amount_total * line.percent / 100
                )
            elif not line.amount:
                line.amount = 0.0

    # the order's state only matters when it is cancelled or set back to draft, which
    # recompute explicitly (sale.order._cim_recompute_payment_plan): confirming does not
    # look for the instalments of the order
    @api.depends(
        "amount",
        "date_due",
        "order_id.order_line.invoice_lines.move_id.amount_residual",
        "order_id.order_line.invoice_lines.move_id.state",
    )
    def _compute_received(self):
        Partner = self.env["res.partner"]
        todays = {company: Partner._cim_value_today(company) for company in self.company_id}
        paid_by_order = {order: order._cim_amount_paid() for order in self.order_id}
        for line in self:
            order = line.order_id
            paid = paid_by_order.get(order, 0.0)
            received = 0.0
            if paid:  # the instalments are paid in their order: read the earlier ones
                # instalments being created (precompute) are not yet among the order's
                siblings = order.cim_payment_plan_ids | self.filtered(
                    lambda x, o=order: x.order_id == o
                )
                before = sum(
                    other.amount
                    for other in siblings
                    if (other.date_due, other.number, other.id or 0)
                    < (line.date_due, line.number, line.id or 0)
                )
                received = min(max(paid - before, 0.0), line.amount)
            line.amount_received = received
            line.amount_outstanding = line.amount - received
            if order.state == "cancel":
                line.state = "cancelled"
            elif line.currency_id.compare_amounts(line.amount_outstanding, 0) <= 0:
                line.state = "paid"
            elif line.date_due and line.date_due < todays.get(line.company_id, line.date_due):
                line.state = "overdue"
            elif received:
                line.state = "partial"
            else:
                line.state = "pending"

    @api.constrains("percent", "amount", "reminder_days")
    def _check_values(self):
        for line in self:
            if line.percent < 0 or line.percent > 100 or line.amount < 0 or line.reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "Instalment amounts, percentages and reminder days cannot be negative."
                    )
                )

    # crons
    def _cron_payment_plan(self, batch_size=1000):
        """Daily: instalments past due become overdue (owner and finance get one to-do);
        instalments entering their reminder window get one reminder."""
        # each company's days (Asia/Shanghai): the latest of them finds every candidate,
        # the state is computed in the line's company's day
        Partner = self.env["res.partner"]
        todays = {c: Partner._cim_value_today(c) for c in self.env["res.company"].search([])}
        today = max(todays.values())
        late = self.search([("state", "in", ("pending", "partial")), ("date_due", "<", today)])
        for field in ("amount_received", "amount_outstanding", "state"):
            self.env.add_to_compute(self._fields[field], late)
        late.flush_recordset()
        to_warn = self.search(
            [("state", "=", "overdue"), ("overdue_notified", "=", False)], limit=batch_size
        )
        to_warn._cim_schedule_activities(overdue=True)
        to_remind = self.search(
            [
                ("state", "in", ("pending", "partial")),
                ("reminded", "=", False),
                ("date_due", "<=", today + timedelta(days=60)),
            ],
            limit=batch_size,
        ).filtered(
            lambda ln: (
                ln.date_due - timedelta(days=ln.reminder_days) <= todays.get(ln.company_id, today)
            )
        )
        to_remind._cim_schedule_activities(overdue=False)

    def _cim_schedule_activities(self, overdue):
        if not self:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("sale.order")
        values = []
        for line in self:
            finance = line.company_id.cim_collection_user_id
            users = (line.user_id | finance).filtered("active") or self.env.user
            if overdue:
                summary = self.env._(
                    "Instalment %(no)s of %(order)s is overdue: %(amount)s outstanding",
                    no=line.number,
                    order=line.order_id.name,
                    amount=line.amount_outstanding,
                )
            else:
                summary = self.env._(
                    "Instalment %(no)s of %(order)s is due on %(date)s",
                    no=line.number,
                    order=line.order_id.name,
                    date=line.date_due,
                )
            values += [
                {
                    "res_model_id": model_id,
                    "res_id": line.order_id.id,
                    "activity_type_id": todo.id,
                    "summary": summary,
                    "date_deadline": max(
                        line.date_due, self.env["res.partner"]._cim_value_today(line.company_id)
                    ),
                    "user_id": user.id,
                }
                for user in users
            ]
        self.env["mail.activity"].sudo()._cim_create_in_rounds(values)
        self.sudo().write({"overdue_notified" if overdue else "reminded": True})
