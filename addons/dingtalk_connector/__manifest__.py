# Copyright 2026 CIM Project
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "DingTalk Connector",
    "summary": "DingTalk (钉钉) as the team's inbox: robots, notifications, to-dos, approvals",
    "version": "18.0.2.0.0",
    "category": "Productivity/Discuss",
    "website": "https://github.com/cim-odoo/cim",
    "author": "CIM Project",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["crm_integrated", "mail"],
    "external_dependencies": {"python": ["requests", "cryptography", "phonenumbers"]},
    "data": [
        "security/dingtalk_connector_groups.xml",
        "security/ir.model.access.csv",
        "security/dingtalk_connector_rules.xml",
        "data/ir_cron_data.xml",
        "views/dingtalk_robot_views.xml",
        "views/dingtalk_robot_rule_views.xml",
        "views/dingtalk_outbox_views.xml",
        "views/dingtalk_event_views.xml",
        "views/dingtalk_department_views.xml",
        "views/res_users_views.xml",
        "views/dingtalk_signin_templates.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/dingtalk_demo.xml"],
    "assets": {
        "web.assets_tests": ["dingtalk_connector/static/src/tours/*.js"],
    },
}
