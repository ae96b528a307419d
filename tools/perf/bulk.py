"""Bulk insertion by cloning a prototype record with PostgreSQL COPY.

The generator creates one record of each kind through the ORM (so every default, every
stored compute and every column of whatever addons are installed gets its real value),
then inserts copies of that row with per-row overrides through ``COPY``. Overrides for
columns the table does not have (an addon not installed in a vanilla database) are
dropped, so the same generator fills our database and a vanilla Odoo one.
"""

import datetime
import io
import json

COPY_CHUNK = 20000


def _text(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        value = value.isoformat()
    else:
        value = str(value)
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def reserve_ids(cr, table, count):
    """Reserve ``count`` consecutive ids of ``table``'s sequence; returns the first one."""
    cr.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, "
        "'id')) + %s - 1)",
        [table, table, count],
    )
    last = cr.fetchone()[0]
    return last - count + 1


def table_columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return {row[0] for row in cr.fetchall()}


def clone(env, record, count, make_row, progress=None):
    """Insert ``count`` copies of ``record``'s row; ``make_row(index, new_id)`` returns the
    overrides of copy ``index``. Returns the first new id (ids are consecutive)."""
    cr = env.cr
    env.flush_all()
    table = record._table
    cr.execute(f'SELECT * FROM "{table}" WHERE id = %s', [record.id])
    columns = [d.name for d in cr.description]
    base = dict(zip(columns, cr.fetchone(), strict=True))
    columns.remove("id")
    known = set(columns)
    first = reserve_ids(cr, table, count)
    column_list = ", ".join(f'"{c}"' for c in ["id", *columns])
    done = 0
    while done < count:
        buf = io.StringIO()
        for index in range(done, min(done + COPY_CHUNK, count)):
            new_id = first + index
            row = dict(base)
            for key, value in make_row(index, new_id).items():
                if key in known:
                    row[key] = value
            buf.write(str(new_id))
            for column in columns:
                buf.write("\t")
                buf.write(_text(row[column]))
            buf.write("\n")
        buf.seek(0)
        cr._obj.copy_expert(f'COPY "{table}" ({column_list}) FROM STDIN', buf)
        done = min(done + COPY_CHUNK, count)
        if progress:
            progress(table, done, count)
    env.invalidate_all()
    return first


def insert_pairs(cr, table, columns, rows):
    """COPY plain rows (tuples) into a relation table."""
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_text(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    cols = ", ".join(f'"{c}"' for c in columns)
    cr._obj.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', buf)
