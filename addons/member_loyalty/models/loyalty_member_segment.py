# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every


class LoyaltyMemberSegment(models.Model):
    """A member segment (会员分群) for targeted pushes: criteria on the member cards
    (program, tier, RFM segment of the customer, last purchase, balance, expiring points)
    evaluated as one search domain, and an e-mail or SMS push to the members found."""

    _name = "loyalty.member.segment"
    _description = "Member Segment"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    PUSH_BATCH = 1000

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    program_ids = fields.Many2many(
        "loyalty.program",
        string="Programs",
        domain="[('program_type', '=', 'loyalty'), ('company_id', 'in', (company_id, False))]",
        help="Members of these programs; empty means every membership program of the company.",
    )
    tier_ids = fields.Many2many(
        "loyalty.member.tier", string="Tiers", help="Empty means every tier."
    )
    customer_segment_ids = fields.Many2many(
        "crm.customer.segment",
        string="Customer Segments (RFM)",
        help="Members whose customer is in one of these RFM segments.",
    )
    last_purchase = fields.Selection(
        [
            ("any", "Any"),
            ("within", "Purchased in the last days"),
            ("before", "No purchase in the last days"),
            ("never", "Never purchased"),
        ],
        default="any",
        required=True,
        help="Confirmed sale orders of the member.",
    )
    last_purchase_days = fields.Integer(string="Days", default=90)
    balance_min = fields.Float(string="Balance From", help="0 means no lower bound.")
    balance_max = fields.Float(string="Balance To", help="0 means no upper bound.")
    expiring_days = fields.Integer(
        string="Points Expiring Within (days)",
        help="Members with points that expire within this many days; 0 ignores expiry.",
    )
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS")], default="email", required=True
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'loyalty.card')]",
        help="Rendered for each member card (its partner receives it).",
    )
    sms_body = fields.Text(
        string="SMS Text", translate=True, help="Needs Odoo's SMS module and an IAP account."
    )
    member_count = fields.Integer(string="Members", compute="_compute_member_count")

    @api.constrains("last_purchase_days", "expiring_days", "balance_min", "balance_max")
    def _check_criteria(self):
        for segment in self:
            if segment.last_purchase_days < 0 or segment.expiring_days < 0:
                raise ValidationError(self.env._("Numbers of days cannot be negative."))
            if segment.balance_max and segment.balance_min > segment.balance_max:
                raise ValidationError(
                    self.env._(
                        "Segment %(segment)s: the balance lower bound is above the upper bound.",
                        segment=segment.name,
                    )
                )

    @api.model
    def _purchased_domain(self, order_domain):
        """Domain of the member cards whose customer bought with an order matching
        ``order_domain`` (on ``date_order``). Modules selling elsewhere (the till) add
        their orders."""
        return [("partner_id.sale_order_ids", "any", [("state", "=", "sale"), *order_domain])]

    def _member_domain(self):
        """Search domain of the member cards: one query, whatever the number of members."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        domain = [("partner_id", "!=", False), ("program_id.program_type", "=", "loyalty")]
        if self.program_ids:
            domain.append(("program_id", "in", self.program_ids.ids))
        else:
            domain.append(("program_id.company_id", "in", (self.company_id.id, False)))
        if self.tier_ids:
            domain.append(("tier_id", "in", self.tier_ids.ids))
        if self.customer_segment_ids:
            domain.append(
                (
                    "partner_id.commercial_partner_id.cim_segment_id",
                    "in",
                    self.customer_segment_ids.ids,
                )
            )
        if self.last_purchase != "any":
            since = today - timedelta(days=self.last_purchase_days)
            bought = self._purchased_domain([])
            recent = self._purchased_domain([("date_order", ">=", since)])
            if self.last_purchase == "within":
                domain += recent
            elif self.last_purchase == "before":
                domain += [*bought, "!", *recent]
            else:
                domain += ["!", *bought]
        if self.balance_min:
            domain.append(("points", ">=", self.balance_min))
        if self.balance_max:
            domain.append(("points", "<=", self.balance_max))
        if self.expiring_days:
            domain.append(
                (
                    "history_ids",
                    "any",
                    [
                        ("points_remaining", ">", 0),
                        ("expiry_date", "!=", False),
                        ("expiry_date", "<=", today + timedelta(days=self.expiring_days)),
                    ],
                )
            )
        return domain

    def _members(self):
        self.ensure_one()
        return self.env["loyalty.card"].sudo().search(self._member_domain(), order="id")

    def _compute_member_count(self):
        Card = self.env["loyalty.card"].sudo()
        for segment in self:
            segment.member_count = Card.search_count(segment._member_domain())

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %s", self.name),
            "res_model": "loyalty.card",
            "view_mode": "list,form",
            "domain": self._member_domain(),
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ push

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[self.channel]

    def action_push(self):
        self.ensure_one()
        result = self._push()
        message = self.env._(
            "%(sent)s members queued, %(missing)s without %(channel)s address.",
            sent=result["sent"],
            missing=result["missing"],
            channel=self._channel_label(),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "sticky": bool(result["missing"])},
        }

    def _push(self):
        """Queue one e-mail (or SMS) per member of the segment with an address, in batches,
        and log the push on the segment's chatter. Returns {"sent": n, "missing": n,
        "missing_cards": the first 50 members without an address}."""
        self.ensure_one()
        if not self.env.user.has_group("member_loyalty.member_loyalty_group_manager"):
            raise UserError(self.env._("Only loyalty administrators can push to a segment."))
        if self.channel == "email" and not self.mail_template_id:
            raise UserError(self.env._("Choose the e-mail template of the push."))
        if self.channel == "sms":
            if "sms.composer" not in self.env:
                raise UserError(self.env._("SMS pushes need Odoo's SMS module: install it first."))
            if not self.sms_body:
                raise UserError(self.env._("Write the text of the SMS."))
        Card = self.env["loyalty.card"].sudo()
        domain = self._member_domain()
        if self.channel == "email":
            reach = [("partner_id.email", "!=", False)]
        else:
            reach = ["|", ("partner_id.mobile", "!=", False), ("partner_id.phone", "!=", False)]
        reachable_ids = Card.search([*domain, *reach], order="id").ids
        for batch in split_every(self.PUSH_BATCH, reachable_ids):
            if self.channel == "email":
                self.env["mail.compose.message"].sudo().create(
                    {
                        "composition_mode": "mass_mail",
                        "model": "loyalty.card",
                        "res_ids": repr(list(batch)),
                        "template_id": self.mail_template_id.id,
                        "force_send": False,
                    }
                )._action_send_mail()
            else:
                self.env["sms.composer"].sudo().create(
                    {
                        "composition_mode": "mass",
                        "res_model": "res.partner",
                        "res_ids": repr(Card.browse(batch).partner_id.ids),
                        "body": self.sms_body,
                        "mass_keep_log": False,
                    }
                )._action_send_sms()
            Card.invalidate_model()
        unreachable = [*domain, "!", *reach]
        missing = Card.search_count(unreachable)
        body = Markup("%s") % self.env._(
            "Push by %(user)s on %(date)s (%(channel)s): %(sent)s members of %(total)s; "
            "%(missing)s without address.",
            user=self.env.user.name,
            date=fields.Datetime.to_string(fields.Datetime.now()),
            channel=self._channel_label(),
            sent=len(reachable_ids),
            total=len(reachable_ids) + missing,
            missing=missing,
        )
        sample = Card.search(unreachable, limit=50, order="id")
        if sample:
            body += Markup("<br/>") + ", ".join(sample.partner_id.mapped("display_name"))
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"sent": len(reachable_ids), "missing": missing, "missing_cards": sample}
