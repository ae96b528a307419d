"""Data generator and benchmarks (called by tools/bench.sh).

main.py ODOO_ARGS... -- generate DB SCALE [SECTION,...]   (sections: add to an existing DB)
main.py ODOO_ARGS... -- bench CIM_DB VANILLA_DB SCALE OUT.json
main.py ODOO_ARGS... -- cron DB NAME           (one cron in its own process: time, memory)
"""

import cProfile
import gc
import importlib.util
import json
import logging
import os
import pstats
import resource
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from freezegun import freeze_time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.environ["ODOO_PATH"])

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

_logger = logging.getLogger("cim.bench")
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def registry(db):
    return odoo.modules.registry.Registry(db)


# ---------------------------------------------------------------------------- generate
def cmd_generate(db, scale, only=None):
    from perf.generate import Generator  # noqa: PLC0415

    with registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generator = Generator(env, scale)
        if only:
            stats = json.loads(env["ir.config_parameter"].get_param("cim.bench.stats", "{}"))
            stats.update(generator.resume(only.split(",")))
        else:
            stats = generator.run()
        env["ir.config_parameter"].set_param("cim.bench.stats", json.dumps(stats))
        env["ir.config_parameter"].set_param("cim.bench.scale", scale)
    print(json.dumps(stats, indent=1))
    return 0


# ------------------------------------------------------------------------------ helpers
class Case:
    """One operation measured in one database: ``prepare(env)`` returns the argument of
    ``run(env, arg)``; every repetition is rolled back, so each starts from the same data."""

    def __init__(self, db, prepare, run, user=None):
        self.db = db
        self.prepare = prepare
        self.run = run
        self.user = user
        self.times = []
        self.queries = []
        self.calls = 0

    def once(self, profile=False):
        """One timed repetition; with ``profile``, one untimed repetition that counts the
        Python function calls of the operation (the same on every run: the machine's noise
        does not move it)."""
        with registry(self.db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("SAVEPOINT bench")
            try:
                arg = self.prepare(env)
                env.flush_all()
                env.invalidate_all()
                # the operation is a request of its own, as in the web client: a new ORM
                # transaction (no cache, none of the preparation's environments) on the
                # same database transaction, which still sees the prepared data
                cr.transaction = None
                env = api.Environment(cr, SUPERUSER_ID, {})
                arg = rebind(arg, cr)
                gc.collect()  # the preparation's garbage is not collected during the run
                if profile:
                    profiler = cProfile.Profile()
                    profiler.runcall(lambda: (self.run(env, arg), env.flush_all()))
                    self.calls = sum(row[1] for row in pstats.Stats(profiler).stats.values())
                    return
                before = cr.sql_log_count
                started = time.perf_counter()
                self.run(env, arg)
                env.flush_all()
                self.times.append(time.perf_counter() - started)
                self.queries.append(cr.sql_log_count - before)
            finally:
                env.invalidate_all()
                cr.execute("ROLLBACK TO SAVEPOINT bench")
            cr.rollback()

    def summary(self):
        times = sorted(self.times[1:] or self.times)  # the first run warms caches
        q = statistics.median(self.queries[1:] or self.queries)
        return {
            "median_ms": round(statistics.median(times) * 1000, 2),
            "spread_ms": round(
                (times[int(len(times) * 0.9) - 1] - times[len(times) // 10]) * 1000, 2
            )
            if len(times) >= 3
            else 0.0,
            "queries": q,
            "calls": self.calls,
        }


def rebind(arg, cr):
    """The prepared records (or tuples of them) in the new transaction, for the same user."""
    if isinstance(arg, odoo.models.BaseModel):
        old = arg.env
        return arg.with_env(api.Environment(cr, old.uid, dict(old.context), su=old.su))
    if isinstance(arg, tuple):
        return tuple(rebind(item, cr) for item in arg)
    return arg


def interleave(cases, repeat=REPEAT):
    """Each repetition runs every case once, in turn; the order alternates, so that neither
    database always runs right after the other's preparation."""
    for index in range(repeat):
        for case in cases if index % 2 == 0 else cases[::-1]:
            case.once()
    for case in cases:
        case.once(profile=True)
    return [case.summary() for case in cases]


def first_customer(env):
    env.cr.execute(
        "SELECT id FROM res_partner WHERE customer_rank > 0 AND is_company ORDER BY id LIMIT 1"
    )
    return env["res.partner"].browse(env.cr.fetchone()[0])


def a_salesperson(env):
    return env["res.users"].search([("login", "=like", "sales%@bench.cn")], order="id", limit=1)


# ----------------------------------------------------------------------------- benchmarks
def bench_confirm_prepare(env):
    """A 10-line quotation of a salesperson for a member customer, ready to confirm."""
    partner = env["res.partner"].browse(member_customer(env))
    products = env["product.product"].search([("name", "like", "型号")], limit=10, order="id")
    user = a_salesperson(env)
    order = (
        env["sale.order"]
        .with_user(user)
        .create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": p.id, "product_uom_qty": 2}) for p in products
                ],
            }
        )
    )
    prepare_order_for_confirmation(order)
    return order


