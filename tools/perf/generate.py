"""Fill a database with realistic Chinese data at scale S, M or L, reproducibly.

Sections run only when their models are installed, so the same generator fills a
database with our addons and a vanilla Odoo one (crm + sale_management + sale_loyalty)
with the same customers, leads and orders, for ratios measured in the same run.
"""

import logging
import random
import time
from datetime import datetime, timedelta

from freezegun import freeze_time
from stdnum.cn import uscc as stdnum_uscc

from . import bulk

_logger = logging.getLogger("cim.generate")

_KEYS = ("customers", "leads", "lines", "ledger", "tickets", "salespeople", "engineers")
SCALES = {
    "XS": dict(zip(_KEYS, (2_000, 4_000, 2_000, 4_000, 200, 10, 20), strict=True)),
    "S": dict(zip(_KEYS, (10_000, 20_000, 10_000, 20_000, 1_000, 50, 50), strict=True)),
    "M": dict(zip(_KEYS, (100_000, 200_000, 100_000, 200_000, 10_000, 200, 100), strict=True)),
    "L": dict(zip(_KEYS, (10**6, 2 * 10**6, 10**6, 2 * 10**6, 100_000, 500, 200), strict=True)),
}
HEAVY_ORDERS = 10_000  # the customer whose 360 view is measured
HEAVY_TICKETS = 1_000
LINES_PER_ORDER = 5

CITIES = [
    ("山东", "潍坊", 36.71, 119.16),
    ("山东", "济南", 36.65, 117.12),
    ("山东", "青岛", 36.07, 120.38),
    ("江苏", "苏州", 31.30, 120.58),
    ("江苏", "南京", 32.06, 118.80),
    ("浙江", "杭州", 30.27, 120.15),
    ("浙江", "宁波", 29.87, 121.55),
    ("广东", "广州", 23.13, 113.26),
    ("广东", "深圳", 22.54, 114.06),
    ("河北", "石家庄", 38.04, 114.51),
    ("河南", "郑州", 34.75, 113.62),
    ("湖北", "武汉", 30.59, 114.31),
    ("四川", "成都", 30.57, 104.07),
    ("陕西", "西安", 34.34, 108.94),
    ("辽宁", "沈阳", 41.80, 123.43),
    ("北京", "北京", 39.90, 116.41),
    ("上海", "上海", 31.23, 121.47),
    ("天津", "天津", 39.34, 117.36),
]
WORDS = (
    "鸿达 恒信 华泰 金源 瑞丰 宏图 东方 新华 联合 长城 "
    "盛世 永安 天成 博远 中联 海川 嘉禾 凯瑞 同创 锦程"
).split()
TRADES = "机械制造 重工 精密机械 液压设备 环保科技 农业装备 汽车配件 电气 包装机械 工程机械".split()
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗".split()
GIVEN = "伟 芳 娜 敏 静 强 磊 军 洋 勇 艳 杰 涛 明 超 秀英 建华 志强 海燕 晓东".split()


