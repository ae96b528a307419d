# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from ..utils.xlsx import export_xlsx


class CrmWeeklyReport(models.AbstractModel):
    """The weekly report (销售周报): on the configured day and hour (Friday 17:00 Shanghai by
    default) each sales team leader gets their team's week and the configured recipients
    the company's, by e-mail with the week's funnel as xlsx; nothing is sent for an empty
    week. Other addons add lines by extending ``_figures``."""

    _name = "crm.weekly.report"
    _description = "Weekly Sales Report"

    @api.model
    def _cron_send(self):
        for company in self.env["res.company"].search([("cim_weekly_report", "=", True)]):
            self._send_if_due(company)

    @api.model
    def _send_if_due(self, company, now=None):
        """Send the company's report when its local day and hour have come, once a week.
        Returns whether it was sent."""
        tz = pytz.timezone(company.partner_id.tz or "Asia/Shanghai")
        local = pytz.utc.localize(now or fields.Datetime.now()).astimezone(tz)
        if local.weekday() != int(company.cim_weekly_report_day):
            return False
        if local.hour + local.minute / 60 < company.cim_weekly_report_hour:
            return False
        if company.cim_weekly_report_last and company.cim_weekly_report_last >= local.date():
            return False
        week_end = tz.localize(datetime.combine(local.date(), time.max)).astimezone(pytz.utc)
        week_start = week_end - timedelta(days=7)
        self._send(company, week_start.replace(tzinfo=None), week_end.replace(tzinfo=None))
        company.sudo().cim_weekly_report_last = local.date()
        return True

    @api.model
    def _audiences(self, company):
        """[(users, teams or None for the whole company)]."""
        audiences = []
        if company.cim_weekly_report_user_ids:
            audiences.append((company.cim_weekly_report_user_ids, None))
        teams = self.env["crm.team"].search(
            [("company_id", "in", (company.id, False)), ("user_id", "!=", False)]
        )
        for leader in teams.user_id:
            audiences.append((leader, teams.filtered(lambda t, u=leader: t.user_id == u)))
        return audiences

    @api.model
    def _figures(self, company, teams, start, end):
        """[(label, text, number)] of the week for ``teams`` (None: the whole company)."""
        users = teams.member_ids | teams.user_id if teams is not None else None
        lead_domain = [("company_id", "=", company.id)]
        order_domain = [("company_id", "=", company.id), ("state", "=", "sale")]
        partner_domain = [("cim_churn_warned", "=", True)]
        if teams is not None:
            lead_domain.append(("team_id", "in", teams.ids))
            order_domain.append(("team_id", "in", teams.ids))
            partner_domain.append(("user_id", "in", users.ids))
        Lead = self.env["crm.lead"].with_context(active_test=False)
        new_leads = Lead.search_count(
            [*lead_domain, ("create_date", ">=", start), ("create_date", "<=", end)]
        )
        won = self.env["crm.lead"].search_count(
            [*lead_domain, ("stage_id.is_won", "=", True), ("date_closed", ">=", start),
             ("date_closed", "<=", end)]
        )  # fmt: skip
        [[orders, amount]] = self.env["sale.order"]._read_group(
            [*order_domain, ("date_order", ">=", start), ("date_order", "<=", end)],
            [],
            ["__count", "amount_untaxed:sum"],
        )
        pay_domain = [
            ("company_id", "=", company.id),
            ("partner_type", "=", "customer"),
            ("state", "in", ("in_process", "paid")),
            ("date", ">=", start.date()),
            ("date", "<=", end.date()),
        ]
        if teams is not None:
            pay_domain.append(("partner_id.cim_scope_user_id", "in", users.ids))
        [[collected]] = self.env["account.payment"]._read_group(
            pay_domain, [], ["amount_company_currency_signed:sum"]
        )
        overdue_domain = [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", end.date()),
        ]
        if teams is not None:
            overdue_domain.append(("invoice_user_id", "in", users.ids))
        [[overdue_count, overdue]] = self.env["account.move"]._read_group(
            overdue_domain, [], ["__count", "amount_residual_signed:sum"]
        )
        plan_domain = [
            ("company_id", "=", company.id),
            ("state", "in", ("pending", "partial", "overdue")),
            ("date_due", "<", end.date()),
        ]
        if teams is not None:
            plan_domain.append(("user_id", "in", users.ids))
        [[late_count, late]] = self.env["sale.payment.plan.line"]._read_group(
            plan_domain, [], ["__count", "amount_outstanding:sum"]
        )
        at_risk = self.env["res.partner"].search_count(partner_domain)
        currency = company.currency_id
        return [
            (self.env._("New leads"), str(new_leads), new_leads),
            (self.env._("Deals won"), str(won), won),
            (
                self.env._("Orders confirmed"),
                f"{orders} / {currency.format(amount or 0.0)}",
                orders,
            ),
            (self.env._("Collected"), currency.format(collected or 0.0), collected or 0),
            (
                self.env._("Overdue invoices"),
                f"{overdue_count} / {currency.format(overdue or 0.0)}",
                overdue_count,
            ),
            (
                self.env._("Overdue payment-plan instalments"),
                f"{late_count} / {currency.format(late or 0.0)}",
                late_count,
            ),
            (self.env._("Customers at churn risk"), str(at_risk), at_risk),
        ]

    @api.model
    def _send(self, company, start, end):
        Report = self.env["crm.funnel.report"].sudo()
        sent = self.env["mail.mail"]
        for users, teams in self._audiences(company):
            figures = self._figures(company, teams, start, end)
            if not any(number for _label, _text, number in figures):
                continue  # an empty week: nothing to say
            domain = [("company_id", "=", company.id), ("date", ">=", start.date()),
                      ("date", "<=", end.date())]  # fmt: skip
            if teams is not None:
                domain.append(("team_id", "in", teams.ids))
            title = self.env._("Weekly report %(start)s – %(end)s",
                               start=start.date() + timedelta(days=1), end=end.date())  # fmt: skip
            data = export_xlsx(Report, domain, Report._cim_xlsx_fields, self.env._("Sales Funnel"))
            attachment = self.env["ir.attachment"].sudo().create(
                {"name": f"{title}.xlsx", "datas": base64.b64encode(data),
                 "res_model": "res.company", "res_id": company.id}
            )  # fmt: skip
            body = self.env["ir.qweb"]._render(
                "crm_integrated.weekly_report_body",
                {
                    "title": title,
                    "scope": ", ".join(teams.mapped("name")) if teams is not None else company.name,
                    "figures": figures,
                },
            )
            sent |= (
                self.env["mail.mail"]
                .sudo()
                .create(
                    {
                        "subject": f"{company.name} · {title}",
                        "body_html": body,
                        "email_from": company.email_formatted or self.env.user.email_formatted,
                        "recipient_ids": [(6, 0, users.partner_id.ids)],
                        "attachment_ids": [(6, 0, attachment.ids)],
                        "auto_delete": False,
                    }
                )
            )
        return sent
