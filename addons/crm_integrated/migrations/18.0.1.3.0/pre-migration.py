# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every partner stores the owner and pool of its company (cim_scope_user_id,
cim_scope_pool_id) for the salespeople's rule. The columns are created and filled here in
one UPDATE: the ORM would otherwise compute the related fields record by record on 10^6
partners. A database from before the pools (no cim_pool_id yet) fills the owner only; its
pools are empty."""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    cr.execute(
        """ALTER TABLE res_partner
               ADD COLUMN IF NOT EXISTS cim_scope_user_id integer,
               ADD COLUMN IF NOT EXISTS cim_scope_pool_id integer"""
    )
    if column_exists(cr, "res_partner", "cim_pool_id"):
        cr.execute(
            """UPDATE res_partner p
                  SET cim_scope_user_id = c.user_id, cim_scope_pool_id = c.cim_pool_id
                 FROM res_partner c
                WHERE c.id = p.commercial_partner_id
                  AND (c.user_id IS NOT NULL OR c.cim_pool_id IS NOT NULL)"""
        )
    else:
        cr.execute(
            """UPDATE res_partner p
                  SET cim_scope_user_id = c.user_id
                 FROM res_partner c
                WHERE c.id = p.commercial_partner_id AND c.user_id IS NOT NULL"""
        )
