"""Cross-addon checks of the repository itself: layout, manifests, translations, pins."""

import ast
import csv
import os
import re
import subprocess
import sys

import polib
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ["crm_integrated", "member_loyalty", "service_ticket", "dingtalk_connector"]
# bridges join two apps and install with them: no models, groups or menus of their own
BRIDGES = ["member_loyalty_pos"]


def manifest(addon):
    with open(os.path.join(ROOT, "addons", addon, "__manifest__.py"), encoding="utf-8") as fh:
        return ast.literal_eval(fh.read())


@pytest.mark.parametrize("addon", ADDONS + BRIDGES)
def test_manifest(addon):
    m = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", m["version"])
    assert m["license"] == "LGPL-3"
    for key in ("name", "summary", "category", "author", "website", "depends", "data"):
        assert m.get(key), key
    for path in m["data"] + m.get("demo", []):
        assert os.path.exists(os.path.join(ROOT, "addons", addon, path)), path
    if addon in BRIDGES:
        assert m["auto_install"] is True
        assert any(dep in ADDONS for dep in m["depends"])
        return
    if addon != "crm_integrated":
        assert "crm_integrated" in m["depends"]
    # groups, then access rights, then rules, then the rest
    assert m["data"][0].endswith("_groups.xml")
    assert m["data"][1] == "security/ir.model.access.csv"


@pytest.mark.parametrize("addon", ADDONS + BRIDGES)
def test_addon_layout(addon):
    base = os.path.join(ROOT, "addons", addon)
    paths = [
        "static/description/icon.png",
        "readme/DESCRIPTION.md",
        "readme/CONFIGURE.md",
        "readme/USAGE.md",
        f"i18n/{addon}.pot",
        "i18n/zh_CN.po",
        "tests/__init__.py",
    ]
    if addon in ADDONS:
        paths += ["security/ir.model.access.csv", "views/menus.xml"]
    for path in paths:
        assert os.path.exists(os.path.join(base, path)), path
    # every test file is imported by tests/__init__.py
    with open(os.path.join(base, "tests", "__init__.py"), encoding="utf-8") as fh:
        imported = set(re.findall(r"from \. import (\w+)", fh.read()))
    files = {f[:-3] for f in os.listdir(os.path.join(base, "tests")) if f.startswith("test_")}
    assert files == imported
    # one model per file: every model file is imported
    with open(os.path.join(base, "models", "__init__.py"), encoding="utf-8") as fh:
        imported = set(re.findall(r"from \. import (\w+)", fh.read()))
    files = {f[:-3] for f in os.listdir(os.path.join(base, "models")) if f != "__init__.py"}
    assert files <= imported | {"__pycache__"}


@pytest.mark.parametrize("addon", ADDONS)
def test_access_rights_reference_groups(addon):
    path = os.path.join(ROOT, "addons", addon, "security", "ir.model.access.csv")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["group_id:id"], f"{row['id']} grants access to everyone"


@pytest.mark.parametrize("addon", ADDONS + BRIDGES)
def test_zh_cn_translates_the_template(addon):
    base = os.path.join(ROOT, "addons", addon, "i18n")
    pot = polib.pofile(os.path.join(base, f"{addon}.pot"))
    po = polib.pofile(os.path.join(base, "zh_CN.po"))
    translated = {e.msgid for e in po if e.msgstr}
    missing = [e.msgid for e in pot if e.msgid not in translated]
    assert not missing
    for entry in po:
        # placeholders survive translation
        assert set(re.findall(r"%\(\w+\)s", entry.msgid)) == set(
            re.findall(r"%\(\w+\)s", entry.msgstr)
        ), entry.msgid


def test_readme_rst_up_to_date():
    proc = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout


def test_requirements_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        with open(os.path.join(ROOT, name), encoding="utf-8") as fh:
            for raw in fh:
                req = raw.split("#")[0].strip()
                if req:
                    assert "==" in req, f"{name}: {req} is not pinned"
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as fh:
        text = fh.read().lower()
    for needed in ("phonenumbers", "websocket-client", "xlsxwriter", "requests", "pytz"):
        assert needed in text
