#!/usr/bin/env bash
# Screenshots of crm_integrated's dashboards for the readme: create the demo database if it
# is missing (tools/run.sh --init; CIM_DB, default cim_demo), serve it on a spare port, save
# the management and the sales dashboards as PNGs in crm_integrated/static/description/.
#   tools/screenshots.sh
# Environment: CIM_DB, SHOTS_PORT (default 8099), SHOTS_LOGIN / SHOTS_PASSWORD (admin).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${CIM_DB:-cim_demo}"
PORT="${SHOTS_PORT:-8099}"
ensure_all
ensure_chromium
# Chinese text needs a CJK font in headless Chromium
if ! fc-list :lang=zh | grep -q .; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing Debian's fonts-noto-cjk for the Chinese screenshots"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk >/dev/null
    else
        die "a CJK font is needed for the screenshots: apt-get install fonts-noto-cjk"
    fi
fi
if ! psql -X -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    CIM_DB="$DB" "$REPO_ROOT/tools/run.sh" --init
fi

mkdir -p "$LOCAL_DIR"
odoo_bin -d "$DB" --db-filter="^$DB\$" --http-port "$PORT" --max-cron-threads 0 \
    --log-level warn >"$LOCAL_DIR/screenshots.log" 2>&1 &
server=$!
# $! is the subshell running odoo_bin: stop its Odoo child too
trap 'pkill -P "$server" 2>/dev/null; kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
for _ in $(seq 120); do
    curl -sf -o /dev/null "http://localhost:$PORT/web/login" && break
    sleep 1
done

"$VENV/bin/python" "$REPO_ROOT/tools/screenshots.py" --url "http://localhost:$PORT" --db "$DB" \
    --login "${SHOTS_LOGIN:-admin}" --password "${SHOTS_PASSWORD:-admin}" \
    --out "$REPO_ROOT/addons/crm_integrated/static/description"
