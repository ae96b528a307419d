# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Odoo's default pipeline → the Chinese sales process
# 初步接触 → 需求分析 → 方案报价 → 商务谈判 → 赢单 (商务谈判 is a stage of this addon)
SALES_STAGES = [
    ("crm.stage_lead1", "New", "First Contact", "初步接触"),
    ("crm.stage_lead2", "Qualified", "Needs Analysis", "需求分析"),
    ("crm.stage_lead3", "Proposition", "Proposal/Quote", "方案报价"),
    ("crm.stage_lead4", "Won", "Won", "赢单"),
]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    @api.model
    def _cim_seed_sales_stages(self):
        """Rename Odoo's default stages to the Chinese sales process, in English and, when it
        is installed, Simplified Chinese. Stages an admin already renamed are left alone."""
        zh_installed = "zh_CN" in dict(self.env["res.lang"].get_installed())
        for xmlid, odoo_name, name_en, name_zh in SALES_STAGES:
            stage = self.env.ref(xmlid, raise_if_not_found=False)
            if not stage:
                continue
            current = stage.with_context(lang="en_US").name
            if current not in (odoo_name, name_en):
                continue
            stage.with_context(lang="en_US").name = name_en
            if zh_installed:
                stage.with_context(lang="zh_CN").name = name_zh
