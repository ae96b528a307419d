# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

from .test_security import CIM_ADDONS


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every user-facing string of our installed addons has a zh_CN translation."""

    def test_zh_cn_complete(self):
        installed = self.env["ir.module.module"].search(
            [("name", "in", CIM_ADDONS), ("state", "=", "installed")]
        )
        missing = []
        for module in installed.mapped("name"):
            po_path = os.path.join(get_module_path(module), "i18n", "zh_CN.po")
            self.assertTrue(os.path.exists(po_path), f"{po_path} is missing")
            po = polib.pofile(po_path)
            translated = {e.msgid for e in po if e.msgstr and not e.obsolete}
            reader = TranslationModuleReader(self.cr, [module], lang=None)
            for _mod, _type, _name, _res_id, source, *_rest in reader:
                if source and source.strip() and source not in translated:
                    missing.append(f"{module}: {source!r}")
        self.assertFalse(missing, "untranslated strings:\n" + "\n".join(sorted(set(missing))))
