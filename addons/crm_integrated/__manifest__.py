# Copyright 2026 CIM Project
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integrated Customer Management",
    "summary": "One customer record across the lifecycle: China master data, "
    "customer levels, sales regions (一体化客户管理)",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/cim-odoo/cim",
    "author": "CIM Project",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "crm",
        "sale_management",
        "account",
        "contacts",
        "utm",
        "mail",
        "portal",
    ],
    "external_dependencies": {"python": ["python-stdnum", "phonenumbers"]},
    "data": [
        "security/crm_integrated_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_integrated_rules.xml",
        "data/crm_customer_level_data.xml",
        "data/crm_sales_region_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_customer_handover_views.xml",
        "views/crm_customer_level_views.xml",
        "views/crm_sales_region_views.xml",
        "views/crm_customer_pool_views.xml",
        "views/crm_stale_rule_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_customer_pool_demo.xml",
        "demo/crm_stale_rule_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_integrated/static/src/tours/*.js",
        ],
    },
}