def bench_confirm(cim_db, vanilla_db):
    """1. Confirming a 10-line quotation for a member customer."""

    def run(env, order):
        order.action_confirm()

    prepare = bench_confirm_prepare
    return interleave([Case(cim_db, prepare, run), Case(vanilla_db, prepare, run)])


def bench_handoff(cim_db):
    """1b. What the hand-off job does right after the commit of that confirmation: the
    order's payment plan from its payment terms and the hand-off to-dos, of which Odoo
    tells each assignee (ours only: vanilla Odoo has neither)."""

    def prepare(env):
        # a company's usual set-up: the delivery team's to-do with the salesperson, and
        # finance's reminder three days before the first instalment
        staff = env["res.users"].search(
            [("login", "=like", "sales%@bench.cn")], order="id desc", limit=2
        )
        env["cim.handoff.action"].search([]).action_archive()
        env["cim.handoff.action"].create(
            [
                {"name": "新订单交接", "days": 2, "user_ids": [(6, 0, staff[:1].ids)],
                 "assign_salesperson": True},
                {"name": "首期回款提醒", "trigger": "first_instalment", "days": 3,
                 "user_ids": [(6, 0, staff[1:].ids)], "attach_documents": False},
            ]
        )  # fmt: skip
        order = bench_confirm_prepare(env)
        order.action_confirm()
        return order.sudo()

    def run(env, order):
        env["cim.handoff.action"]._cim_fire(order)

    case = Case(cim_db, prepare, run)
    (summary,) = interleave([case])
    return summary


def member_customer(env):
    """A customer holding a card of the member programme. With member tiers, a member of
    the highest tier: the confirmation then runs the tier check without the rare upgrade
    (its e-mail and to-do are measured by no benchmark)."""
    order = "id"
    if "loyalty.member.tier" in env:
        order = (
            "(SELECT t.sequence FROM loyalty_member_tier t WHERE t.id = c.tier_id) DESC "
            "NULLS LAST, c.id"
        )
    env.cr.execute(
        f"SELECT c.partner_id FROM loyalty_card c WHERE c.partner_id IS NOT NULL ORDER BY {order} "
        "LIMIT 1"
    )
    row = env.cr.fetchone()
    return row[0] if row else first_customer(env).id


def prepare_order_for_confirmation(order):
    """What happens before confirming in our product, when the approval mechanism is
    installed: a rule requires one approval step of the sales managers for every quotation;
    the salesperson requests it and a manager approves it, so that the confirmation
    measured runs the approval check (satisfied), the payment plan and the hand-off."""
    env = order.env
    if "cim.approval.rule" not in env:
        return
    admin = env.ref("base.user_admin")
    for user in admin | order.user_id:  # decisions are posted in the chatter by their authors
        if not user.email:
            user.partner_id.sudo().email = f"{user.login.split('@')[0]}@bench.cn"
    rule = (
        env["cim.approval.rule"]
        .sudo()
        .create(
            {
                "name": "bench",
                "sequence": 0,
                "step_ids": [
                    (0, 0, {"name": "销售经理", "approver_type": "user",
                            "user_ids": [(6, 0, admin.ids)]})
                ],
            }
        )
    )  # fmt: skip
    order.action_cim_request_approval()
    order.cim_approval_request_id.with_user(admin)._cim_decide(True, "同意")
    assert not order._cim_approval_missing(), f"{order.name}: approval not satisfied ({rule})"


