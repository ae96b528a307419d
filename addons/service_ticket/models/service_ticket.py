# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK, RATING_LIMIT_SATISFIED

from .service_ticket_sla_status import SLA_SEVERITY, SLA_STATUSES

SLA_TRIGGERS = {
    "stage_id",
    "priority",
    "problem_type_id",
    "team_id",
    "partner_id",
    "user_id",
    "company_id",
    "date_first_response",
}
EARTH_RADIUS_KM = 6371.0088
AVAILABILITY_WINDOW = timedelta(hours=4)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def has_coordinates(partner):
    return bool(partner and (partner.partner_latitude or partner.partner_longitude))


PRIORITIES = [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")]


class ServiceTicket(models.Model):
    """After-sales work order (售后工单)."""

    _name = "service.ticket"
    _description = "Service Ticket"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "rating.mixin",
        "utm.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name", "partner_id"]
    _primary_email = "email_from"
    _mail_post_access = "read"

    number = fields.Char(string="Ticket Number", readonly=True, copy=False, index=True, default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", tracking=True, index=True, help="Who reported it."
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_commercial_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    email_from = fields.Char(
        string="Email",
        compute="_compute_email_from",
        store=True,
        readonly=False,
        precompute=True,
    )
    partner_phone = fields.Char(
        string="Phone",
        compute="_compute_partner_phone",
        store=True,
        readonly=False,
        precompute=True,
    )
    customer_level_id = fields.Many2one(
        related="commercial_partner_id.customer_level_id", string="Customer Level"
    )
    member_tier = fields.Char(
        compute="_compute_member_tier",
        help="The customer's member tier, when the member_loyalty module is installed.",
    )
    problem_type_id = fields.Many2one("service.problem.type", tracking=True, index="btree_not_null")
    equipment_id = fields.Many2one(
        "service.equipment",
        tracking=True,
        index="btree_not_null",
        domain="[('partner_id', '=', commercial_partner_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    in_warranty = fields.Boolean(related="equipment_id.in_warranty")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Related Order",
        index="btree_not_null",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="The order the customer bought the equipment or service on.",
    )
    team_id = fields.Many2one(
        "service.ticket.team",
        string="Service Team",
        tracking=True,
        index=True,
        default=lambda self: self._default_team(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Engineer",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    helper_ids = fields.Many2many(
        "res.users",
        "service_ticket_helper_rel",
        "ticket_id",
        "user_id",
        string="Other Engineers",
        domain="[('share', '=', False)]",
    )
    stage_id = fields.Many2one(
        "service.ticket.stage",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    priority = fields.Selection(PRIORITIES, default="0", tracking=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("portal", "Customer Portal"),
            ("wechat", "WeChat"),
            ("dingtalk", "DingTalk"),
            ("web", "Web Form"),
        ],
        default="phone",
    )
    scheduled_date = fields.Datetime(string="Scheduled Visit", tracking=True)
    date_open = fields.Datetime(
        string="Opened On", default=fields.Datetime.now, readonly=True, copy=False
    )
    date_assigned = fields.Datetime(string="Assigned On", readonly=True, copy=False)
    date_first_response = fields.Datetime(string="First Response", readonly=True, copy=False)
    date_closed = fields.Datetime(readonly=True, copy=False)
    resolution = fields.Html()
    worklog_ids = fields.One2many("service.ticket.worklog", "ticket_id", string="Work Log")
    worklog_hours = fields.Float(
        string="Hours Worked", compute="_compute_worklog_hours", store=True
    )
    part_ids = fields.One2many("service.ticket.part", "ticket_id", string="Spare Parts")
    # customer confirmation (客户签字确认)
    customer_signature = fields.Binary(copy=False, attachment=True)
    confirmed_by = fields.Char(copy=False, tracking=True)
    confirmed_date = fields.Datetime(string="Confirmed On", copy=False, readonly=True)
    color = fields.Integer()
    revisit_mail_id = fields.Many2one("mail.mail", readonly=True, copy=False)
    # knowledge base
    suggested_article_ids = fields.Many2many(
        "service.knowledge.article",
        string="Suggested Articles",
        compute="_compute_suggested_article_ids",
    )
    article_ids = fields.Many2many(
        "service.knowledge.article",
        "service_ticket_knowledge_article_rel",
        "ticket_id",
        "article_id",
        string="Articles Used",
        readonly=True,
        copy=False,
    )
    # warranty and billing
    is_chargeable = fields.Boolean(
        string="Chargeable",
        compute="_compute_is_chargeable",
        help="Out of warranty, or a problem type that is always billed.",
    )
    billing_order_id = fields.Many2one(
        "sale.order", string="Service Order", readonly=True, copy=False, index="btree_not_null"
    )
    # dispatch (派工)
    dispatch_rule_id = fields.Many2one(
        "service.dispatch.rule", readonly=True, copy=False, index="btree_not_null"
    )
    dispatch_reason = fields.Text(readonly=True, copy=False)
    dispatch_distance = fields.Float(
        string="Distance (km)", readonly=True, copy=False, digits=(16, 1), aggregator="avg"
    )
    # SLA
    sla_status_ids = fields.One2many("service.ticket.sla.status", "ticket_id", string="SLA")
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The worst status of the ticket's SLA policies.",
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The nearest deadline not reached yet.",
    )

    # ------------------------------------------------------------------ defaults
    @api.model
    def _default_team(self):
        return self.env.company.service_default_team_id

    @api.model
    def _default_stage(self):
        return self.env["service.ticket.stage"].search([("is_closed", "=", False)], limit=1)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([])

    # ------------------------------------------------------------------ computes
    @api.depends("commercial_partner_id")
    def _compute_member_tier(self):
        # member_loyalty adds the tier to the partner; neither module depends on the other
        partners = self.env["res.partner"]
        if "member_tier_id" not in partners._fields:
            self.member_tier = False
            return
        for ticket in self:
            partner = ticket.commercial_partner_id
            ticket.member_tier = (partner.member_tier_id or ticket.partner_id.member_tier_id).name

    @api.depends("partner_id")
    def _compute_commercial_partner_id(self):
        for ticket in self:
            ticket.commercial_partner_id = ticket.partner_id.commercial_partner_id

    @api.depends("partner_id")
    def _compute_email_from(self):
        for ticket in self:
            ticket.email_from = ticket.partner_id.email or ticket.email_from

    @api.depends("partner_id")
    def _compute_partner_phone(self):
        for ticket in self:
            partner = ticket.partner_id
            ticket.partner_phone = partner.mobile or partner.phone or ticket.partner_phone

    @api.depends("equipment_id")
    def _compute_product_id(self):
        for ticket in self:
            ticket.product_id = ticket.equipment_id.product_id or ticket.product_id

    @api.depends("problem_type_id", "product_id")
    def _compute_suggested_article_ids(self):
        Article = self.env["service.knowledge.article"]
        for ticket in self:
            ticket.suggested_article_ids = Article._suggest_for(ticket)

    @api.depends("problem_type_id", "equipment_id.warranty_end")
    def _compute_is_chargeable(self):
        for ticket in self:
            chargeable_type = (
                bool(ticket.problem_type_id) and ticket.problem_type_id._is_chargeable()
            )
            out_of_warranty = bool(ticket.equipment_id) and not ticket.equipment_id.in_warranty
            ticket.is_chargeable = chargeable_type or out_of_warranty

    @api.depends("worklog_ids.hours")
    def _compute_worklog_hours(self):
        for ticket in self:
            ticket.worklog_hours = sum(ticket.worklog_ids.mapped("hours"))

    def _compute_access_url(self):
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = f"{ticket.number} {ticket.name}" if ticket.number else ticket.name

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        route = [not vals.get("team_id") for vals in vals_list]
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                vals["number"] = self.env["ir.sequence"].next_by_code("service.ticket") or "/"
            if vals.get("user_id"):
                vals.setdefault("date_assigned", now)
        tickets = super().create(vals_list)
        if self.env.company.service_auto_dispatch and not self.env.context.get(
            "service_no_dispatch"
        ):
            for ticket, route_team in zip(tickets, route):
                ticket._service_dispatch(route_team=route_team)
        tickets._service_after_create()
        return tickets

    def _service_after_create(self):
        """Run once per batch of new tickets: subscribe the customer, apply the SLA."""
        for ticket in self.filtered("partner_id"):
            if ticket.partner_id not in ticket.message_partner_ids:
                ticket.message_subscribe(ticket.partner_id.ids)
        self._sla_apply()

    def write(self, vals):
        now = fields.Datetime.now()
        if "stage_id" in vals:
            stage = self.env["service.ticket.stage"].browse(vals["stage_id"])
            vals["date_closed"] = now if stage.is_closed else False
        if vals.get("user_id"):
            vals.setdefault("date_assigned", now)
        if "user_id" in vals and not self.env.context.get("service_dispatching"):
            vals.setdefault(
                "dispatch_reason",
                self.env._("Assigned by %(user)s.", user=self.env.user.name),
            )
        stage_before = {ticket: ticket.stage_id for ticket in self} if "stage_id" in vals else {}
        res = super().write(vals)
        if "stage_id" in vals:
            first = self._default_stage()
            self.filtered(lambda t: not t.date_first_response and t.stage_id != first).sudo().write(
                {"date_first_response": now}
            )
            self._service_stage_changed(stage_before)
        if vals.get("partner_id"):
            for ticket in self:
                if ticket.partner_id not in ticket.message_partner_ids:
                    ticket.message_subscribe(ticket.partner_id.ids)
        if SLA_TRIGGERS & set(vals):
            self._sla_apply()
        return res

    def _service_stage_changed(self, stage_before):
        """Pause or resume the SLA clocks; ask for a rating on entering a rating stage."""
        now = fields.Datetime.now()
        template = self.env.ref(
            "service_ticket.mail_template_service_rating_request", raise_if_not_found=False
        )
        for ticket in self:
            for line in ticket.sudo().sla_status_ids:
                if ticket.stage_id in line.policy_id.pause_stage_ids:
                    line._sla_pause(now)
                else:
                    line._sla_resume(now)
            if (
                template
                and ticket.stage_id.rating_request
                and stage_before.get(ticket) != ticket.stage_id
                and ticket.partner_id
            ):
                # a clean context: the web client's (active_*, default_*) would leak into
                # the mail composer
                context = {k: v for k, v in self.env.context.items() if k in ("lang", "tz")}
                env = self.env(context=context, su=True)
                ticket.with_env(env).rating_send_request(template.with_env(env), force_send=False)

    # ------------------------------------------------------------------ satisfaction
    def rating_apply(self, rate, token=None, rating=None, feedback=None,
                     subtype_xmlid=None, notify_delay_send=False):  # fmt: skip
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        self.sudo()._service_after_rating(rating)
        return rating

    def _service_after_rating(self, rating):
        """Satisfied: loyal-customer care list and a revisit email one week later.
        Dissatisfied: a follow-up to-do for the team leader."""
        self.ensure_one()
        if rating.rating >= RATING_LIMIT_SATISFIED:
            category = self.env.ref(
                "service_ticket.res_partner_category_loyal_care", raise_if_not_found=False
            )
            customer = self.commercial_partner_id or self.partner_id
            if category and customer and category not in customer.category_id:
                customer.category_id = [Command.link(category.id)]
            template = self.env.ref(
                "service_ticket.mail_template_service_revisit", raise_if_not_found=False
            )
            if template and self.partner_id and not self.revisit_mail_id:
                mail_id = template.send_mail(
                    self.id,
                    force_send=False,
                    email_values={
                        "scheduled_date": fields.Datetime.now() + timedelta(days=7),
                    },
                )
                self.revisit_mail_id = mail_id
        elif rating.rating < RATING_LIMIT_OK:
            leader = self.team_id.leader_id or self.user_id
            summary = self.env._("Dissatisfied customer: call back")
            pending = self.activity_ids.filtered(
                lambda a: a.user_id == leader and a.summary == summary
            )
            if leader and not pending:
                self.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=leader.id,
                    summary=summary,
                    note=self.env._(
                        "%(customer)s rated ticket %(ticket)s as dissatisfied: %(feedback)s",
                        customer=self.partner_id.display_name,
                        ticket=self.display_name,
                        feedback=rating.feedback or "-",
                    ),
                )

    # ------------------------------------------------------------------ SLA
    def _sla_apply(self):
        """Match the SLA policies, add or drop status lines, recompute deadlines."""
        if not self:
            return
        tickets = self.sudo()
        Status = self.env["service.ticket.sla.status"].sudo()
        matches = self.env["service.sla.policy"].sudo()._policies_for(tickets)
        new_lines = []
        obsolete = Status
        for ticket in tickets:
            policies = matches[ticket]
            current = ticket.sla_status_ids
            obsolete |= current.filtered(
                lambda line, p=policies: line.policy_id not in p and line.status != "breached"
            )
            new_lines += [
                {"ticket_id": ticket.id, "policy_id": policy.id}
                for policy in policies - current.policy_id
            ]
        obsolete.unlink()
        if new_lines:
            Status.create(new_lines)
        tickets.sla_status_ids._sla_recompute()
        tickets._sla_store_summary()

    def _sla_store_summary(self):
        for ticket in self.sudo():
            lines = ticket.sla_status_ids
            if not lines:
                ticket.write({"sla_status": False, "sla_deadline": False})
                continue
            open_deadlines = [
                deadline
                for line in lines
                for deadline, reached in (
                    (line.response_deadline, ticket.date_first_response),
                    (line.resolution_deadline, ticket.date_closed),
                )
                if deadline and not reached
            ]
            ticket.write(
                {
                    "sla_status": max(lines.mapped("status"), key=SLA_SEVERITY.get),
                    "sla_deadline": min(open_deadlines) if open_deadlines else False,
                }
            )

    # ------------------------------------------------------------------ dispatch
    def _service_dispatch(self, route_team=True):
        """Route the ticket to a team (first matching rule) and pick its engineer by
        skills, availability, open workload and distance; record why."""
        self.ensure_one()
        ticket = self.sudo()
        vals, reasons = {}, []
        team = ticket.team_id
        if route_team:
            rule = self.env["service.dispatch.rule"].sudo()._rule_for(ticket)
            if rule:
                team = rule.team_id
                vals.update(team_id=team.id, dispatch_rule_id=rule.id)
                reasons.append(
                    self.env._("Rule “%(rule)s” → %(team)s.", rule=rule.name, team=team.name)
                )
            elif team:
                reasons.append(
                    self.env._("No dispatch rule matched: default team %(team)s.", team=team.name)
                )
        if not ticket.user_id and team.member_ids:
            engineer, distance, why = ticket._service_pick_engineer(team)
            vals.update(user_id=engineer.id, dispatch_distance=distance or 0.0)
            reasons.append(why)
        if reasons:
            vals["dispatch_reason"] = "\n".join(reasons)
        if vals:
            ticket.with_context(service_dispatching=True).write(vals)

    def _service_site_partner(self):
        """Where the engineer goes: the equipment's site, the contact or the company; the
        first of them with coordinates."""
        self.ensure_one()
        for partner in (
            self.equipment_id.site_partner_id,
            self.partner_id,
            self.commercial_partner_id,
        ):
            if has_coordinates(partner):
                return partner
        return self.env["res.partner"]

    def _service_pick_engineer(self, team):
        """(engineer, distance in km or None, reason) among the team's engineers. A constant
        number of queries whatever the team size."""
        self.ensure_one()
        members = team.member_ids.filtered("active")
        required = self.problem_type_id.skill_ids
        loads = dict(
            self.env["service.ticket"]
            .sudo()
            ._read_group(
                [("user_id", "in", members.ids), ("is_closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        available = self._service_available_engineers(members)
        site = self._service_site_partner()
        capacity = team.dispatch_capacity
        ranked = []
        for user in members:
            base = user.partner_id
            distance = None
            if site and has_coordinates(base):
                distance = haversine_km(
                    site.partner_latitude,
                    site.partner_longitude,
                    base.partner_latitude,
                    base.partner_longitude,
                )
            load = loads.get(user, 0)
            key = (
                bool(required - user.service_skill_ids),
                user not in available,
                bool(capacity and load >= capacity),
                distance is None,
                round(distance or 0.0, 1),
                load,
                user.id,
            )
            ranked.append((key, user, distance, load))
        ranked.sort(key=lambda item: item[0])
        key, engineer, distance, load = ranked[0]
        parts = [self.env._("%(engineer)s chosen", engineer=engineer.name)]
        if required:
            parts.append(
                self.env._("has the skills %(skills)s", skills=", ".join(required.mapped("name")))
                if not key[0]
                else self.env._("nobody has all the skills %(skills)s",
                                skills=", ".join(required.mapped("name")))
            )  # fmt: skip
        parts.append(
            self.env._("available") if not key[1] else self.env._("nobody is available now")
        )
        parts.append(self.env._("%(count)s open tickets", count=load))
        if distance is not None:
            parts.append(self.env._("%(km).1f km from the customer", km=distance))
        elif not site:
            parts.append(self.env._("distance unknown: the customer has no coordinates"))
        else:
            parts.append(
                self.env._(
                    "distance unknown: the engineer has no base coordinates, ranked after "
                    "the engineers with a known distance"
                )
            )
        if len(ranked) > 1:
            _key, other, other_distance, other_load = ranked[1]
            other_km = "-" if other_distance is None else f"{other_distance:.1f} km"
            parts.append(
                self.env._(
                    "next: %(engineer)s (%(count)s open, %(km)s)",
                    engineer=other.name,
                    count=other_load,
                    km=other_km,
                )
            )
        return engineer, distance, "; ".join(parts) + "."

    def _service_available_engineers(self, members):
        """Engineers with working time on their calendar (and no time off) within a few
        hours of the visit (or of now)."""
        start = pytz.utc.localize(self.scheduled_date or fields.Datetime.now())
        end = start + AVAILABILITY_WINDOW
        default_calendar = self.company_id.resource_calendar_id
        by_calendar = defaultdict(lambda: self.env["res.users"])
        for user in members:
            calendar = user.resource_ids[:1].calendar_id or default_calendar
            by_calendar[calendar] |= user
        available = self.env["res.users"]
        for calendar, users in by_calendar.items():
            if not calendar:
                available |= users
                continue
            resources = users.resource_ids
            intervals = calendar._work_intervals_batch(start, end, resources=resources)
            for user in users:
                resource = user.resource_ids[:1]
                if list(intervals[resource.id if resource else False]):
                    available |= user
        return available

    def action_auto_dispatch(self):
        """Dispatcher: let the rules pick again (team and engineer)."""
        for ticket in self:
            ticket.with_context(service_dispatching=True).user_id = False
            ticket._service_dispatch(route_team=True)

    # ------------------------------------------------------------------ mail
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an email sent to a team's alias."""
        values = dict(custom_values or {})
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not author and msg_dict.get("email_from"):
            author = self.env["res.partner"].sudo().find_or_create(msg_dict["email_from"])
        values.setdefault("name", msg_dict.get("subject") or self.env._("No Subject"))
        values.setdefault("channel", "email")
        if author:
            values.setdefault("partner_id", author.id)
        values.setdefault("email_from", msg_dict.get("email_from"))
        ticket = super(ServiceTicket, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, custom_values=values
        )
        ticket.description = msg_dict.get("body")
        return ticket

    def message_update(self, msg_dict, update_vals=None):
        emails = tools.email_split((msg_dict.get("cc") or "") + "," + (msg_dict.get("to") or ""))
        partners = self.env["mail.thread"]._mail_find_partner_from_emails(
            emails, records=self, force_create=False
        )
        self.message_subscribe([p.id for p in partners if p])
        return super().message_update(msg_dict, update_vals=update_vals)

    def _message_post_after_hook(self, message, msg_values):
        # an employee's answer to the customer is the first response
        if (
            message.message_type == "comment"
            and not message.subtype_id.internal
            and message.author_id.user_ids
            and not message.author_id.user_ids[0].share
        ):
            self.filtered(lambda t: not t.date_first_response).sudo().write(
                {"date_first_response": fields.Datetime.now()}
            )
        return super()._message_post_after_hook(message, msg_values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for ticket in self:
            if ticket.partner_id:
                ticket._message_add_suggested_recipient(
                    recipients, partner=ticket.partner_id, reason=self.env._("Customer")
                )
            elif ticket.email_from:
                ticket._message_add_suggested_recipient(
                    recipients, email=ticket.email_from, reason=self.env._("Customer Email")
                )
        return recipients

    # ------------------------------------------------------------------ actions
    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})

    def action_close(self):
        """Close the ticket (the first closing stage: 关闭), which asks for a rating."""
        stage = self.env["service.ticket.stage"].search(
            [("is_closed", "=", True)], order="sequence, id", limit=1
        )
        self.write({"stage_id": stage.id})

    def action_customer_confirm(self, name=None):
        """The customer confirms the work (on site with a signature, or in the portal)."""
        for ticket in self:
            if not (ticket.resolution and tools.html2plaintext(ticket.resolution).strip()):
                raise UserError(
                    self.env._("Describe the resolution before asking the customer to confirm.")
                )
            ticket.write(
                {
                    "confirmed_by": name or ticket.confirmed_by or ticket.partner_id.name,
                    "confirmed_date": fields.Datetime.now(),
                }
            )
            ticket.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Resolution confirmed by %(name)s.", name=ticket.confirmed_by),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ knowledge base
    def action_create_article(self):
        """Turn a resolved ticket into a solution article."""
        self.ensure_one()
        if not (self.resolution and tools.html2plaintext(self.resolution).strip()):
            raise UserError(self.env._("Describe the resolution first."))
        article = self.env["service.knowledge.article"].create(
            {
                "name": self.name,
                "problem_type_ids": [Command.set(self.problem_type_id.ids)],
                "product_ids": [Command.set(self.product_id.ids)],
                "symptoms": tools.html2plaintext(self.description or ""),
                "steps": self.resolution,
                "source_ticket_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.knowledge.article",
            "res_id": article.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_search_articles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_ticket.service_knowledge_article_action"
        )
        action["context"] = {
            "service_ticket_id": self.id,
            "search_default_problem_type_ids": self.problem_type_id.id,
        }
        return action

    # ------------------------------------------------------------------ billing
    def action_create_sale_order(self):
        """Spare parts and labour to a quotation for the customer, linked to the ticket."""
        self.ensure_one()
        if self.billing_order_id:
            raise UserError(self.env._("This ticket already has a service order."))
        if not self.is_chargeable:
            raise UserError(
                self.env._(
                    "The equipment is under warranty and the problem type is not chargeable: "
                    "this service is free."
                )
            )
        customer = self.commercial_partner_id or self.partner_id
        if not customer:
            raise UserError(self.env._("Set the customer first."))
        lines = [
            Command.create(
                {
                    "product_id": part.product_id.id,
                    "product_uom_qty": part.quantity,
                    "product_uom": part.uom_id.id or part.product_id.uom_id.id,
                }
            )  # fmt: skip
            for part in self.part_ids
        ]
        labour = self.company_id.service_labour_product_id
        if labour and self.worklog_hours:
            lines.append(
                Command.create(
                    {
                        "product_id": labour.id,
                        "product_uom_qty": self.worklog_hours,
                        "name": self.env._(
                            "%(product)s: ticket %(ticket)s",
                            product=labour.display_name,
                            ticket=self.number,
                        ),
                    }
                )
            )
        if not lines:
            raise UserError(self.env._("Record the spare parts or the hours worked first."))
        order = (
            self.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": customer.id,
                    "company_id": self.company_id.id,
                    "origin": self.number,
                    "user_id": customer.user_id.id or self.env.user.id,
                    "order_line": lines,
                }
            )
        )
        self.sudo().billing_order_id = order
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._("Service order %(order)s created.", order=order.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------ portal
    @api.model
    def _service_portal_equipments(self):
        partner = self.env.user.partner_id.commercial_partner_id
        return self.env["service.equipment"].sudo().search([("partner_id", "=", partner.id)])

    @api.model
    def _service_portal_create(self, values):
        """A ticket submitted by a portal user for their company (created as superuser
        after checking that what they refer to belongs to their company)."""
        partner = self.env.user.partner_id
        vals = {
            "name": values["name"],
            "description": values.get("description"),
            "partner_id": partner.id,
            "channel": "portal",
            "company_id": (partner.company_id or self.env.company).id,
        }
        ptype = self.env["service.problem.type"].sudo().browse(values.get("problem_type_id"))
        if ptype.exists():
            vals["problem_type_id"] = ptype.id
        equipment = self.env["service.equipment"].sudo().browse(values.get("equipment_id"))
        if equipment.exists() and equipment in self._service_portal_equipments():
            vals["equipment_id"] = equipment.id
        ticket = self.sudo().with_context(mail_create_nosubscribe=True).create(vals)
        ticket.message_subscribe(partner.ids)
        return ticket

    def _service_portal_rating_token(self):
        """The token of the pending satisfaction request of a closed ticket, if any."""
        self.ensure_one()
        if not self.is_closed or self.rating_last_value:
            return False
        pending = self.sudo().rating_ids.filtered(lambda r: not r.consumed)
        return pending[:1].access_token
