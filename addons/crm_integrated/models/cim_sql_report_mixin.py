# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models, tools
from odoo.tools import SQL

from ..utils.xlsx import download_action, export_xlsx


class CimSqlReportMixin(models.AbstractModel):
    """A report that is a PostgreSQL view (``_query``) with an Excel export of the rows of
    any domain (``_cim_xlsx_fields``, titled ``_cim_xlsx_title``) bound to its list view."""

    _name = "cim.sql.report.mixin"
    _description = "SQL Report with Excel Export"
    _cim_xlsx_fields = []

    def _query(self):
        raise NotImplementedError

    def _cim_xlsx_title(self):
        return self._description

    @api.model
    def _cim_export_xlsx(self, domain):
        """The rows of ``domain`` as an xlsx download (the list's Action menu)."""
        title = self._cim_xlsx_title()
        data = export_xlsx(self, domain, self._cim_xlsx_fields, title)
        return download_action(self.env, data, f"{title}.xlsx")

    def init(self):
        if self._abstract or self._auto:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
