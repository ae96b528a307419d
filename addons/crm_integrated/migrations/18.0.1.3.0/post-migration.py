# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The salespeople's customer rule tests the owner and pool of the partner's company stored
on the partner instead of a sub-select on the company; the rule is in a noupdate block,
so the new domain is written here.

Approvers now stop following a document after deciding unless they followed it before:
nobody knows that of the decisions pending at the upgrade, so their approvers keep
following."""

from odoo import SUPERUSER_ID, api

DOMAIN = """[
    '|',
    ('cim_scope_user_id', 'in', cim_scope_user_ids),
    '&', ('cim_scope_user_id', '=', False),
        '|', ('cim_scope_pool_id', '=', False),
             ('cim_scope_pool_id', 'in', cim_scope_pool_ids),
]"""


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_integrated.res_partner_rule_cim_user", raise_if_not_found=False)
    if rule:
        rule.domain_force = DOMAIN
    cr.execute(
        "UPDATE cim_approval_request_line SET followed_before = TRUE WHERE state = 'pending'"
    )
