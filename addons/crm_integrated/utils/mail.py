# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Chatter notes for many records at once (crons touch thousands of records per run)."""

from odoo import Command


def log_notes(records, bodies, recipients=None):
    """Post one internal note per record (``bodies``: {id: Markup}) in a few queries, and
    put it in the inbox of ``recipients`` ({id: res.partner}), as message_post with
    ``partner_ids`` would, without rendering one e-mail per record."""
    messages = records.sudo()._message_log_batch(bodies)
    if not recipients:
        return messages
    by_record = {message.res_id: message for message in messages}
    grouped = {}
    for res_id, partner in recipients.items():
        if partner and res_id in by_record:
            grouped.setdefault(partner, []).append(by_record[res_id].id)
    Message = records.env["mail.message"].sudo()
    notifications = []
    for partner, message_ids in grouped.items():
        Message.browse(message_ids).write({"partner_ids": [Command.link(partner.id)]})
        notifications += [
            {
                "mail_message_id": message_id,
                "res_partner_id": partner.id,
                "notification_type": "inbox",
                "is_read": False,
            }
            for message_id in message_ids
        ]
    records.env["mail.notification"].sudo().create(notifications)
    return messages