class Generator:
    def __init__(self, env, scale, seed=20261122):
        self.env = env
        self.cr = env.cr
        self.size = SCALES[scale]
        self.rng = random.Random(seed)
        # draws made only when our addons are installed: the data both databases share
        # stays the same
        self.addon_rng = random.Random(seed + 1)
        # dates are relative to the generation day, so the crons find today's work
        self.now = datetime.now().replace(microsecond=0)
        self.stats = {}

    def resume(self, names):
        """Run some sections on a database generated earlier (e.g. after an addon was
        installed): the customers are found again by their generated tax ids."""
        self.cr.execute(
            "SELECT min(id), count(*) FROM res_partner WHERE vat LIKE '91370700%%' AND is_company"
        )
        self.first_partner, self.partner_count = self.cr.fetchone()
        self.heavy_partner = self.first_partner + 1
        for name in names:
            t0 = time.time()
            count = getattr(self, name)()
            self.stats[name] = {"rows": count, "seconds": round(time.time() - t0, 1)}
            self.cr.commit()
        self.cr.execute("ANALYZE")
        return self.stats

    def has(self, model):
        return model in self.env

    def progress(self, table, done, total):
        if done == total or done % 200_000 == 0:
            _logger.info("%s: %s/%s", table, done, total)

    def run(self):
        started = time.time()
        steps = [
            self.users,
            self.partners,
            self.leads,
            self.orders,
            self.heavy_customer,
            self.members,
            self.engineers,
            self.tickets,
            self.followers,
            self.values,
        ]
        for step in steps:
            t0 = time.time()
            count = step()
            self.stats[step.__name__] = {"rows": count, "seconds": round(time.time() - t0, 1)}
            _logger.info("%s: %s rows in %.1fs", step.__name__, count, time.time() - t0)
            self.cr.commit()
        self.cr.execute("ANALYZE")
        self.stats["total_seconds"] = round(time.time() - started, 1)
        return self.stats

    # ------------------------------------------------------------------ people
    def person(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def users(self):
        env = self.env
        sales_group = env.ref("crm_integrated.crm_integrated_group_user", raise_if_not_found=False)
        sales_group = sales_group or env.ref("sales_team.group_sale_salesman")
        count = self.size["salespeople"]
        users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        self.salespeople = users.create(
            [
                {
                    "name": f"{self.person()}{i:03d}",
                    "login": f"sales{i:04d}@bench.cn",
                    "groups_id": [(6, 0, [sales_group.id, env.ref("base.group_user").id])],
                    "tz": "Asia/Shanghai",
                }
                for i in range(count)
            ]
        )
        teams = env["crm.team"].create(
            [
                {
                    "name": f"销售{i + 1}组",
                    "user_id": self.salespeople[i * 10].id,
                    "member_ids": [(6, 0, self.salespeople[i * 10 : i * 10 + 10].ids)],
                }
                for i in range((count + 9) // 10)
            ]
        )
        self.team_of = {}
        for team in teams:
            for user in team.member_ids:
                self.team_of[user.id] = team.id
        self.pools = []
        if self.has("crm.customer.pool"):
            self.pools = (
                env["crm.customer.pool"]
                .create(
                    [
                        {
                            "name": f"公海{i + 1}",
                            "team_ids": [(6, 0, teams[i * 5 : i * 5 + 5].ids)],
                            "followup_days": 30,
                            "won_days": 90,
                        }
                        for i in range((len(teams) + 4) // 5)
                    ]
                )
                .ids
            )
        return count + len(teams) + len(self.pools)

    # --------------------------------------------------------------- customers
    def partners(self):
        env = self.env
        count = self.size["customers"]
        china = env.ref("base.cn")
        states = {
            s.name: s.id for s in env["res.country.state"].search([("country_id", "=", china.id)])
        }
        levels = env["crm.customer.level"].search([]).ids if self.has("crm.customer.level") else []
        normalize = None
        if self.has("crm.customer.level"):
            from odoo.addons.crm_integrated.utils import normalize  # noqa: PLC0415
        words = normalize.noise_words(normalize.DEFAULT_NOISE_WORDS) if normalize else None
        proto = env["res.partner"].create(
            {"name": "原型客户有限公司", "is_company": True, "country_id": china.id}
        )
        sales = self.salespeople.ids
        rng = self.rng
        now = self.now
        self.customer_cities = []

        def row(i, new_id):
            province, city, lat, lng = CITIES[i % len(CITIES)]
            name = f"{city}{rng.choice(WORDS)}{rng.choice(TRADES)}{i:07d}有限公司"
            body = f"91370700{i:09d}"
            code = body + stdnum_uscc.calc_check_digit(body)
            mobile = f"+86 13{i % 10}{i:08d}"
            email = f"c{i}@kehu{i % 997}.cn"
            in_pool = self.pools and i % 10 < 3
            user = None if in_pool else sales[i % len(sales)]
            created = now - timedelta(days=rng.randint(200, 1500))
            # follow-ups spread over the last 32 days and a 30-day recycle rule: about one
            # owned customer in 16 is due (two days of work for the recycle cron)
            followup = now - timedelta(days=rng.randint(0, 32), hours=rng.randint(0, 23))
            claim = followup - timedelta(days=rng.randint(0, 60))
            recycle = min(followup.date() + timedelta(days=30), claim.date() + timedelta(days=90))
            self.customer_cities.append(
                (lat + rng.uniform(-0.2, 0.2), lng + rng.uniform(-0.2, 0.2))
            )
            values = {
                "name": name,
                "complete_name": name,
                "commercial_partner_id": new_id,
                "vat": code,
                "mobile": mobile,
                "phone": f"0536-8{i % 10000000:07d}",
                "email": email,
                "email_normalized": email,
                "city": city,
                "state_id": states.get(province),
                "user_id": user,
                "team_id": self.team_of.get(user) if user else None,
                "customer_rank": 1,
                "create_date": created,
                "write_date": created,
                "partner_latitude": self.customer_cities[-1][0],
                "partner_longitude": self.customer_cities[-1][1],
            }
            if normalize:
                values.update(
                    {
                        "cim_uscc_key": code,
                        "cim_mobile_key": mobile.replace(" ", ""),
                        "cim_phone_key": None,
                        "cim_email_key": email,
                        "cim_name_key": normalize.name_key(name, words),
                        "customer_level_id": levels[i % len(levels)] if levels else None,
                        "cim_pool_id": self.pools[i % len(self.pools)] if self.pools else None,
                        "cim_claim_date": None if in_pool else claim,
                        "cim_last_followup": None if in_pool else followup,
                        "cim_recycle_date": None if in_pool else recycle,
                        # owners were warned on earlier days (3 days ahead); the cron warns
                        # those entering the window today
                        "cim_recycle_warned_for": recycle
                        if not in_pool and recycle < now.date() + timedelta(days=3)
                        else None,
                    }
                )
            return values

        self.first_partner = bulk.clone(env, proto, count, row, self.progress)
        self.partner_count = count
        return count

    def partner_id(self, index):
        return self.first_partner + index % self.partner_count

    # ------------------------------------------------------------------- leads
    def leads(self):
        env = self.env
        count = self.size["leads"]
        stages = env["crm.stage"].search([])
        won = stages.filtered("is_won")[:1]
        open_stages = (stages - won).ids
        proto = env["crm.lead"].create({"name": "原型线索", "type": "opportunity"})
        stale_days = 14
        if self.has("crm.stale.rule"):
            env["crm.stale.rule"].create({"name": "重要商机14天未跟进", "days": stale_days})
        sales = self.salespeople.ids
        rng = self.rng
        now = self.now

        def row(i, new_id):
            partner = self.partner_id(i)
            user = sales[i % len(sales)]
            is_opp = i % 2 == 0
            is_won = is_opp and i % 10 == 0
            created = now - timedelta(days=rng.randint(91, 700))
            anchor = now - timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 23))
            values = {
                "name": f"询价-{i:08d}",
                "type": "opportunity" if is_opp else "lead",
                "partner_id": partner if is_opp else None,
                "contact_name": self.person(),
                "partner_name": None if is_opp else f"新客户{i:08d}有限公司",
                "email_from": f"lead{i}@xunjia.cn",
                "email_normalized": f"lead{i}@xunjia.cn",
                "phone": f"0531-{i % 100000000:08d}",
                "user_id": user,
                "team_id": self.team_of.get(user),
                "stage_id": won.id if is_won else open_stages[i % len(open_stages)],
                "probability": 100 if is_won else rng.choice([10, 20, 40, 60, 80]),
                "expected_revenue": rng.randint(1, 200) * 5000,
                "date_open": created,
                "date_closed": created + timedelta(days=30) if is_won else None,
                "date_last_stage_update": created,
                "create_date": created,
                "write_date": created,
                "active": True,
                "cim_last_followup": anchor if is_opp else None,
                # anchors spread over 90 days; those stale before yesterday were reminded on
                # earlier days, so the cron finds about a day's worth of newly stale ones
                "cim_followup_anchor": anchor,
                "cim_stale_reminded": is_opp and anchor < now - timedelta(days=stale_days + 1),
                "cim_mobile_key": None,
                "cim_email_key": f"lead{i}@xunjia.cn",
                "cim_phone_key": f"+86531{i % 100000000:08d}",
            }
            return values

        bulk.clone(env, proto, count, row, self.progress)
        return count

    # ------------------------------------------------------------------ orders
    def orders(self):
        env = self.env
        line_count = self.size["lines"]
        order_count = line_count // LINES_PER_ORDER
        self.products = env["product.product"].create(
            [
                {
                    "name": f"{trade}设备 型号{i:02d}",
                    "type": "consu",
                    "list_price": 5000 * (i + 1),
                    "standard_price": 3500 * (i + 1),
                    "taxes_id": [(6, 0, [])],
                }
                for i, trade in enumerate(TRADES)
            ]
        )
        return self._orders(order_count, lambda i: self.partner_id(i * 7), "SOB")

    def _orders(self, order_count, partner_of, prefix):
        env = self.env
        product = self.products[0]
        proto = env["sale.order"].create(
            {
                "partner_id": self.first_partner,
                "order_line": [(0, 0, {"product_id": product.id, "tax_id": [(6, 0, [])]})],
            }
        )
        proto.action_confirm()
        proto_line = proto.order_line
        sales = self.salespeople.ids
        rng = self.rng
        now = self.now
        amounts = {}
        prods = [(p.id, p.name, p.list_price) for p in self.products]

        def order_row(i, new_id):
            dated = now - timedelta(days=rng.randint(1, 1000), hours=rng.randint(0, 23))
            user = sales[i % len(sales)]
            total = 0.0
            lines = []
            for j in range(LINES_PER_ORDER):
                prod = prods[(i + j) % len(prods)]
                qty = rng.randint(1, 5)
                lines.append((prod, qty))
                total += prod[2] * qty
            amounts[new_id] = lines
            partner = partner_of(i)
            return {
                "name": f"{prefix}{i:08d}",
                "partner_id": partner,
                "partner_invoice_id": partner,
                "partner_shipping_id": partner,
                "user_id": user,
                "team_id": self.team_of.get(user),
                "date_order": dated,
                "create_date": dated,
                "write_date": dated,
                "state": "sale",
                "amount_untaxed": total,
                "amount_tax": 0,
                "amount_total": total,
                "invoice_status": "to invoice",
                "access_token": None,
            }

        first_order = bulk.clone(env, proto, order_count, order_row, self.progress)

        def line_row(k, new_id):
            order_id = first_order + k // LINES_PER_ORDER
            (pid, pname, price), qty = amounts[order_id][k % LINES_PER_ORDER]
            subtotal = price * qty
            return {
                "order_id": order_id,
                "sequence": 10 + k % LINES_PER_ORDER,
                "product_id": pid,
                "name": pname,
                "product_uom_qty": qty,
                "qty_to_invoice": qty,
                "price_unit": price,
                "price_subtotal": subtotal,
                "price_total": subtotal,
                "price_reduce_taxexcl": price,
                "price_reduce_taxinc": price,
                "untaxed_amount_to_invoice": subtotal,
                "order_partner_id": None,
                "salesman_id": None,
                "create_date": self.now,
            }

        bulk.clone(env, proto_line, order_count * LINES_PER_ORDER, line_row, self.progress)
        # denormalised copies of the order's fields
        self.cr.execute(
            """UPDATE sale_order_line l SET order_partner_id = o.partner_id,
                      salesman_id = o.user_id, state = o.state, company_id = o.company_id,
                      currency_id = o.currency_id
                 FROM sale_order o WHERE o.id = l.order_id AND l.order_id >= %s""",
            [first_order],
        )
        return order_count * (LINES_PER_ORDER + 1)

    def heavy_customer(self):
        """One customer with a long history, for the 360 view benchmark."""
        self.heavy_partner = self.first_partner + 1
        self.cr.execute(
            "UPDATE res_partner SET name = name || ' (重点客户)' WHERE id = %s",
            [self.heavy_partner],
        )
        return self._orders(HEAVY_ORDERS, lambda i: self.heavy_partner, "SOH")

    # -------------------------------------------------- sections of other addons
    def members(self):
        """A points programme (1 point per ¥10) with cards for a fifth of the customers and
        ``ledger`` history lines spread over them (earnings and redemptions)."""
        env = self.env
        if not self.has("loyalty.card"):
            return 0
        program = env["loyalty.program"].create(
            {
                "name": "鸿达会员计划(基准)",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [(0, 0, {"reward_point_mode": "money", "reward_point_amount": 0.1})],
                "reward_ids": [
                    (0, 0, {"reward_type": "discount", "discount": 1,
                            "discount_mode": "per_point", "required_points": 100})
                ],
            }
        )  # fmt: skip
        tiers = self._member_setup(program)
        members = self.partner_count // 5
        ledger = self.size["ledger"]
        per_card = ledger // members
        proto_card = env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": self.first_partner, "points": 0}
        )
        rng = self.rng
        now = self.now

        today = now.date()

        def card_row(i, new_id):
            row = {
                "partner_id": self.partner_id(i * 5),
                "code": f"M{i:09d}",
                "points": per_card * 100 - (per_card // 2) * 40,
                "create_date": now - timedelta(days=rng.randint(30, 900)),
            }
            if tiers:
                # most members in the base tier; the tiers above are kept for a year from
                # their last qualification, about two days of them end before today
                extra = self.addon_rng
                level = min(int(extra.expovariate(1.2)), len(tiers) - 1)
                row.update(
                    tier_id=tiers[level],
                    tier_since=today - timedelta(days=extra.randint(0, 700)),
                    tier_until=today + timedelta(days=extra.randint(-2, 362)) if level else None,
                    member_number=f"HY{i:09d}",
                    lifetime_points=per_card * 100,
                )
            return row

        first_card = bulk.clone(env, proto_card, members, card_row, self.progress)
        proto_line = env["loyalty.history"].create(
            {"card_id": proto_card.id, "description": "原型", "issued": 1}
        )

        def line_row(k, new_id):
            earn = k % per_card % 2 == 0 or k % per_card == per_card - 1
            dated = now - timedelta(days=rng.randint(0, 700))
            row = {
                "card_id": first_card + k // per_card,
                "description": "订单积分" if earn else "积分兑换",
                "issued": 100 if earn else 0,
                "used": 0 if earn else 40,
                "create_date": dated,
                "write_date": dated,
            }
            if tiers:
                # earnings expire after 12 months; those that expired more than two days
                # ago were handled by earlier runs of the expiry cron (nothing left)
                expiry = dated.date() + timedelta(days=365)
                row.update(
                    kind="earn" if earn else "redeem",
                    date=dated.date(),
                    expiry_date=expiry if earn else None,
                    points_remaining=60 if earn and expiry >= today - timedelta(days=2) else 0,
                )
            return row

        bulk.clone(env, proto_line, members * per_card, line_row, self.progress)
        return members + members * per_card

    def _member_setup(self, program):
        """With member_loyalty installed, the programme is the company's member programme:
        immutable ledger, points expiring after 12 months and four tiers kept for a year,
        so that the tier evaluation and points expiry crons have a day's work."""
        env = self.env
        if "ledger_locked" not in program._fields:
            return []
        program.write(
            {"ledger_locked": True, "points_expiry": "months", "points_expiry_months": 12}
        )
        tiers = env["loyalty.member.tier"].create(
            [
                {"program_id": program.id, "name": name, "sequence": sequence,
                 "min_spend": spend, "window_months": 12, "retention_months": 12,
                 "points_multiplier": multiplier}
                for sequence, (name, spend, multiplier) in enumerate(
                    [("普通会员", 0, 1.0), ("银卡会员", 50_000, 1.2),
                     ("金卡会员", 200_000, 1.5), ("钻石会员", 1_000_000, 2.0)]
                )
            ]
        )  # fmt: skip
        env.company.member_program_id = program
        return tiers.ids

    def engineers(self):
        """Engineers based around the customers' cities, with coordinates, in teams of 10."""
        env = self.env
        self.engineer_ids = []
        if not self.has("service.ticket"):
            return 0
        group = env.ref("service_ticket.service_ticket_group_user", raise_if_not_found=False)
        count = self.size["engineers"]
        group_ids = [env.ref("base.group_user").id] + ([group.id] if group else [])
        users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        engineers = users.create(
            [
                {
                    "name": f"工程师{self.person()}{i:03d}",
                    "login": f"eng{i:04d}@bench.cn",
                    "groups_id": [(6, 0, group_ids)],
                    "tz": "Asia/Shanghai",
                }
                for i in range(count)
            ]
        )  # fmt: skip
        for i, engineer in enumerate(engineers):
            _province, _city, lat, lng = CITIES[i % len(CITIES)]
            values = {"city": _city}
            if "partner_latitude" in engineer.partner_id._fields:
                values.update(
                    partner_latitude=lat + self.rng.uniform(-0.3, 0.3),
                    partner_longitude=lng + self.rng.uniform(-0.3, 0.3),
                )
            engineer.partner_id.write(values)
        self.teams = env["service.ticket.team"].create(
            [
                {
                    "name": f"服务{i + 1}组",
                    "leader_id": engineers[i * 10].id,
                    "member_ids": [(6, 0, engineers[i * 10 : i * 10 + 10].ids)],
                }
                for i in range((count + 9) // 10)
            ]
        )
        self.engineer_ids = engineers.ids
        return count + len(self.teams)

    def tickets(self):
        """Tickets over the customers (closed for the most part) and 10^3 for the customer
        of the 360 benchmark."""
        env = self.env
        if not self.has("service.ticket"):
            return 0
        stages = env["service.ticket.stage"].search([])
        closed = stages.filtered("is_closed")[:1]
        open_stages = (stages - stages.filtered("is_closed")).ids
        proto = env["service.ticket"].create(
            {"name": "原型工单", "partner_id": self.first_partner, "team_id": self.teams[0].id}
        )
        count = self.size["tickets"]
        rng = self.rng
        now = self.now
        engineers = self.engineer_ids
        teams = self.teams.ids
        problems = ["设备异响", "液压系统漏油", "主轴过热", "控制面板报警", "无法启动", "精度下降"]

        def row(i, new_id):
            partner = self.heavy_partner if i < HEAVY_TICKETS else self.partner_id(i * 3)
            is_closed = i % 10 != 0
            created = now - timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23))
            if not is_closed:  # the open tickets came in over the last four days
                created = now - timedelta(hours=rng.randint(0, 96))
                opened[i] = created
            return {
                "number": f"SVB{i:08d}",
                "name": f"{rng.choice(problems)}-{i}",
                "partner_id": partner,
                "commercial_partner_id": partner,
                "team_id": teams[i % len(teams)],
                "user_id": engineers[i % len(engineers)],
                "stage_id": closed.id
                if is_closed and closed
                else open_stages[i % len(open_stages)],
                "is_closed": bool(is_closed and closed),
                "priority": rng.choice(["0", "1", "2"]),
                "create_date": created,
                "write_date": created,
                "date_closed": created + timedelta(days=2) if is_closed and closed else None,
                "date_open": created,
                "date_first_response": None,
                "description": None,
            }

        opened = {}
        first = bulk.clone(env, proto, count + HEAVY_TICKETS, row, self.progress)
        return count + HEAVY_TICKETS + self._sla_lines(proto, first, opened)

    def _sla_lines(self, proto, first, opened):
        """The running SLA clock of every open ticket, with the deadlines its creation
        stored (4 h response, 24 h resolution, in calendar hours here); breaches older than
        an hour were escalated by earlier runs, so the check finds the last hour's work."""
        env = self.env
        if "service.ticket.sla.status" not in env:
            return 0
        policy = env["service.sla.policy"].search([], limit=1) or env["service.sla.policy"].create(
            {"name": "标准服务(基准)", "response_hours": 4, "resolution_hours": 24}
        )
        lines = env["service.ticket.sla.status"].search([("ticket_id", "=", proto.id)], limit=1)
        proto_line = lines or env["service.ticket.sla.status"].create(
            {"ticket_id": proto.id, "policy_id": policy.id}
        )
        open_tickets = [i for i in sorted(opened) if i >= HEAVY_TICKETS]
        teams = self.teams.ids

        handled = self.now - timedelta(hours=1)  # what earlier runs of the check did

        def row(k, new_id):
            opened_at = opened[open_tickets[k]]
            response, resolution = opened_at + timedelta(hours=4), opened_at + timedelta(hours=24)
            breached = response < handled
            return {
                "ticket_id": first + open_tickets[k],
                "status": "breached" if breached else "on_track",
                "warned_date": response - timedelta(hours=1) if breached else None,
                "escalated_date": response if breached else None,
                "team_id": teams[open_tickets[k] % len(teams)],
                "date_start": opened_at,
                "response_deadline": response,
                "resolution_deadline": resolution,
                "paused_since": None,
            }

        bulk.clone(env, proto_line, len(open_tickets), row, self.progress)
        return len(open_tickets)

    # ------------------------------------------------------------------ a database in use
    def followers(self):
        """Owners follow their customers, as in a database in use: Odoo subscribes the
        author of a note, and each owned customer was followed up by its owner (its
        ``cim_last_followup`` is in the last 32 days)."""
        cr = self.cr
        subtypes = self.env["mail.message.subtype"]._default_subtypes("res.partner")[0]
        cr.execute(
            """INSERT INTO mail_followers (res_model, res_id, partner_id)
               SELECT 'res.partner', p.id, u.partner_id
                 FROM res_partner p JOIN res_users u ON u.id = p.user_id
                WHERE p.id >= %s AND p.id < %s AND u.partner_id != p.id
            ON CONFLICT DO NOTHING RETURNING id""",
            [self.first_partner, self.first_partner + self.partner_count],
        )
        ids = [row[0] for row in cr.fetchall()]
        if ids and subtypes:
            cr.execute(
                """INSERT INTO mail_followers_mail_message_subtype_rel
                          (mail_followers_id, mail_message_subtype_id)
                   SELECT f, s FROM unnest(%s) f, unnest(%s) s""",
                [ids, subtypes],
            )
        return len(ids)

    def values(self):
        """Customer values as the nightly cron left them yesterday: the benchmarked run is
        a day's work, not the first computation after installing (reported apart)."""
        Partner = self.env["res.partner"]
        if not hasattr(Partner, "_cim_compute_customer_value"):
            return 0
        # the step's time (stats["values"]) is that of the first valuation after installing
        with freeze_time(self.now - timedelta(days=1)):
            Partner._cim_compute_customer_value()
        self.cr.execute("SELECT count(*) FROM res_partner WHERE cim_value_date IS NOT NULL")
        return self.cr.fetchone()[0]