def bench_lead(cim_db, vanilla_db):
    """2. Creating a lead through the API (duplicate guard + assignment rules)."""
    counter = {"n": 0}

    def prepare(env):
        counter["n"] += 1
        return a_salesperson(env)

    def run(env, user):
        n = counter["n"]
        env["crm.lead"].with_user(user).create(
            {
                "name": f"基准询价{n}",
                "partner_name": f"基准全新企业{n}有限公司",
                "contact_name": "赵先生",
                "mobile": f"+86 199 0000 {n:04d}",
                "email_from": f"bench{n}@example.cn",
                "expected_revenue": 80000,
            }
        )

    return interleave([Case(cim_db, prepare, run), Case(vanilla_db, prepare, run)])


def bench_customer_list(cim_db, vanilla_db):
    """7. A salesperson opens the customer list: the web client's first page (80 by name)
    with its count (up to 10,001 rows, as the list view asks), under the salesperson's
    record rules: in our database only their scope, in vanilla Odoo every partner."""

    def prepare(env):
        return a_salesperson(env)

    def run(env, user):
        env["res.partner"].with_user(user).web_search_read(
            [("customer_rank", ">", 0)],
            {"complete_name": {}, "phone": {}, "email": {}, "city": {}, "user_id": {
                "fields": {"display_name": {}}}},
            limit=80,
            count_limit=10001,
        )  # fmt: skip

    return interleave([Case(cim_db, prepare, run), Case(vanilla_db, prepare, run)])


def form_spec(env, model):
    """The web client's read specification of the model's default form view."""
    views = env[model].get_views([(False, "form")])
    fields_info = views["models"][model]["fields"]
    spec = {}
    for name, info in fields_info.items():
        if info["type"] in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def bench_360(cim_db):
    """3. Opening the customer 360 view of a customer with a long history."""

    def prepare_heavy(env):
        env.cr.execute("SELECT id FROM res_partner WHERE name LIKE '%%(重点客户)' LIMIT 1")
        return env["res.partner"].browse(env.cr.fetchone()[0]), form_spec(env, "res.partner")

    def prepare_light(env):
        env.cr.execute(
            """SELECT p.id FROM res_partner p WHERE p.customer_rank > 0 AND p.is_company
                AND NOT EXISTS (SELECT 1 FROM sale_order o WHERE o.partner_id = p.id)
                ORDER BY p.id DESC LIMIT 1"""
        )
        return env["res.partner"].browse(env.cr.fetchone()[0]), form_spec(env, "res.partner")

    def run(env, arg):
        partner, spec = arg
        partner.web_read(spec)

    heavy, light = interleave([Case(cim_db, prepare_heavy, run), Case(cim_db, prepare_light, run)])
    with registry(cim_db).cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM sale_order WHERE partner_id = "
            "(SELECT id FROM res_partner WHERE name LIKE '%%(重点客户)' LIMIT 1)"
        )
        orders = cr.fetchone()[0]
        tickets = 0
        cr.execute("SELECT to_regclass('service_ticket')")
        if cr.fetchone()[0]:
            cr.execute(
                "SELECT count(*) FROM service_ticket WHERE partner_id = "
                "(SELECT id FROM res_partner WHERE name LIKE '%%(重点客户)' LIMIT 1)"
            )
            tickets = cr.fetchone()[0]
    return heavy, light, orders, tickets


