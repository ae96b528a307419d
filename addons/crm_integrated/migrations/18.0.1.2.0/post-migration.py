# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The salespeople's customer rule reads their scope from two id lists (ir.rule's eval
context) instead of paths through teams, members and pools; the rule is in a noupdate
block, so the new domain is written here."""

from odoo import SUPERUSER_ID, api

DOMAIN = """[
    '|',
    ('commercial_partner_id.user_id', 'in', cim_scope_user_ids),
    '&', ('commercial_partner_id.user_id', '=', False),
        '|', ('commercial_partner_id.cim_pool_id', '=', False),
             ('commercial_partner_id.cim_pool_id', 'in', cim_scope_pool_ids),
]"""


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_integrated.res_partner_rule_cim_user", raise_if_not_found=False)
    if rule:
        rule.domain_force = DOMAIN
