# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Chatter notes for many records at once (crons touch thousands of records per run)."""

from odoo.tools import SQL


def log_notes(records, bodies, recipients=None):
    """Post one internal note per record (``bodies``: {id: Markup}) in a few queries, and
    put it in the inbox of ``recipients`` ({id: res.partner}), as message_post with
    ``partner_ids`` would, without rendering one e-mail per record."""
    messages = records.sudo()._message_log_batch(bodies)
    if not recipients:
        return messages
    by_record = {message.res_id: message for message in messages}
    links = [
        (by_record[res_id].id, partner.id)
        for res_id, partner in recipients.items()
        if partner and res_id in by_record
    ]
    if not links:
        return messages
    # the messages are new: their recipients are inserted in one statement, instead of an
    # ORM write per recipient that first reads the (empty) links
    message_ids, partner_ids = zip(*links, strict=True)
    records.env.cr.execute(
        SQL(
            """INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
               SELECT * FROM unnest(%s::int[], %s::int[])""",
            list(message_ids),
            list(partner_ids),
        )
    )
    messages.invalidate_recordset(["partner_ids"])
    records.env["mail.notification"].sudo().create(
        [
            {
                "mail_message_id": message_id,
                "res_partner_id": partner_id,
                "notification_type": "inbox",
                "is_read": False,
            }
            for message_id, partner_id in links
        ]
    )
    return messages