def bench_ticket(cim_db):
    """5. Creating a ticket (with auto-dispatch when configured) over all the engineers."""

    def prepare(env):
        if "service.ticket" not in env:
            return None
        env.cr.execute("SELECT count(*) FROM res_users WHERE login LIKE 'eng%%@bench.cn'")
        return env.cr.fetchone()[0], first_customer(env)

    def run(env, arg):
        if arg:
            env["service.ticket"].create(
                {"name": "设备异响，需上门检修", "partner_id": arg[1].id, "priority": "1"}
            )

    case = Case(cim_db, prepare, run)
    interleave([case])
    with registry(cim_db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        engineers = prepare(env)
    return dict(case.summary(), engineers=engineers[0] if engineers else 0)


CRONS = {
    "pool_recycle": ("crm.customer.pool", "_cron_recycle"),
    "stale_reminders": ("crm.stale.rule", "_cron_stale_reminders"),
    "customer_value": ("res.partner", "_cron_customer_value"),
    "sla_escalation": ("service.ticket.sla.status", "_cron_sla_check"),
    "tier_evaluation": ("loyalty.card", "_cron_evaluate_tiers"),
    "points_expiry": ("loyalty.history", "_cron_expire_points"),
}


def catch_up_values(env):
    """The measured run is one day's work however old the data is: values last computed
    before yesterday (data generated days ago) are first brought to yesterday, untimed, as
    the generator leaves them (on this throw-away copy only)."""
    env.cr.execute("SELECT max(cim_value_date) FROM res_partner")
    last = env.cr.fetchone()[0]
    yesterday = odoo.fields.Datetime.now() - timedelta(days=1)
    if last and last.date() < yesterday.date():
        with freeze_time(yesterday):
            env["res.partner"]._cim_compute_customer_value()
            env.flush_all()


def cmd_cron(db, name):
    model, method = CRONS[name]
    with registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if model not in env or not hasattr(env[model], method):
            print("CRON_RESULT " + json.dumps({"skipped": True}))
            return 0
        if name == "customer_value":
            catch_up_values(env)
        cr.execute("SELECT count(*) FROM mail_activity")
        activities = cr.fetchone()[0]
        before = work_counts(env)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        run_start = odoo.fields.Datetime.now().replace(microsecond=0)
        started = time.perf_counter()
        getattr(env[model], method)()
        env.flush_all()
        seconds = time.perf_counter() - started
        cr.execute("SELECT count(*) FROM mail_activity")
        activities = cr.fetchone()[0] - activities
        touched = 0
        if "crm.customer.pool.log" in env:
            cr.execute("SELECT count(*) FROM crm_customer_pool_log")
            touched = cr.fetchone()[0]
        valued = changed = 0
        if "cim_value_date" in env["res.partner"]._fields:
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE cim_value_date >= %s) FROM res_partner "
                "WHERE cim_value_date IS NOT NULL",
                [run_start],
            )
            valued, changed = cr.fetchone()
        work = {key: count - before.get(key, 0) for key, count in work_counts(env).items()}
        cr.commit()
    result = {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_mib": round(rss_before / 1024, 1),
        "activities_created": activities,
        "pool_log_rows": touched,
        "customers_valued": valued,
        "customers_changed": changed,
        **work,
    }
    print("CRON_RESULT " + json.dumps(result))
    return 0


WORK_QUERIES = {
    # what the member and service crons did, counted in their tables
    "tier_changes": ("loyalty.tier.history", "SELECT count(*) FROM loyalty_tier_history"),
    "expiry_lines": (
        "loyalty.history",
        "SELECT count(*) FROM loyalty_history WHERE kind = 'expire'",
    ),
    "sla_warned_or_escalated": (
        "service.ticket.sla.status",
        "SELECT count(*) FROM service_ticket_sla_status "
        "WHERE warned_date IS NOT NULL OR escalated_date IS NOT NULL",
    ),
}


def work_counts(env):
    counts = {}
    for key, (model, query) in WORK_QUERIES.items():
        if model in env and (key != "expiry_lines" or "kind" in env[model]._fields):
            env.cr.execute(query)
            counts[key] = env.cr.fetchone()[0]
    return counts


