# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, models


class CrmWeeklyReport(models.AbstractModel):
    _inherit = "crm.weekly.report"

    @api.model
    def _send(self, company, start, end):
        """The company's week also goes to the robots of the "Weekly report" event."""
        sent = super()._send(company, start, end)
        figures = self._figures(company, None, start, end)
        if any(number for _label, _text, number in figures):
            title = self.env._(
                "Weekly report %(start)s – %(end)s",
                start=start.date() + timedelta(days=1),
                end=end.date(),
            )
            lines = [f"#### {company.name} · {title}", ""]
            lines += [f"- {label}: **{text}**" for label, text, _number in figures]
            self.env["dingtalk.robot.rule"]._post_event(
                "weekly_report",
                company,
                title,
                "\n".join(lines),
                key=f"weekly-report-{company.id}-{end.date()}",
            )
        return sent
