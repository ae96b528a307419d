# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CimApprovalRequest(models.Model):
    """One approval request of a document: the rule's steps run in order; each step's
    approvers get a line (their decision) and a to-do. Append-only: the engine alone writes,
    decided lines never change, nothing is deleted."""

    _name = "cim.approval.request"
    _description = "Approval Request"
    _order = "id desc"
    _rec_name = "name"

    name = fields.Char(string="Document", required=True, readonly=True)
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True, index=True
    )
    rule_id = fields.Many2one("cim.approval.rule", readonly=True, ondelete="restrict")
    requester_id = fields.Many2one("res.users", string="Requested By", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(readonly=True, help="Untaxed amount of the document when requested.")
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    step_id = fields.Many2one("cim.approval.rule.step", string="Current Step", readonly=True)
    line_ids = fields.One2many("cim.approval.request.line", "request_id", string="Decisions")
    date_done = fields.Datetime(string="Decided On", readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Approval requests are kept as a record and cannot be deleted."))

    def write(self, vals):
        if not self.env.context.get("cim_approval_engine"):
            raise UserError(
                self.env._("Approval requests are changed only by approving or rejecting.")
            )
        return super().write(vals)

    def _cim_record(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id)

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def _cim_decision_action(self, decision):
        """The wizard where the current user approves or rejects this request's step."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve") if decision == "approve" else self.env._("Reject"),
            "res_model": "cim.approval.decision",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id, "default_decision": decision},
        }

    def _cim_engine(self):
        return self.sudo().with_context(cim_approval_engine=True)

    def _cim_start_step(self, step):
        """Open ``step``: one pending line and one to-do per approver."""
        self.ensure_one()
        record = self._cim_record().sudo()
        approvers = step._cim_approvers(record, self.requester_id)
        if not approvers:
            raise UserError(
                self.env._(
                    "Nobody can approve step %(step)s of rule %(rule)s (the requester and the "
                    "salesperson never approve their own documents).",
                    step=step.name,
                    rule=self.rule_id.name,
                )
            )
        # Odoo subscribes the assignee of a to-do to its document: approvers follow it
        # while their decision is pending and stop after deciding unless they followed it
        # before (confirming, invoicing ... would otherwise notify every approver)
        followers = set(
            self.env["mail.followers"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self.res_model),
                    ("res_id", "=", self.res_id),
                    ("partner_id", "in", approvers.partner_id.ids),
                ],
                ["partner_id"],
            )
            .partner_id.ids
        )
        activity_type = self.env.ref("crm_integrated.mail_activity_type_cim_approval")
        model_id = self.env["ir.model"]._get_id(self.res_model)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": self.res_id,
                        "activity_type_id": activity_type.id,
                        "summary": self.env._(
                            "Approve %(doc)s: %(step)s", doc=self.name, step=step.name
                        ),
                        "user_id": user.id,
                    }
                    for user in approvers
                ]
            )
        )
        self._cim_engine().write({"step_id": step.id})
        self.env["cim.approval.request.line"].sudo().with_context(cim_approval_engine=True).create(
            [
                {
                    "request_id": self.id,
                    "step_id": step.id,
                    "step_name": step.name,
                    "step_sequence": step.sequence,
                    "user_id": user.id,
                    "activity_id": activity.id,
                    "followed_before": user.partner_id.id in followers,
                }
                for user, activity in zip(approvers, activities, strict=True)
            ]
        )

    def _cim_decide(self, approve, comment=False):
        """The current user approves or rejects the current step."""
        self.ensure_one()
        user = self.env.user
        if self.state != "pending":
            raise UserError(self.env._("This approval request is already closed."))
        line = self.sudo().line_ids.filtered(
            lambda ln: ln.state == "pending" and ln.step_id == self.step_id and ln.user_id == user
        )
        if not line:
            raise UserError(
                self.env._("You are not an approver of the current step of %s.", self.name)
            )
        if not approve and not (comment or "").strip():
            raise UserError(self.env._("Please give the reason of the rejection."))
        engine = self._cim_engine()
        line = line.with_context(cim_approval_engine=True)
        line.write(
            {
                "state": "approved" if approve else "rejected",
                "date": fields.Datetime.now(),
                "comment": comment,
            }
        )
        record = self._cim_record().sudo()
        label = self.env._("approved") if approve else self.env._("rejected")
        body = Markup("<p>%s</p>") % self.env._(
            "Step %(step)s %(decision)s by %(user)s.",
            step=line.step_name,
            decision=label,
            user=user.name,
        )
        if comment:
            body += Markup("<p>%s</p>") % comment
        record.message_post(body=body, subtype_xmlid="mail.mt_note", author_id=user.partner_id.id)
        step_lines = engine.line_ids.filtered(
            lambda ln: ln.step_id == self.step_id and ln.state == "pending"
        )
        if not approve or self.step_id.mode == "any":
            self._cim_skip(step_lines)
            step_lines = step_lines.browse()
        line.activity_id.unlink()
        self._cim_stop_following(line)
        if not approve:
            engine.write({"state": "rejected", "date_done": fields.Datetime.now()})
            record._cim_on_approval_rejected(self, comment)
            return
        if step_lines:
            return  # all must approve: others still to decide
        next_steps = self.rule_id.step_ids.filtered(
            lambda s: (s.sequence, s.id) > (self.step_id.sequence, self.step_id.id)
        )
        if next_steps:
            self._cim_start_step(next_steps[0])
            return
        engine.write({"state": "approved", "date_done": fields.Datetime.now()})
        record._cim_on_approval_approved(self)

    def _cim_cancel(self):
        """Close pending requests (document changed or cancelled); their to-dos go away."""
        pending = self._cim_engine().filtered(lambda r: r.state == "pending")
        for request in pending:
            request._cim_skip(request.line_ids.filtered(lambda ln: ln.state == "pending"))
        pending.write({"state": "cancelled", "date_done": fields.Datetime.now()})

    def _cim_skip(self, lines):
        """Close pending ``lines`` of this request that are no longer needed: their to-dos
        go away and their approvers stop following the document."""
        self.ensure_one()
        lines = lines.sudo().with_context(cim_approval_engine=True)
        lines.activity_id.unlink()
        lines.write({"state": "skipped"})
        self._cim_stop_following(lines)

    def _cim_stop_following(self, lines):
        """The approvers of the closed ``lines`` stop following the document, unless they
        followed it before the approval or still have a decision pending on it."""
        self.ensure_one()
        leaving = lines.filtered(lambda ln: not ln.followed_before).user_id
        if not leaving:
            return
        still_pending = (
            self.env["cim.approval.request.line"]
            .sudo()
            .search_fetch(
                [
                    ("request_id.res_model", "=", self.res_model),
                    ("request_id.res_id", "=", self.res_id),
                    ("state", "=", "pending"),
                    ("user_id", "in", leaving.ids),
                ],
                ["user_id"],
            )
            .user_id
        )
        partners = (leaving - still_pending).partner_id
        if partners:
            self._cim_record().sudo().message_unsubscribe(partner_ids=partners.ids)
