# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

ROOT_DEPT = 1
PAGE_SIZE = 100  # DingTalk's maximum for /topapi/v2/user/list


class DingtalkDepartment(models.Model):
    """A department of the company's DingTalk organisation, kept by the contacts sync."""

    _name = "dingtalk.department"
    _description = "DingTalk Department"
    _order = "complete_name"
    _parent_store = True

    name = fields.Char(required=True)
    dingtalk_id = fields.Char(string="DingTalk Department Id", required=True, index=True)
    parent_id = fields.Many2one("dingtalk.department", ondelete="cascade", index=True)
    parent_path = fields.Char(index=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "dingtalk_id_uniq",
            "unique(company_id, dingtalk_id)",
            "A DingTalk department is synchronised once per company.",
        ),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for department in self:
            department.complete_name = (
                f"{department.parent_id.complete_name} / {department.name}"
                if department.parent_id
                else department.name
            )

    @api.model
    def _fetch_tree(self, company):
        """All departments, one level per call from the root: [(id, name, parent id)]."""
        client = self.env["dingtalk.client"]
        root = client._call(
            company, "POST", "oapi", "/topapi/v2/department/get", body={"dept_id": ROOT_DEPT}
        )
        tree = [(ROOT_DEPT, (root.get("result") or {}).get("name") or company.name, None)]
        queue, seen = [ROOT_DEPT], {ROOT_DEPT}
        while queue:
            parent = queue.pop(0)
            answer = client._call(
                company, "POST", "oapi", "/topapi/v2/department/listsub", body={"dept_id": parent}
            )
            for dept in answer.get("result") or []:
                if dept["dept_id"] in seen:
                    continue
                seen.add(dept["dept_id"])
                tree.append((dept["dept_id"], dept.get("name") or str(dept["dept_id"]), parent))
                queue.append(dept["dept_id"])
        return tree

    @api.model
    def _fetch_users(self, company, dept_ids):
        """Every user of these departments, page by page, each user once."""
        client = self.env["dingtalk.client"]
        users = {}
        for dept_id in dept_ids:
            cursor = 0
            while True:
                answer = client._call(
                    company,
                    "POST",
                    "oapi",
                    "/topapi/v2/user/list",
                    body={"dept_id": dept_id, "cursor": cursor, "size": PAGE_SIZE},
                )
                result = answer.get("result") or {}
                for user in result.get("list") or []:
                    users.setdefault(user["userid"], user)
                if not result.get("has_more"):
                    break
                cursor = result.get("next_cursor")
        return list(users.values())

    @api.model
    def _sync_departments(self, company):
        """Create, rename, move and archive departments like DingTalk has them."""
        tree = self._fetch_tree(company)
        existing = {
            dept.dingtalk_id: dept
            for dept in self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        }
        for dept_id, name, parent in tree:  # parents come before their children
            values = {
                "name": name,
                "parent_id": existing[str(parent)].id if parent else False,
                "active": True,
            }
            dept = existing.get(str(dept_id))
            if dept:
                if (dept.name, dept.parent_id.id, dept.active) != tuple(values.values()):
                    dept.write(values)
            else:
                existing[str(dept_id)] = self.sudo().create(
                    dict(values, dingtalk_id=str(dept_id), company_id=company.id)
                )
        gone = [d for key, d in existing.items() if key not in {str(t[0]) for t in tree}]
        self.sudo().concat(*gone).filtered("active").write({"active": False})
        return tree

    @api.model
    def _sync_company(self, company):
        """Synchronise the departments and link the users of one company.
        Returns {departments, users, linked}."""
        tree = self._sync_departments(company)
        dingtalk_users = self._fetch_users(company, [t[0] for t in tree])
        linked = self.env["res.users"]._dingtalk_link(company, dingtalk_users)
        return {"departments": len(tree), "users": len(dingtalk_users), "linked": len(linked)}

    @api.model
    def action_sync(self):
        if not self.env.user.has_group("dingtalk_connector.dingtalk_connector_group_manager"):
            raise AccessError(self.env._("Only DingTalk administrators synchronise contacts."))
        stats = self._sync_company(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "DingTalk synchronised: %(departments)s departments, %(users)s users, "
                    "%(linked)s linked to Odoo users.",
                    **stats,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_sync(self):
        companies = self.env["res.company"].sudo().search([("dingtalk_app_key", "!=", False)])
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self._sync_company(company)
            except Exception as exc:  # noqa: BLE001 - one company must not block the others
                _logger.warning("DingTalk contacts sync of company %s failed: %s", company.id, exc)
