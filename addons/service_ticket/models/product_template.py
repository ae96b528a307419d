# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Warranty of the equipment from its installation date; used by the equipment "
        "file and to tell free from chargeable service.",
    )
