# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

# Lead channels Chinese companies use, created when missing (utm.source names are unique
# and not translated: they are the company's own data).
LEAD_SOURCES = ["展会", "微信", "转介绍", "网络广告", "官网表单", "电话咨询"]


def post_init_hook(env):
    env["crm.stage"]._cim_seed_sales_stages()
    Source = env["utm.source"]
    existing = set(Source.search([("name", "in", LEAD_SOURCES)]).mapped("name"))
    Source.create([{"name": name} for name in LEAD_SOURCES if name not in existing])
