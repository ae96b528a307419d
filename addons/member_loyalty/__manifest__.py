# Copyright 2026 CIM Project
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Members and Loyalty",
    "summary": "Member tiers (会员等级) on Odoo loyalty programs, points and re-marketing",
    "version": "18.0.1.2.0",
    "category": "Sales/Loyalty",
    "website": "https://github.com/cim-odoo/cim",
    "author": "CIM Project",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    # delivery defines sale.order.line.is_delivery, which sale_loyalty reads
    "depends": ["crm_integrated", "loyalty", "sale_loyalty", "delivery"],
    "data": [
        "security/member_loyalty_groups.xml",
        "security/ir.model.access.csv",
        "security/member_loyalty_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/loyalty_member_tier_views.xml",
        "views/loyalty_program_views.xml",
        "views/loyalty_tier_history_views.xml",
        "views/loyalty_member_segment_views.xml",
        "views/loyalty_gift_exchange_views.xml",
        "report/loyalty_member_report_views.xml",
        "report/loyalty_repurchase_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/loyalty_demo.xml"],
    "assets": {
        "web.assets_tests": ["member_loyalty/static/src/tests/tours/*.js"],
    },
}
