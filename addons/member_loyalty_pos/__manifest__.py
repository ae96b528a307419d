# Copyright 2026 CIM Project
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Members and Loyalty in the Point of Sale",
    "summary": "Member points earned and redeemed at the till go through the locked points ledger",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/cim-odoo/cim",
    "author": "CIM Project",
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["member_loyalty", "pos_loyalty"],
    "data": [
        "views/pos_order_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["member_loyalty_pos/static/tests/tours/*.js"],
    },
}
