# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmCustomerPoolRule(models.Model):
    """Recycle days of a pool for one customer level (e.g. A customers keep longer)."""

    _name = "crm.customer.pool.rule"
    _description = "Customer Pool Rule per Level"
    _order = "pool_id, id"

    pool_id = fields.Many2one("crm.customer.pool", required=True, ondelete="cascade", index=True)
    level_id = fields.Many2one("crm.customer.level", string="Customer Level", required=True)
    followup_days = fields.Integer(string="Recycle Without Follow-up (days)", default=30)
    won_days = fields.Integer(string="Recycle Without Won Deal (days)", default=90)

    _sql_constraints = [
        ("level_pool_uniq", "unique(pool_id, level_id)", "One rule per level in a pool."),
    ]
