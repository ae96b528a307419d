# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, html2plaintext

MAX_VALUE_CHARS = 2000  # DingTalk's text components hold a few thousand characters


class DingtalkApprovalFormField(models.Model):
    """One component of a DingTalk approval form (审批表单控件) and where its value comes
    from in the Odoo record submitted for approval."""

    _name = "dingtalk.approval.form.field"
    _description = "DingTalk Approval Form Field"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("cim.approval.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(
        string="Component Name",
        required=True,
        help="The label of the component in the DingTalk form, exactly as in the console "
        "(e.g. 报价金额).",
    )
    source = fields.Selection(
        [
            ("reference", "Document reference"),
            ("partner", "Customer name"),
            ("amount", "Untaxed amount"),
            ("lines", "Lines summary"),
            ("url", "Link to the record"),
            ("requester", "Requester"),
            ("field", "Field of the record"),
            ("text", "Fixed text"),
        ],
        required=True,
        default="field",
    )
    model = fields.Char(related="rule_id.model")
    field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model', '=', model), ('store', '=', True)]",
    )
    text = fields.Char(string="Fixed Text", translate=True)

    @api.constrains("source", "field_id", "rule_id")
    def _check_source(self):
        for line in self:
            if line.source == "field" and (
                not line.field_id or line.field_id.model != line.rule_id.model
            ):
                raise ValidationError(
                    self.env._(
                        "DingTalk form component %(name)s needs a field of %(model)s.",
                        name=line.name,
                        model=line.rule_id.model_id.name,
                    )
                )

    def _dingtalk_value(self, record, request):
        """The component's value for ``record``: always a string, as DingTalk wants."""
        self.ensure_one()
        if self.source == "reference":
            value = record.display_name
        elif self.source == "partner":
            partner = record._cim_approval_values().get("partner")
            value = partner.display_name if partner else ""
        elif self.source == "amount":
            value = format_amount(self.env, request.amount, request.currency_id)
        elif self.source == "lines":
            value = record._dingtalk_approval_lines()
        elif self.source == "url":
            value = f"{record.get_base_url()}/odoo/{record._name}/{record.id}"
        elif self.source == "requester":
            value = request.requester_id.name
        elif self.source == "text":
            value = self.text or ""
        else:
            value = self._format_field(record, self.field_id)
        return (value or "")[:MAX_VALUE_CHARS]

    def _format_field(self, record, field):
        value = record[field.name]
        ttype = field.ttype
        if ttype == "many2one":
            return value.display_name or ""
        if ttype in ("one2many", "many2many"):
            return "、".join(value.mapped("display_name"))
        if ttype == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if not value and ttype not in ("integer", "float", "monetary"):
            return ""
        if ttype == "date":
            return value.strftime("%Y-%m-%d")
        if ttype == "datetime":
            return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")
        if ttype in ("float", "monetary"):
            return f"{value:.2f}"
        if ttype == "selection":
            selection = dict(record._fields[field.name]._description_selection(self.env))
            return str(selection.get(value, value))
        if ttype == "html":
            return html2plaintext(value)
        return str(value)
