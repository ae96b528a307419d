# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    member_program_id = fields.Many2one(
        "loyalty.program",
        string="Membership Program",
        domain=[("program_type", "=", "loyalty")],
        help="The loyalty program that enrols customers as members.",
    )
