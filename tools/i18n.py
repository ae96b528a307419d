"""Keep each addon's i18n in step with its code.

i18n.py export DB [ADDON...]
                     export each addon's (default: all four) .pot from database DB,
                     merge it into zh_CN.po (translations kept, new terms added empty,
                     vanished terms dropped), and list what is left untranslated
i18n.py fill FILE    fill zh_CN.po msgstrs from a JSON {addon: {msgid: msgstr}} file
i18n.py missing      list untranslated terms of every addon
"""

import json
import os
import subprocess
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = [
    "crm_integrated",
    "member_loyalty",
    "service_ticket",
    "dingtalk_connector",
    "member_loyalty_pos",
]


def _paths(addon):
    base = os.path.join(ROOT, "addons", addon, "i18n")
    return os.path.join(base, f"{addon}.pot"), os.path.join(base, "zh_CN.po")


def export(db, *addons):
    for addon in addons or ADDONS:
        pot_path, po_path = _paths(addon)
        os.makedirs(os.path.dirname(pot_path), exist_ok=True)
        subprocess.run(
            [
                "bash",
                "-c",
                f'source "{ROOT}/tools/common.sh"; odoo_bin -d "{db}" '
                f'--i18n-export="{pot_path}" --modules={addon} --log-level=warn --stop-after-init',
            ],
            check=True,
        )
        pot = polib.pofile(pot_path)
        old = polib.pofile(po_path) if os.path.exists(po_path) else None
        known = {e.msgid: e.msgstr for e in old} if old else {}
        po = polib.POFile(wrapwidth=78)
        po.metadata = {
            "Project-Id-Version": "Odoo Server 18.0",
            "Language": "zh_CN",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
            "Plural-Forms": "",
        }
        for entry in pot:
            entry.msgstr = known.get(entry.msgid, "")
            po.append(entry)
        po.save(po_path)
    missing()


def fill(path):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    for addon, terms in data.items():
        _pot, po_path = _paths(addon)
        po = polib.pofile(po_path, wrapwidth=78)
        for entry in po:
            if entry.msgid in terms:
                entry.msgstr = terms[entry.msgid]
        po.save(po_path)
    missing()


def missing():
    left = {}
    for addon in ADDONS:
        _pot, po_path = _paths(addon)
        if not os.path.exists(po_path):
            continue
        todo = [e.msgid for e in polib.pofile(po_path) if not e.msgstr]
        if todo:
            left[addon] = dict.fromkeys(todo, "")
    print(json.dumps(left, ensure_ascii=False, indent=1))
    return 1 if left else 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["missing"]
    sys.exit({"export": export, "fill": fill, "missing": missing}[cmd](*args) or 0)
