#!/usr/bin/env bash
# The run command: cim_demo with the four addons, Chinese, Asia/Shanghai, CNY, demo data;
# then the web client on http://localhost:8069.
#   tools/run.sh            create (first time) or reuse cim_demo, then serve
#   tools/run.sh --upgrade  upgrade the four addons in cim_demo, then serve
#   tools/run.sh --init     only create/upgrade, do not serve (used by CI checks)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${CIM_DB:-cim_demo}"

# Odoo goes on after an error while loading data: stop here instead of serving half a database
check_log() {
    if grep -qE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$1"; then
        die "errors while installing or upgrading (see $1); nothing is served"
    fi
}
PORT="${HTTP_PORT:-8069}"
MODE="${1:-}"
ensure_all
mkdir -p "$LOCAL_DIR"

if ! psql -X -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    log "creating $DB: Simplified Chinese, China (CNY, Asia/Shanghai), demo data"
    ODOO_PATH="$ODOO_PATH" "$VENV/bin/python" "$REPO_ROOT/tools/create_db.py" \
        --addons-path="$REPO_ROOT/addons,$ODOO_PATH/addons,$ODOO_PATH/odoo/addons" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
        --log-level=warn -- "$DB" zh_CN CN
    log "installing $CIM_ADDONS in $DB"
    odoo_bin -d "$DB" -i "$CIM_ADDONS" --stop-after-init --max-cron-threads 0 --log-level warn \
        2>&1 | tee "$LOCAL_DIR/install.log"
    check_log "$LOCAL_DIR/install.log"
elif [ "$MODE" = "--upgrade" ] || [ "$MODE" = "--init" ]; then
    log "upgrading $CIM_ADDONS in $DB"
    odoo_bin -d "$DB" -u "$CIM_ADDONS" -i "$CIM_ADDONS" --stop-after-init --max-cron-threads 0 \
        --log-level warn 2>&1 | tee "$LOCAL_DIR/upgrade.log"
    check_log "$LOCAL_DIR/upgrade.log"
fi

[ "$MODE" = "--init" ] && exit 0
cat >&2 <<MSG

  一体化客户管理 is running: http://localhost:$PORT
  database: $DB    login: admin    password: admin
  (salespeople: wang.qiang / li.na / zhang.wei, manager: liu.yang — password = login)

MSG
odoo_bin -d "$DB" --db-filter="^$DB\$" --http-port "$PORT"
