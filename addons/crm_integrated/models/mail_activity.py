# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    cim_can_decide = fields.Boolean(
        compute="_compute_cim_can_decide",
        help="An approval to-do of the current user: approved or rejected from the to-do.",
    )
    cim_is_approval = fields.Boolean(
        compute="_compute_cim_can_decide",
        help="An approval to-do: it closes with a decision, it is not marked done.",
    )

    @api.depends_context("uid")
    def _compute_cim_can_decide(self):
        lines = self._cim_pending_approval_lines()
        mine = lines.filtered(lambda ln: ln.user_id == self.env.user).activity_id
        for activity in self:
            activity.cim_can_decide = activity in mine
            activity.cim_is_approval = activity in lines.activity_id

    @api.model
    def _cim_create_in_rounds(self, vals_list):
        """Create to-dos in as few calls as possible, none of which gives one user two
        to-dos on one record: Odoo subscribes the assignees of a create call to their
        records without removing repeats, and the repeated follower would fail the insert.
        The k-th to-do of a user on a record goes in the k-th call."""
        rounds = []
        seen = Counter()
        for vals in vals_list:
            key = (vals.get("user_id"), vals.get("res_model_id"), vals.get("res_id"))
            if seen[key] == len(rounds):
                rounds.append([])
            rounds[seen[key]].append(vals)
            seen[key] += 1
        activities = self.browse()
        for batch in rounds:
            activities |= self.create(batch)
        return activities

    def _cim_pending_approval_lines(self):
        if not self.ids:
            return self.env["cim.approval.request.line"]
        return (
            self.env["cim.approval.request.line"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "pending")])
        )

    def action_cim_decide(self, decision):
        """Approve or reject from the approval to-do: the decision wizard of its request."""
        self.ensure_one()
        if decision not in ("approve", "reject"):
            raise UserError(self.env._("Unknown decision: %s", decision))
        line = self._cim_pending_approval_lines().filtered(lambda ln: ln.user_id == self.env.user)
        if not line:
            raise UserError(self.env._("This to-do is not an approval waiting for you."))
        return line.request_id._cim_decision_action(decision)

    def _action_done(self, feedback=False, attachment_ids=None):
        """An approval to-do is closed by a decision, never by just marking it done."""
        lines = self._cim_pending_approval_lines()
        if lines:
            raise UserError(
                self.env._(
                    "%s waits for a decision: approve or reject it (buttons on the to-do, on "
                    "the document or in My Approvals); the to-do then closes by itself.",
                    ", ".join(lines.mapped("name")),
                )
            )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
