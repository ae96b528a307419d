# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

ACTIONS = [
    ("claim", "Claim"),
    ("release", "Release"),
    ("recycle", "Recycled"),
    ("distribute", "Distribution"),
    ("transfer", "Transfer"),
]


class CrmCustomerPoolLog(models.Model):
    """Who moved a customer between salespeople and pools, when and why. Append-only."""

    _name = "crm.customer.pool.log"
    _description = "Customer Ownership Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    pool_id = fields.Many2one("crm.customer.pool", ondelete="set null", index=True)
    action = fields.Selection(ACTIONS, required=True, index=True)
    user_from_id = fields.Many2one("res.users", string="From", index=True)
    user_to_id = fields.Many2one("res.users", string="To", index=True)
    reason = fields.Char()
    company_id = fields.Many2one(related="pool_id.company_id", store=True)

    def write(self, vals):
        if self:
            raise UserError(self.env._("The ownership log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The ownership log cannot be deleted."))
