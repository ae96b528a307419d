# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel exports of report models: translated headers, number formats, a totals row, and
constant memory whatever the number of rows (records are read in batches and the cache is
dropped after each; xlsxwriter writes the sheet row by row)."""

import base64
import io

import xlsxwriter

from odoo import fields

EXPORT_BATCH = 5000


def export_xlsx(records_model, domain, field_names, title, order=None):
    """Rows of ``records_model`` matching ``domain`` as xlsx bytes."""
    env = records_model.env
    model = records_model
    ids = model._search(domain, order=order or model._order).get_result_ids()
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
    integer = book.add_format({"num_format": "#,##0"})
    integer_bold = book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    bold_top = book.add_format({"bold": True, "top": 1})
    fields_ = [model._fields[name] for name in field_names]
    for col, field in enumerate(fields_):
        sheet.write(0, col, field._description_string(env), bold)
        sheet.set_column(col, col, 14 if field.type in ("monetary", "float", "integer") else 20)
    sums = [0.0] * len(fields_)
    row = 1
    for start in range(0, len(ids), EXPORT_BATCH):
        batch = model.browse(ids[start : start + EXPORT_BATCH])
        for record in batch:
            for col, field in enumerate(fields_):
                value = record[field.name]
                if field.type in ("many2one",):
                    sheet.write_string(row, col, value.display_name or "")
                elif field.type in ("monetary", "float"):
                    sheet.write_number(row, col, value or 0.0, money)
                    sums[col] += value or 0.0
                elif field.type == "integer":
                    sheet.write_number(row, col, value or 0, integer)
                    sums[col] += value or 0
                elif field.type == "date" and value:
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), date_format)
                elif field.type == "selection":
                    labels = dict(field._description_selection(env))
                    sheet.write_string(row, col, labels.get(value, "") if value else "")
                elif field.type == "boolean":
                    sheet.write_boolean(row, col, bool(value))
                else:
                    sheet.write_string(row, col, str(value or ""))
            row += 1
        batch.invalidate_recordset()
        env.invalidate_all()
    sheet.write(row, 0, env._("Total"), bold_top)
    for col, field in enumerate(fields_):
        if col and field.type in ("monetary", "float") and field.aggregator == "sum":
            sheet.write_number(row, col, sums[col], money_bold)
        elif col and field.type == "integer" and field.aggregator == "sum":
            sheet.write_number(row, col, sums[col], integer_bold)
    sheet.freeze_panes(1, 0)
    book.close()
    return output.getvalue()


def download_action(env, data, filename):
    """An attachment of ``data`` and the action that downloads it."""
    attachment = (
        env["ir.attachment"]
        .sudo()
        .create(
            {
                "name": filename,
                "datas": base64.b64encode(data),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": "res.users",
                "res_id": env.uid,
            }
        )
    )
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{attachment.id}?download=true",
        "target": "download",
    }
