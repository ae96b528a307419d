"""Create a database the way Odoo's database manager does, in Chinese for China.

Usage (with the project's virtualenv and Odoo on sys.path, called by tools/run.sh):
    create_db.py ODOO_ARGS... -- DBNAME LANG COUNTRY [nodemo]

The company gets the country and its currency *before* any accounting module is
installed (so the Chinese chart of accounts and CNY are used), the language is loaded
and made the admin's, and the users' time zone is the country's (Asia/Shanghai).
"""

import os
import sys


def main(argv):
    split = argv.index("--")
    odoo_args, (dbname, lang, country, *flags) = argv[:split], argv[split + 1 :]
    sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 (found through ODOO_PATH at run time)
    from odoo.service import db as db_service  # noqa: PLC0415

    odoo.tools.config.parse_config(odoo_args)
    odoo.netsvc.init_logger()
    if db_service.exp_db_exist(dbname):
        print(f"database {dbname} exists")
        return 0
    db_service.exp_create_database(
        dbname,
        "nodemo" not in flags,
        lang,
        user_password="admin",
        login="admin",
        country_code=country,
    )
    # _initialize_db logs and swallows its errors: check the result
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        company = env.ref("base.main_company")
        if admin.lang != lang or company.country_id.code != country:
            print(f"database {dbname} was not initialised (see the log above)")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
