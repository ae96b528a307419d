# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's partner merge, grouping on the duplicate guard's normalised keys too."""

    _inherit = "base.partner.merge.automatic.wizard"

    group_by_cim_uscc_key = fields.Boolean("Unified Social Credit Code")
    group_by_cim_mobile_key = fields.Boolean("Mobile (normalised)")
    group_by_cim_phone_key = fields.Boolean("Phone (normalised)")
    group_by_cim_email_key = fields.Boolean("Email (normalised)")
    group_by_cim_name_key = fields.Boolean("Company Name (normalised)")

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # the partners being merged share their keys until the sources are deleted
        wizard = self.with_context(cim_skip_duplicate_check=True)
        return super(BasePartnerMergeAutomaticWizard, wizard)._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
