# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .res_partner import _is_followup


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "cim.duplicate.mixin"]

    cim_last_followup = fields.Datetime(string="Last Follow-up", copy=False, readonly=True)
    cim_followup_anchor = fields.Datetime(
        string="Followed Up or Created",
        compute="_compute_cim_followup_anchor",
        store=True,
        index=True,
        help="The last follow-up, or the creation when there was none yet.",
    )
    cim_stale_reminded = fields.Boolean(
        string="Stale Reminder Sent", copy=False, help="Re-armed by the next follow-up."
    )
    cim_industry_id = fields.Many2one("res.partner.industry", string="Industry")
    cim_assignment_rule_id = fields.Many2one(
        "crm.assignment.rule",
        string="Assigned by Rule",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    cim_uscc = fields.Char(
        string="Unified Social Credit Code",
        help="统一社会信用代码 of the customer's company; it becomes the customer's Tax ID.",
    )

    @api.depends("cim_last_followup")
    def _compute_cim_followup_anchor(self):
        for lead in self:
            lead.cim_followup_anchor = (
                lead.cim_last_followup or lead.create_date or fields.Datetime.now()
            )

    @api.depends("cim_uscc", "mobile", "phone", "email_from", "partner_name")
    def _compute_cim_keys(self):
        return super()._compute_cim_keys()

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        if not self.env.context.get("cim_no_assignment"):
            self.env["crm.assignment.rule"].sudo()._assign(
                leads.filtered(lambda lead: not lead.user_id)
            )
        return leads

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A lead arriving by email is never refused (the mail would be lost): a duplicate
        is kept and shows its warning on the form instead."""
        lead = super(CrmLead, self.with_context(cim_skip_duplicate_check=True)).message_new(
            msg_dict, custom_values=custom_values
        )
        return lead.with_env(self.env)

    def action_cim_apply_assignment_rules(self):
        self.env["crm.assignment.rule"]._assign(self)
        return True

    def _cim_key_values(self):
        return {
            "uscc": self.cim_uscc,
            "mobile": self.mobile,
            "phone": self.phone,
            "email": self.email_from,
            "name": self.partner_name,
        }

    def _cim_same_customer_domains(self):
        commercial_id = self.partner_id.commercial_partner_id._origin.id
        partner_domain = [("commercial_partner_id", "!=", commercial_id)] if commercial_id else []
        lead_domain = [("id", "!=", self._origin.id)] if self._origin.id else []
        if commercial_id:
            lead_domain += [
                "|",
                ("partner_id", "=", False),
                ("partner_id.commercial_partner_id", "!=", commercial_id),
            ]
        return partner_domain, lead_domain

    @api.constrains("cim_uscc", "mobile", "phone", "email_from", "partner_name", "partner_id")
    def _check_cim_duplicates(self):
        self.filtered(lambda lead: lead.active and lead.probability < 100)._cim_check_duplicates()

    # ------------------------------------------------------------------
    # conversion: never a second customer for an existing one
    # ------------------------------------------------------------------

    def _cim_matching_customer(self):
        """The existing customer (commercial entity) this lead's keys point to, if any."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        phones = [k for k in (self.cim_mobile_key, self.cim_phone_key) if k]
        searches = [
            ("uscc", [self.cim_uscc_key] if self.cim_uscc_key else []),
            ("phone", phones),
            ("email", [self.cim_email_key] if self.cim_email_key else []),
            ("name", [self.cim_name_key] if self.cim_name_key else []),
        ]
        for key, values in searches:
            if not values:
                continue
            partner = Partner.search(Partner._cim_key_domain(key, values), limit=1)
            if partner:
                return partner.commercial_partner_id.with_env(self.env)
        return self.env["res.partner"]

    def _find_matching_partner(self, email_only=False):
        partner = self.partner_id
        if not partner and not email_only:
            partner = self._cim_matching_customer()
        return partner or super()._find_matching_partner(email_only=email_only)

    def _create_customer(self):
        existing = self._cim_matching_customer()
        if existing:
            return existing
        # the new customer shares its keys with the lead it comes from
        lead = self.with_context(cim_converting_lead_ids=self.ids)
        return super(CrmLead, lead)._create_customer().with_env(self.env)

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        if is_company and self.cim_uscc:
            values["vat"] = self.cim_uscc
        if self.source_id:
            values["cim_source_id"] = self.source_id.id
        if is_company and self.cim_industry_id:
            values["industry_id"] = self.cim_industry_id.id
        return values

    # ------------------------------------------------------------------
    # follow-ups (跟进记录)
    # ------------------------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if _is_followup(self.env, kwargs):
            now = fields.Datetime.now()
            self.sudo().write({"cim_last_followup": now, "cim_stale_reminded": False})
            self.partner_id._cim_touch_followup()
        return message
