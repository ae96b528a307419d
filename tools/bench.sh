#!/usr/bin/env bash
# Performance at Chinese-SME scale (see README "Performance").
#   tools/bench.sh [S|M|L] [generate|bench|all]   (default: S all)
# Generates, once per scale, two databases with the same data: cim_bench_<scale> (the four
# addons) and vanilla_bench_<scale> (Odoo's crm + sale_management + sale_loyalty only),
# then runs the benchmarks against both in one process and prints a table; the JSON goes
# to .local/bench-<scale>.json. BENCH_REPEAT (default 15) sets the repetitions.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SCALE="${1:-S}"
WHAT="${2:-all}"
scale_lc="$(echo "$SCALE" | tr '[:upper:]' '[:lower:]')"
CIM_DB="cim_bench_$scale_lc"
VANILLA_DB="vanilla_bench_$scale_lc"
VANILLA_ADDONS="crm,sale_management,sale_loyalty,contacts"
ensure_all
mkdir -p "$LOCAL_DIR"

db_ready() {
    psql -X -d "$1" -Atc "select value from ir_config_parameter where key = 'cim.bench.scale'" \
        2>/dev/null | grep -qx "$SCALE"
}

make_db() {  # db addons
    local db="$1" addons="$2"
    dropdb --if-exists "$db"
    log "creating $db ($addons, no demo data)"
    ODOO_PATH="$ODOO_PATH" "$VENV/bin/python" "$REPO_ROOT/tools/create_db.py" \
        --addons-path="$REPO_ROOT/addons,$ODOO_PATH/addons,$ODOO_PATH/odoo/addons" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        --log-level=warn -- "$db" zh_CN CN nodemo || die "could not create $db"
    odoo_bin -d "$db" -i "$addons" --stop-after-init --max-cron-threads 0 --log-level warn \
        --without-demo=all > "$LOCAL_DIR/bench-install-$db.log" 2>&1 \
        || die "installing $addons in $db failed, see $LOCAL_DIR/bench-install-$db.log"
    log "generating scale $SCALE data in $db"
    perf_py generate "$db" "$SCALE" || die "generating data in $db failed"
}

perf_py() {
    ODOO_PATH="$ODOO_PATH" "$VENV/bin/python" "$REPO_ROOT/tools/perf/main.py" \
        --addons-path="$REPO_ROOT/addons,$ODOO_PATH/addons,$ODOO_PATH/odoo/addons" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        --max-cron-threads=0 -- "$@"
}

if [ "$WHAT" = generate ] || [ "$WHAT" = all ]; then
    db_ready "$CIM_DB" || make_db "$CIM_DB" "$CIM_ADDONS"
    db_ready "$VANILLA_DB" || make_db "$VANILLA_DB" "$VANILLA_ADDONS"
fi
if [ "$WHAT" = bench ] || [ "$WHAT" = all ]; then
    # the code may be newer than the database: upgrade our addons first
    log "upgrading $CIM_ADDONS in $CIM_DB"
    odoo_bin -d "$CIM_DB" -u "$CIM_ADDONS" --stop-after-init --max-cron-threads 0 \
        --log-level warn > "$LOCAL_DIR/bench-upgrade-$CIM_DB.log" 2>&1 \
        || die "upgrading $CIM_DB failed, see $LOCAL_DIR/bench-upgrade-$CIM_DB.log"
    perf_py bench "$CIM_DB" "$VANILLA_DB" "$SCALE" "$LOCAL_DIR/bench-$scale_lc.json"
fi
