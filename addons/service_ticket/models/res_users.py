# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    service_skill_ids = fields.Many2many(
        "service.skill",
        "service_skill_res_users_rel",
        "user_id",
        "skill_id",
        string="Service Skills",
    )
