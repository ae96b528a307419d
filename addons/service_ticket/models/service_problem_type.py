# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ServiceProblemType(models.Model):
    """Problem types (故障类型), a configurable tree: 机械故障 / 主轴异响."""

    _name = "service.problem.type"
    _description = "Service Problem Type"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, translate=False
    )
    parent_id = fields.Many2one("service.problem.type", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("service.problem.type", "parent_id", string="Sub-types")
    active = fields.Boolean(default=True)
    chargeable = fields.Boolean(
        help="Service for this problem is billed even under warranty "
        "(e.g. misuse, consumables, training)."
    )
    skill_ids = fields.Many2many(
        "service.skill", string="Required Skills", help="Engineers dispatched must have them."
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for ptype in self:
            if ptype.parent_id:
                ptype.complete_name = f"{ptype.parent_id.complete_name} / {ptype.name}"
            else:
                ptype.complete_name = ptype.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("Problem types cannot be nested recursively."))

    def _is_chargeable(self):
        """A type is chargeable when it or one of its parents is."""
        self.ensure_one()
        return any(self.browse(int(pid)).chargeable for pid in self.parent_path.split("/")[:-1])
