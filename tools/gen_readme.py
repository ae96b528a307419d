"""Build each addon's README.rst from its readme/ fragments (like oca-gen-addon-readme).

gen_readme.py           write README.rst of every addon
gen_readme.py --check   exit 1 if a README.rst is missing or out of date
"""

import ast
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]


def _rst_inline(text):
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)


def render(addon_dir):
    with open(os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8") as fh:
        manifest = ast.literal_eval(fh.read())
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), "", manifest["summary"], ""]
    out += [f"**Version** {manifest['version']} · **License** {manifest['license']}", ""]
    out += [".. contents::", "   :local:", ""]
    for fragment, heading in SECTIONS:
        path = os.path.join(addon_dir, "readme", fragment)
        if not os.path.exists(path):
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        with open(path, encoding="utf-8") as fh:
            out += [_rst_inline(fh.read().strip()), ""]
    out += ["Credits", "=======", "", f"Authors: {manifest['author']}", ""]
    return "\n".join(out)


def main(check=False):
    stale = []
    addons_dir = os.path.join(ROOT, "addons")
    for addon in sorted(os.listdir(addons_dir)):
        addon_dir = os.path.join(addons_dir, addon)
        if not os.path.exists(os.path.join(addon_dir, "__manifest__.py")):
            continue
        target = os.path.join(addon_dir, "README.rst")
        text = render(addon_dir)
        current = open(target, encoding="utf-8").read() if os.path.exists(target) else None
        if current != text:
            stale.append(addon)
            if not check:
                with open(target, "w", encoding="utf-8") as fh:
                    fh.write(text)
    if check and stale:
        print("README.rst out of date (run tools/gen_readme.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
