# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DELIVERY_QUEUE = "crm_integrated.delivered_orders"


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "cim.approval.mixin"]

    cim_payment_plan_ids = fields.One2many(
        "sale.payment.plan.line", "order_id", string="Payment Plan", copy=False
    )
    cim_collection_state = fields.Selection(
        [("none", "Nothing Invoiced"), ("partial", "Partially Collected"), ("paid", "Collected")],
        string="Collection Status",
        compute="_compute_cim_collection",
        store=True,
    )
    cim_amount_received = fields.Monetary(
        string="Collected", compute="_compute_cim_collection", store=True
    )
    cim_contract_number = fields.Char(
        string="Contract Number", copy=False, readonly=True, index="btree_not_null"
    )
    cim_contract_date = fields.Date(string="Signing Date", copy=False)
    cim_contract_date_end = fields.Date(string="Contract End", copy=False)
    cim_contract_attachment_ids = fields.Many2many(
        "ir.attachment",
        "sale_order_cim_contract_attachment_rel",
        "order_id",
        "attachment_id",
        string="Signed Contract",
        copy=False,
        help="Scans of the signed contract.",
    )
    cim_invoice_request_ids = fields.One2many(
        "cim.invoice.request", "order_id", string="Invoice Requests"
    )
    cim_handoff_done = fields.Boolean(string="Handed Off", copy=False, readonly=True)
    cim_handoff_pending = fields.Boolean(
        string="Hand-off Pending", copy=False, readonly=True, index=True
    )

    @api.depends(
        "amount_total",
        "order_line.invoice_lines.move_id.amount_residual",
        "order_line.invoice_lines.move_id.state",
    )
    def _compute_cim_collection(self):
        for order in self:
            paid = order._cim_amount_paid() if order.id else 0.0
            order.cim_amount_received = paid
            if order.currency_id.compare_amounts(paid, 0) <= 0:
                order.cim_collection_state = "none"
            elif order.currency_id.compare_amounts(paid, order.amount_total) >= 0:
                order.cim_collection_state = "paid"
            else:
                order.cim_collection_state = "partial"

    def _cim_amount_paid(self):
        """What the customer paid on the order's posted invoices (less refunds), from the
        reconciliation: invoice total minus what is still open."""
        self.ensure_one()
        paid = 0.0
        for move in self.order_line.invoice_lines.move_id:
            if move.state != "posted":
                continue
            settled = move.amount_total - move.amount_residual
            if move.move_type == "out_invoice":
                paid += settled
            elif move.move_type == "out_refund":
                paid -= settled
        return paid

    @api.constrains("cim_payment_plan_ids")
    def _check_cim_payment_plan(self):
        for order in self:
            order._cim_check_payment_plan_total()

    def _cim_check_payment_plan_total(self):
        self.ensure_one()
        lines = self.cim_payment_plan_ids
        if not lines:
            return
        total = sum(lines.mapped("amount"))
        if self.currency_id.compare_amounts(total, self.amount_total) != 0:
            raise ValidationError(
                self.env._(
                    "The payment plan of %(order)s adds up to %(plan)s but the order total is "
                    "%(total)s.",
                    order=self.name,
                    plan=total,
                    total=self.amount_total,
                )
            )

    def action_cim_generate_payment_plan(self):
        """Instalments from the payment terms (one instalment due at the order date
        without terms); replaces an unpaid plan."""
        for order in self:
            if any(order.cim_payment_plan_ids.mapped("amount_received")):
                raise UserError(
                    self.env._("Payments were received on %s: edit its plan by hand.", order.name)
                )
        # the hand-off job may be making the plan of these orders (it locks them too): one
        # of the two waits, or is retried, rather than both leave a plan
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id IN %s ORDER BY id FOR UPDATE", [tuple(self.ids)]
        )
        self.cim_payment_plan_ids.unlink()
        self._cim_create_payment_plans()
        return True

    def _cim_ensure_payment_plans(self):
        """Instalments from the payment terms for the confirmed orders that have no plan
        (none was given beforehand, nor kept from an earlier confirmation)."""
        orders = self.filtered(lambda o: o.state == "sale")
        if not orders:
            return
        # read as the system, the instalments are made as the system too; by id, since
        # the instalments' own order (by order, then date) joins the orders
        planned = (
            self.env["sale.payment.plan.line"]
            .sudo()
            .search_fetch([("order_id", "in", orders.ids)], ["order_id"], order="id")
        )
        todo = orders.filtered(lambda o: o.id not in planned.order_id.ids)
        if not todo:
            return
        try:
            with self.env.cr.savepoint():
                todo._cim_create_payment_plans()
        except (UserError, ValidationError):
            # the terms of one order cannot make a plan (a negative total, say): the others
            # get theirs, that one a note telling why
            for order in todo:
                try:
                    with self.env.cr.savepoint():
                        order._cim_create_payment_plans()
                except (UserError, ValidationError) as error:
                    order.sudo()._message_log(
                        body=self.env._(
                            "The payment plan could not be made from the payment terms: %s "
                            "Enter it on the Payment Plan tab.",
                            error.args[0],
                        )
                    )

    def _cim_create_payment_plans(self):
        """One batch of instalments for all the orders."""
        values = []
        for order in self:
            values += [
                {"order_id": order.id, "number": index, "date_due": date, "amount": amount}
                for index, (date, amount) in enumerate(order._cim_payment_plan_dues(), start=1)
            ]
        # the instalments store the customer's company: read that column alone rather
        # than every column of the customer, which confirming does not read otherwise
        self.sudo().partner_id.fetch(["commercial_partner_id"])
        # instalments derive from the order the user may confirm: made by the system
        self.env["sale.payment.plan.line"].sudo().create(values)

    def _cim_payment_plan_dues(self):
        self.ensure_one()
        # the order's day in the company's days (Asia/Shanghai), as the hand-off's to-dos,
        # whoever makes the plan (the hand-off job runs as the system)
        tz = self.env["res.partner"]._cim_value_tz(self.company_id)
        date_ref = fields.Date.context_today(self.with_context(tz=tz), self.date_order)
        if not self.payment_term_id:
            return [(date_ref, self.amount_total)]
        terms = self.payment_term_id._compute_terms(
            date_ref=date_ref,
            currency=self.currency_id,
            company=self.company_id,
            tax_amount=self.amount_tax,
            tax_amount_currency=self.amount_tax,
            sign=1,
            untaxed_amount=self.amount_untaxed,
            untaxed_amount_currency=self.amount_untaxed,
        )
        return [(term["date"], term["foreign_amount"]) for term in terms["line_ids"]]

    # approval hooks
    def _cim_approval_values(self):
        self.ensure_one()
        lines = self.order_line.filtered(lambda ln: not ln.display_type)
        values = {
            "amount": self.amount_untaxed,
            "currency": self.currency_id,
            "company": self.company_id,
            "date": fields.Date.context_today(self, self.date_order),
            "discount": max(lines.mapped("discount"), default=0.0),
            "partner": self.partner_id.commercial_partner_id,
            "products": lines.product_id,
        }
        if "margin_percent" in self._fields:  # sale_margin installed
            values["margin"] = self.margin_percent * 100
        return values

    def _cim_approval_fingerprint(self):
        self.ensure_one()
        lines = sorted(
            (ln.product_id.id, ln.product_uom_qty, ln.price_unit, ln.discount)
            for ln in self.order_line
            if not ln.display_type
        )
        return repr((self.currency_id.id, round(self.amount_total, 2), lines))

    def _cim_approval_owner(self):
        return self.user_id

    def _cim_approval_manager(self, requester):
        """CRM has no HR hierarchy: the manager is the leader of the order's sales team, or
        of the requester's team."""
        team = self.team_id or self.env["crm.team"].sudo().search(
            [("member_ids", "in", requester.ids)], limit=1
        )
        return team.user_id

    def _cim_on_approval_rejected(self, request, reason):
        res = super()._cim_on_approval_rejected(request, reason)
        if self.state == "sent":
            self.write({"state": "draft"})
        return res

    # confirmation
    def action_confirm(self):
        missing = self._cim_approval_missing()
        if missing:
            raise UserError(
                self.env._(
                    "These quotations need an approval before confirmation: %s",
                    ", ".join(missing.mapped("name")),
                )
            )
        res = super().action_confirm()
        # the payment plan and the hand-off to-dos are made by the hand-off job, right
        # after the confirmation's commit (cim.handoff.action._cim_fire)
        self._cim_queue_handoff()
        return res

    def _cim_portal_approval_message(self):
        return self.env._(
            "Quotation %s is still being approved internally and cannot be accepted yet. "
            "Your salesperson will let you know as soon as it is approved.",
            self.name,
        )

    def action_cim_register_contract(self):
        """Give the confirmed order its contract number (sequence 合同编号)."""
        for order in self:
            if order.state != "sale":
                raise UserError(self.env._("Only confirmed orders carry a contract."))
            if not order.cim_contract_number:
                order.cim_contract_number = self.env["ir.sequence"].next_by_code(
                    "crm_integrated.contract"
                )
            if not order.cim_contract_date:
                order.cim_contract_date = fields.Date.context_today(order)
        return True

    def action_cim_customer_received(self):
        """The customer confirmed receipt (services, or without the stock module): finance
        gets an invoice request."""
        for order in self:
            if order.state != "sale":
                raise UserError(self.env._("Only confirmed orders can be received."))
        self.check_access("write")
        requested = (
            self.env["cim.invoice.request"]
            .sudo()
            .search([("order_id", "in", self.ids), ("state", "!=", "cancelled")])
            .order_id
        )
        if requested:
            raise UserError(
                self.env._(
                    "%s already has an invoice request (cancel it to request again).",
                    ", ".join(requested.mapped("name")),
                )
            )
        requests = self.env["cim.invoice.request"]._cim_create_for(self)
        for order in self:
            order.message_post(
                body=self.env._("The customer confirmed receipt: invoice request created."),
                subtype_xmlid="mail.mt_note",
            )
        return requests

    def _cim_watch_delivery(self):
        """Queue these confirmed orders for the delivered check run before the commit
        (precommit): delivered quantities change in computes and writes, where no invoice
        request may be created."""
        precommit = self.env.cr.precommit
        queued = precommit.data.get(DELIVERY_QUEUE)
        if queued is None:
            queued = precommit.data[DELIVERY_QUEUE] = set()
            env = self.env
            precommit.add(lambda: env["sale.order"]._cim_request_invoice_if_delivered())
        queued.update(self.ids)

    @api.model
    def _cim_request_invoice_if_delivered(self):
        """Precommit: an invoice request for each queued order whose goods are all delivered,
        when its company asks for it and the order has no open or done request yet."""
        order_ids = self.env.cr.precommit.data.pop(DELIVERY_QUEUE, set())
        orders = self.sudo().browse(order_ids).exists()
        orders = orders.filtered(
            lambda o: o.state == "sale" and o.company_id.cim_invoice_request_on_delivery
        )
        if not orders:
            return
        requested = (
            self.env["cim.invoice.request"]
            .sudo()
            .search([("order_id", "in", orders.ids), ("state", "!=", "cancelled")])
            .order_id
        )
        delivered = (orders - requested).filtered(lambda o: o._cim_is_fully_delivered())
        if not delivered:
            return
        self.env["cim.invoice.request"]._cim_create_for(delivered)
        for order in delivered:
            order.message_post(
                body=self.env._("Everything is delivered: invoice request created for finance."),
                subtype_xmlid="mail.mt_note",
            )
        self.env.flush_all()

    def _cim_is_fully_delivered(self):
        """Every goods line delivered in full (an order of services only never is)."""
        self.ensure_one()
        goods = self.order_line.filtered(lambda ln: ln._cim_is_deliverable())
        return bool(goods) and all(ln._cim_is_fully_delivered() for ln in goods)

    def action_cim_view_invoice_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_integrated.cim_invoice_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action

    def _prepare_confirmation_values(self):
        # queued for the hand-off by Odoo's own confirmation write (an order handed off
        # before, confirmed again after a cancellation, is only unmarked by the cron)
        return dict(super()._prepare_confirmation_values(), cim_handoff_pending=True)

    def _cim_queue_handoff(self):
        """The payment plan and the hand-off to-dos are made right after the commit by the
        hand-off cron, so that confirming stays cheap; each order is handed off once.
        Confirmation marks the orders (``_prepare_confirmation_values``); this wakes the
        cron up."""
        if self:
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "crm_integrated.ir_cron_handoff", raise_if_not_found=False
            )
            if cron_id:  # the hand-off cron also runs on its own schedule
                # what ir.cron._trigger() does, without reading the cron: one insert
                self.env["ir.cron.trigger"].sudo().create(
                    {"cron_id": cron_id, "call_at": fields.Datetime.now()}
                )
                self.env.cr.postcommit.add(self.env["ir.cron"].browse(cron_id)._notifydb)

    def _action_cancel(self):
        self.cim_approval_request_id.sudo()._cim_cancel()
        for order in self.filtered(lambda o: o.cim_approval_state == "pending"):
            order.sudo().write({"cim_approval_state": "none"})
        res = super()._action_cancel()
        self._cim_recompute_payment_plan()
        return res

    def action_draft(self):
        res = super().action_draft()
        self._cim_recompute_payment_plan()
        return res

    def _cim_recompute_payment_plan(self):
        """The instalments' state follows a cancellation and its undoing."""
        lines = self.cim_payment_plan_ids
        if lines:
            Line = self.env["sale.payment.plan.line"]
            for name in ("amount_received", "amount_outstanding", "state"):
                self.env.add_to_compute(Line._fields[name], lines)

    def write(self, vals):
        if "partner_id" in vals or "currency_id" in vals or "pricelist_id" in vals:
            self._cim_check_not_frozen()
        return super().write(vals)

    def _cim_check_not_frozen(self):
        frozen = self.filtered(lambda o: o.cim_approval_state == "pending")
        if frozen and not self.env.context.get("cim_approval_engine"):
            raise UserError(
                self.env._(
                    "%s is waiting for approval: its prices, quantities and products cannot "
                    "change until it is approved or rejected.",
                    ", ".join(frozen.mapped("name")),
                )
            )

    def _cim_amounts_changed(self):
        """Called after priced lines changed: an approved quotation needs approval again."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        changed = quotations.filtered(
            lambda o: (
                o.cim_approval_state == "approved"
                and o.cim_approval_fingerprint != o._cim_approval_fingerprint()
            )
        )
        changed._cim_approval_reopen()
