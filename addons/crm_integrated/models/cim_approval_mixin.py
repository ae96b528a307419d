# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CimApprovalMixin(models.AbstractModel):
    """Approval flow for any document with a chatter.

    A model using it implements ``_cim_approval_values`` (what the rules' thresholds read),
    ``_cim_approval_fingerprint`` (what an approval covers: changing it re-opens approval),
    ``_cim_approval_owner`` and ``_cim_approval_manager``, and refuses its confirmation while
    ``_cim_approval_missing`` is not empty. Rules: ``cim.approval.rule``."""

    _name = "cim.approval.mixin"
    _description = "Approval Flow Mixin"

    cim_approval_state = fields.Selection(
        [
            ("none", "Not Requested"),
            ("pending", "Pending Approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Approval",
        default="none",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
    )
    cim_approval_request_id = fields.Many2one(
        "cim.approval.request",
        string="Approval Request",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    cim_approval_fingerprint = fields.Char(copy=False, readonly=True)
    cim_approval_required = fields.Boolean(
        compute="_compute_cim_approval_required", string="Needs Approval"
    )
    cim_approval_can_decide = fields.Boolean(compute="_compute_cim_approval_can_decide")
    cim_approval_line_ids = fields.Many2many(
        "cim.approval.request.line",
        compute="_compute_cim_approval_line_ids",
        string="Approval History",
    )

    def _compute_cim_approval_required(self):
        rules = self.env["cim.approval.rule"]._cim_rules_for(self._name, self.env.company)
        for record in self:
            record.cim_approval_required = bool(record._cim_approval_rule(rules))

    @api.depends("cim_approval_request_id")
    @api.depends_context("uid")
    def _compute_cim_approval_can_decide(self):
        for record in self:
            request = record.cim_approval_request_id.sudo()
            record.cim_approval_can_decide = request.state == "pending" and any(
                ln.state == "pending"
                and ln.step_id == request.step_id
                and ln.user_id == self.env.user
                for ln in request.line_ids
            )

    def _compute_cim_approval_line_ids(self):
        lines = self.env["cim.approval.request.line"].search(
            [("request_id.res_model", "=", self._name), ("request_id.res_id", "in", self.ids)]
        )
        for record in self:
            record.cim_approval_line_ids = lines.filtered(
                lambda ln, rec=record: ln.request_id.res_id == rec.id
            )

    # hooks for the concrete model
    def _cim_approval_values(self):
        return {}

    def _cim_approval_fingerprint(self):
        return ""

    def _cim_approval_owner(self):
        return self.env["res.users"]

    def _cim_approval_manager(self, requester):
        return self.env["res.users"]

    def _cim_approval_amount(self):
        return self._cim_approval_values().get("amount", 0.0)

    # engine
    def _cim_approval_rule(self, rules=None):
        self.ensure_one()
        if rules is None:
            rules = self.env["cim.approval.rule"]._cim_rules_for(self._name, self.env.company)
        return next((rule for rule in rules if rule._cim_matches(self)), rules.browse())

    def _cim_approval_missing(self):
        """Records whose confirmation needs an approval they do not have (no query when
        they are approved as they are, else one for the rules)."""
        unapproved = self.filtered(
            lambda rec: (
                not (
                    rec.cim_approval_state == "approved"
                    and rec.cim_approval_fingerprint == rec._cim_approval_fingerprint()
                )
            )
        )
        if not unapproved:  # approved as they are: the rules need not be read
            return unapproved
        rules = self.env["cim.approval.rule"]._cim_rules_for(self._name, self.env.company)
        if not rules:
            return self.browse()
        return unapproved.filtered(lambda rec: rec._cim_approval_rule(rules))

    def action_cim_request_approval(self):
        self.check_access("write")
        for record in self:
            if record.cim_approval_state == "pending":
                raise UserError(
                    self.env._("%s is already waiting for approval.", record.display_name)
                )
            rule = record._cim_approval_rule()
            if not rule:
                raise UserError(self.env._("%s needs no approval.", record.display_name))
            if not rule.step_ids:
                raise UserError(self.env._("Approval rule %s has no steps.", rule.name))
            request = (
                self.env["cim.approval.request"]
                .sudo()
                .create(
                    {
                        "name": record.display_name,
                        "res_model": record._name,
                        "res_id": record.id,
                        "rule_id": rule.id,
                        "requester_id": self.env.user.id,
                        "company_id": self.env.company.id,
                        "currency_id": record._cim_approval_values()
                        .get("currency", self.env.company.currency_id)
                        .id,
                        "amount": record._cim_approval_amount(),
                    }
                )
            )
            record.cim_approval_request_id.sudo()._cim_cancel()
            request._cim_start_step(rule.step_ids[0])
            record.sudo().write(
                {
                    "cim_approval_state": "pending",
                    "cim_approval_request_id": request.id,
                    "cim_approval_fingerprint": record._cim_approval_fingerprint(),
                }
            )
            record.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Approval requested (rule %(rule)s), first step: %(step)s.",
                    rule=rule.name,
                    step=rule.step_ids[0].name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cim_approve(self):
        return self._cim_decision_wizard("approve")

    def action_cim_reject(self):
        return self._cim_decision_wizard("reject")

    def _cim_decision_wizard(self, decision):
        self.ensure_one()
        return self.cim_approval_request_id._cim_decision_action(decision)

    def action_cim_view_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_integrated.cim_approval_request_line_action_all"
        )
        action["domain"] = [("id", "in", self.cim_approval_line_ids.ids)]
        action["context"] = {}
        return action

    def _cim_on_approval_approved(self, request):
        self.ensure_one()
        self.write(
            {
                "cim_approval_state": "approved",
                "cim_approval_fingerprint": self._cim_approval_fingerprint(),
            }
        )
        self._cim_notify_requester(request, self.env._("%s has been approved.", self.display_name))

    def _cim_on_approval_rejected(self, request, reason):
        self.ensure_one()
        self.write({"cim_approval_state": "rejected"})
        self._cim_notify_requester(
            request,
            self.env._(
                "%(doc)s has been rejected: %(reason)s", doc=self.display_name, reason=reason
            ),
        )

    def _cim_notify_requester(self, request, text):
        # posted by the last approver: a comment would subscribe them to the document
        self.with_context(mail_create_nosubscribe=True).message_post(
            body=Markup("<p>%s</p>") % text,
            partner_ids=request.requester_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )

    def _cim_approval_reopen(self):
        """The approved content changed: approval must be requested again."""
        approved = self.filtered(lambda rec: rec.cim_approval_state == "approved")
        for record in approved:
            record.sudo().write({"cim_approval_state": "none"})
            record.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("The approved amounts changed: approval must be requested again."),
                subtype_xmlid="mail.mt_note",
            )
