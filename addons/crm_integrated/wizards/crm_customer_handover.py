# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmCustomerHandover(models.TransientModel):
    """When a salesperson leaves: customers, open leads and activities in one step."""

    _name = "crm.customer.handover"
    _description = "Hand Over Customers"

    from_user_id = fields.Many2one("res.users", string="From", required=True)
    to_user_id = fields.Many2one(
        "res.users", string="To Salesperson", help="Empty: the customers return to a pool."
    )
    pool_id = fields.Many2one(
        "crm.customer.pool",
        string="To Pool",
        help="Pool for customers without one when nobody takes them over.",
    )
    include_leads = fields.Boolean(string="Open Leads and Opportunities", default=True)
    include_activities = fields.Boolean(string="Planned Activities", default=True)
    reason = fields.Char(required=True, default=lambda self: self.env._("Employee left"))
    customer_count = fields.Integer(compute="_compute_customer_count")

    @api.depends("from_user_id")
    def _compute_customer_count(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            wizard.customer_count = (
                Partner.search_count([("user_id", "=", wizard.from_user_id.id)])
                if wizard.from_user_id
                else 0
            )

    def action_hand_over(self):
        self.ensure_one()
        if self.to_user_id == self.from_user_id:
            raise UserError(self.env._("Choose another salesperson to take over."))
        result = self.env["res.partner"]._cim_hand_over(
            self.from_user_id,
            self.to_user_id,
            pool=self.pool_id,
            reason=self.reason,
            leads=self.include_leads,
            activities=self.include_activities,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(customers)s customers, %(leads)s leads and %(activities)s activities "
                    "handed over.",
                    **result,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
