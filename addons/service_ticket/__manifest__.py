# Copyright 2026 CIM Project
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "After-sales Service Tickets",
    "summary": "After-sales work orders (售后工单): intake, stages, teams, dispatch",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/cim-odoo/cim",
    "author": "CIM Project",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["crm_integrated", "mail", "portal", "rating", "resource", "product", "utm"],
    "data": [
        "security/service_ticket_groups.xml",
        "security/ir.model.access.csv",
        "security/service_ticket_rules.xml",
        "data/ir_sequence_data.xml",
        "data/service_ticket_stage_data.xml",
        "views/service_ticket_stage_views.xml",
        "views/service_ticket_team_views.xml",
        "views/service_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/service_ticket_demo.xml"],
    "assets": {
        "web.assets_tests": ["service_ticket/static/src/tours/*.js"],
    },
}
