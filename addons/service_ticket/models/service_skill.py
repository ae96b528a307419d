# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ServiceSkill(models.Model):
    _name = "service.skill"
    _description = "Engineer Skill"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    user_ids = fields.Many2many(
        "res.users",
        "service_skill_res_users_rel",
        "skill_id",
        "user_id",
        string="Engineers",
        domain="[('share', '=', False)]",
    )

    _sql_constraints = [("name_uniq", "unique(name)", "A skill with this name already exists.")]
