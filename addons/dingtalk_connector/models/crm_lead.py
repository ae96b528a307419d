# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import format_amount


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def write(self, vals):
        won_before = (
            self.filtered(lambda lead: lead.stage_id.is_won) if "stage_id" in vals else self
        )
        result = super().write(vals)
        if "stage_id" in vals:
            (self - won_before).filtered(lambda lead: lead.stage_id.is_won)._dingtalk_announce_won()
        return result

    def _dingtalk_announce_won(self):
        """Big deal won (大单捷报) → the event's robots, through the outbox, once."""
        Rule = self.env["dingtalk.robot.rule"]
        for lead in self:
            company = lead.company_id or self.env.company
            threshold = company.dingtalk_big_deal_amount
            if not threshold or lead.expected_revenue < threshold:
                continue
            amount = format_amount(self.env, lead.expected_revenue, company.currency_id)
            title = self.env._("Big deal won: %(amount)s", amount=amount)
            text = self.env._(
                "#### 🎉 %(title)s\n\n- %(deal)s\n- %(customer)s\n- %(owner)s",
                title=title,
                deal=lead.name,
                customer=lead.partner_id.display_name or lead.partner_name or "",
                owner=lead.user_id.name or "",
            )
            Rule._post_event("big_deal_won", company, title, text, key=f"crm.lead-won-{lead.id}")