def run_crons(db):
    """4. Each cron in its own process on a throw-away copy of the database."""
    results = {}
    odoo.sql_db.close_db(db)  # a template database must have no other session
    for name in CRONS:
        copy = f"{db}_cron"
        subprocess.run(["dropdb", "--if-exists", copy], check=True)
        subprocess.run(["createdb", "-T", db, copy], check=True)
        try:
            out = subprocess.run(
                [sys.executable, __file__, *sys.argv[1 : sys.argv.index("--")], "--", "cron",
                 copy, name],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            line = [x for x in out.stdout.splitlines() if x.startswith("CRON_RESULT ")]
            results[name] = json.loads(line[-1][12:]) if line else {"error": out.stderr[-2000:]}
        finally:
            subprocess.run(["dropdb", "--if-exists", copy], check=False)
    return results


def bench_outbox(db, robots=500, per_robot=20):
    """6. Draining 10^4 queued DingTalk messages against the local DingTalk server: one
    request in ten is throttled on the first pass (retried after the backoff, whose wait
    is skipped by moving the due date), then counts duplicates, losses and the per-robot
    rate seen by the server."""
    # loaded by path: importing the addon's tests package would load Odoo's test framework
    server_py = odoo.tools.misc.file_path("dingtalk_connector/tests/dingtalk_server.py")
    spec = importlib.util.spec_from_file_location("cim_bench_dingtalk_server", server_py)
    server_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server_module)
    FakeDingtalk = server_module.FakeDingtalk

    class Throttling(FakeDingtalk):
        def __init__(self, secrets):
            super().__init__(secrets)
            self.calls = 0
            self.accepted = []  # (msgUuid, robot token, time)
            self.lock = threading.Lock()

        def dispatch(self, method, path, query, headers, body):
            if path != "/robot/send":
                return super().dispatch(method, path, query, headers, body)
            with self.lock:
                self.calls += 1
                throttled = self.throttle and self.calls % 10 == 0
            if throttled:
                return 200, {"errcode": 130101, "errmsg": "send too fast"}
            status, result = super().dispatch(method, path, query, headers, body)
            if status == 200 and not result.get("errcode"):
                self.accepted.append(
                    ((body or {}).get("msgUuid"), query.get("access_token"), time.time())
                )
            return status, result

    copy = f"{db}_outbox"
    odoo.sql_db.close_db(db)
    subprocess.run(["dropdb", "--if-exists", copy], check=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    tokens = {f"tok{i:04d}": f"SEC{i:04d}" for i in range(robots)}
    fake = Throttling(tokens)
    fake.throttle = True
    result = {}
    try:
        with fake, registry(copy).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if "dingtalk.outbox" not in env:
                return {"skipped": True}
            Robot = env["dingtalk.robot"]
            bots = Robot.create(
                [
                    {"name": f"群机器人{i}", "webhook_url": fake.url(t), "secret": s}
                    for i, (t, s) in enumerate(tokens.items())
                ]
            )
            started = time.perf_counter()
            for bot in bots:
                for n in range(per_robot):
                    bot._enqueue_markdown(f"基准消息{n}", f"### 第{n}条\n客户成交通知")
            cr.commit()
            queued = time.perf_counter() - started
            Outbox = env["dingtalk.outbox"]
            started = time.perf_counter()
            passes = 0
            while True:
                passes += 1
                due = Outbox._cron_send(batch_size=1000)
                cr.commit()
                if not due:
                    cr.execute("SELECT count(*) FROM dingtalk_outbox WHERE state = 'queued'")
                    if not cr.fetchone()[0]:
                        break
                    # the backoff wait, skipped: what is left becomes due now
                    fake.throttle = False
                    cr.execute(
                        "UPDATE dingtalk_outbox SET next_attempt = now() at time zone 'utc' "
                        "WHERE state = 'queued'"
                    )
                    cr.commit()
                    env.invalidate_all()
            drained = time.perf_counter() - started
            cr.execute("SELECT state, count(*) FROM dingtalk_outbox GROUP BY state")
            states = dict(cr.fetchall())
        uuids = [u for u, _t, _ts in fake.accepted]
        per_minute = {}
        for _u, token, ts in fake.accepted:
            per_minute.setdefault((token, int(ts // 60)), 0)
            per_minute[(token, int(ts // 60))] += 1
        total = robots * per_robot
        result = {
            "messages": total,
            "queue_seconds": round(queued, 1),
            "drain_seconds": round(drained, 1),
            "sent_per_second": round(states.get("sent", 0) / drained, 1),
            "requests": fake.calls,
            "throttled_and_retried": fake.calls - len(uuids),
            "duplicates": len(uuids) - len(set(uuids)),
            "lost": total - len(set(uuids)),
            "states": states,
            "max_per_robot_per_minute": max(per_minute.values()) if per_minute else 0,
            "cron_passes": passes,
        }
    finally:
        odoo.sql_db.close_db(copy)
        subprocess.run(["dropdb", "--if-exists", copy], check=False)
    return result


# --------------------------------------------------------------------------------- report
def cmd_bench(cim_db, vanilla_db, scale, out):
    results = {"scale": scale, "repeat": REPEAT}
    with registry(cim_db).cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'cim.bench.stats'")
        results["data"] = json.loads(cr.fetchone()[0])
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))

    def wanted(key):
        return not only or key in only

    if wanted("confirm_order"):
        ours, vanilla = bench_confirm(cim_db, vanilla_db)
        results["confirm_order"] = {"ours": ours, "vanilla": vanilla}
    if wanted("handoff"):
        results["handoff"] = bench_handoff(cim_db)
    if wanted("create_lead"):
        ours, vanilla = bench_lead(cim_db, vanilla_db)
        results["create_lead"] = {"ours": ours, "vanilla": vanilla}
    if wanted("customer_list"):
        ours, vanilla = bench_customer_list(cim_db, vanilla_db)
        results["customer_list"] = {"ours": ours, "vanilla": vanilla}
    if wanted("customer_360"):
        heavy, light, orders, tickets = bench_360(cim_db)
        results["customer_360"] = {
            "heavy": heavy,
            "light": light,
            "heavy_orders": orders,
            "heavy_tickets": tickets,
        }
    if wanted("create_ticket"):
        results["create_ticket"] = bench_ticket(cim_db)
    if wanted("crons"):
        results["crons"] = run_crons(cim_db)
    if wanted("dingtalk_outbox"):
        results["dingtalk_outbox"] = bench_outbox(cim_db)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1, ensure_ascii=False)
    print_table(results)
    return 0


def print_table(r):
    rows = []
    for key, label in (("confirm_order", "1. confirm 10-line quotation"),
                       ("create_lead", "2. create lead (API)"),
                       ("customer_list", "7. salesperson's customer list")):  # fmt: skip
        if key not in r:
            continue
        ours, van = r[key]["ours"], r[key]["vanilla"]
        rows.append(
            (label, f"{ours['median_ms']} ±{ours['spread_ms']}", f"{van['median_ms']}",
             f"{ours['median_ms'] / van['median_ms']:.2f}×",
             f"{ours['calls'] / van['calls']:.2f}×" if ours.get("calls") else "",
             f"{ours['queries']}",
             f"{van['queries']}", f"{ours['queries'] - van['queries']:+}")
        )  # fmt: skip
    if "handoff" in r:
        h = r["handoff"]
        rows.insert(
            1 if "confirm_order" in r else 0,
            ("1b. its hand-off job (plan, to-dos)", f"{h['median_ms']} ±{h['spread_ms']}",
             "", "", "", f"{h['queries']}", "", ""),
        )  # fmt: skip
    if "customer_360" in r:
        c = r["customer_360"]
        rows.append(
            (f"3. 360 view ({c['heavy_orders']} orders, {c['heavy_tickets']} tickets)",
             f"{c['heavy']['median_ms']} ±"
             f"{c['heavy']['spread_ms']}", f"light: {c['light']['median_ms']}", "", "",
             f"{c['heavy']['queries']}", f"light: {c['light']['queries']}",
             f"{c['heavy']['queries'] - c['light']['queries']:+}")
        )  # fmt: skip
    if "create_ticket" in r:
        t = r["create_ticket"]
        rows.append(
            (f"5. create ticket ({t['engineers']} engineers)", f"{t['median_ms']} ±"
             f"{t['spread_ms']}", "", "", "", f"{t['queries']}", "", "")
        )  # fmt: skip
    head = ("benchmark", "ours ms (median ±p10-p90)", "vanilla ms", "ratio", "calls ratio",
            "ours q", "vanilla q", "Δq")  # fmt: skip
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    print(f"\nscale {r['scale']}: {json.dumps(r['data'])}")
    for line in [head, *rows]:
        print(" | ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)))
    if "crons" in r:
        print("\n4. crons (own process, copy of the database):")
        for name, res in r["crons"].items():
            print(f"  {name}: {json.dumps(res)}")
    if "dingtalk_outbox" in r:
        print(f"\n6. DingTalk outbox: {json.dumps(r['dingtalk_outbox'])}")


def main(argv):
    split = argv.index("--")
    odoo.tools.config.parse_config(argv[:split])
    odoo.netsvc.init_logger()
    cmd, *args = argv[split + 1 :]
    return {"generate": cmd_generate, "bench": cmd_bench, "cron": cmd_cron}[cmd](*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
