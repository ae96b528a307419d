#!/usr/bin/env bash
# Shared environment for the project's commands (run, test, lint, upgrade).
# Sourced, not executed. Everything here is idempotent: on a fresh machine it installs or
# starts what is missing, on a prepared one it only checks.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo/18.0}"
VENV="${VENV:-$REPO_ROOT/.venv}"
LOCAL_DIR="$REPO_ROOT/.local"
PYTHON_BIN="${PYTHON_BIN:-python3}"
CIM_ADDONS="crm_integrated,member_loyalty,service_ticket,dingtalk_connector"
# bridge addons, installed automatically when the apps they join are (tested each in a
# database of its own, see tools/test.sh)
CIM_BRIDGES="member_loyalty_pos"

# PostgreSQL connection: PG* variables win; these are the defaults the setup creates.
export PGHOST="${PGHOST:-localhost}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-odoo}"
export PGPASSWORD="${PGPASSWORD:-odoo}"

log() { printf '[cim] %s\n' "$*" >&2; }
die() { printf '[cim] ERROR: %s\n' "$*" >&2; exit 2; }

ensure_odoo() {
    if [ ! -x "$ODOO_PATH/odoo-bin" ] && [ ! -f "$ODOO_PATH/odoo-bin" ]; then
        die "Odoo 18.0 not found at ODOO_PATH=$ODOO_PATH.
  Put an Odoo 18.0 Community source tree there (or set ODOO_PATH), e.g.:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo/18.0
  The project only finds Odoo through ODOO_PATH; it never ships or patches it."
    fi
    grep -q "version_info = (18, 0" "$ODOO_PATH/odoo/release.py" \
        || die "$ODOO_PATH is not Odoo 18.0 (see $ODOO_PATH/odoo/release.py)"
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha"
    local want
    want="$(cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    log "creating the virtual environment in $VENV"
    [ -x "$VENV/bin/python" ] || "$PYTHON_BIN" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip wheel setuptools
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/requirements-dev.txt"
    echo "$want" > "$stamp"
}

pg_answers() {
    psql -X -d postgres -Atc 'select 1' >/dev/null 2>&1
}

# Run a command as the PostgreSQL superuser of the local server (never as OS root).
pg_super() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "${PG_OS_USER:-postgres}" -- env -u PGUSER -u PGPASSWORD -u PGHOST "$@"
    else
        env -u PGUSER -u PGPASSWORD -u PGHOST "$@"
    fi
}

ensure_postgres() {
    if pg_answers; then
        return 0
    fi
    case "$PGHOST" in
        localhost|127.0.0.1|::1|/*) ;;
        *) die "PostgreSQL at $PGHOST:$PGPORT does not answer for user $PGUSER; check the PG* variables" ;;
    esac
    local cluster=""
    if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        cluster="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p {print $1 " " $2; exit}')"
    fi
    local socket_args=()
    if [ -n "$cluster" ]; then
        log "starting the local PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start || true
        PG_OS_USER="$(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p {print $5; exit}')"
        socket_args=(-h /var/run/postgresql -p "$PGPORT")
    else
        ensure_private_cluster
        socket_args=(-h "$LOCAL_DIR/pgsocket" -p "$PGPORT")
    fi
    local i
    for i in $(seq 1 30); do
        pg_super psql -X "${socket_args[@]}" -d postgres -Atc 'select 1' >/dev/null 2>&1 && break
        sleep 1
    done
    # the role the project uses: may create databases, is not a superuser
    if ! pg_super psql -X "${socket_args[@]}" -d postgres -Atc \
            "select 1 from pg_roles where rolname = '$PGUSER'" | grep -q 1; then
        log "creating PostgreSQL role $PGUSER"
        pg_super psql -X "${socket_args[@]}" -d postgres -qc \
            "CREATE ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD'"
    fi
    pg_answers || die "PostgreSQL started but does not accept $PGUSER@$PGHOST:$PGPORT"
}

# A private cluster under .local/ (ignored by git), owned by a non-root user.
ensure_private_cluster() {
    local bindir
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$bindir" ] || die "no PostgreSQL server binaries found; apt-get install postgresql"
    local data="$LOCAL_DIR/pgdata"
    mkdir -p "$LOCAL_DIR/pgsocket"
    if [ "$(id -u)" = 0 ]; then
        PG_OS_USER="${PG_OS_USER:-postgres}"
        id "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_OS_USER"
        chown "$PG_OS_USER" "$LOCAL_DIR" "$LOCAL_DIR/pgsocket"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $data"
        pg_super "$bindir/initdb" -D "$data" -U "${PG_OS_USER:-$(id -un)}" -A trust \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    log "starting the private PostgreSQL cluster on port $PGPORT"
    pg_super "$bindir/pg_ctl" -D "$data" -l "$LOCAL_DIR/postgresql.log" -w \
        -o "-p $PGPORT -k $LOCAL_DIR/pgsocket -c listen_addresses=localhost" start >/dev/null
}

ensure_chromium() {
    local b
    for b in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$b" >/dev/null 2>&1 && return 0
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing Debian's chromium for the tours"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
    else
        die "headless Chromium is needed for the tours: apt-get install chromium"
    fi
}

# Run Odoo with the project's addons path and database settings; a local
# config/odoo.conf (copied from config/odoo.conf.example) is read first when present.
odoo_bin() {
    local addons="$REPO_ROOT/addons,$ODOO_PATH/addons,$ODOO_PATH/odoo/addons"
    local conf=()
    [ -f "$REPO_ROOT/config/odoo.conf" ] && conf=(-c "$REPO_ROOT/config/odoo.conf")
    "$VENV/bin/python" "$ODOO_PATH/odoo-bin" "${conf[@]}" \
        --addons-path="$addons" --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$PGUSER" --db_password="$PGPASSWORD" "$@"
}

# Install ADDONS in DB with the tests TAGS enabled (Odoo's runner, tours included); the
# log and exit code go to $RESULTS/NAME.log and NAME.rc, the failures also to stderr.
odoo_test() {  # db addons tags name
    local db="$1" addons="$2" tags="$3" name="$4"
    log "installing $addons in $db, tests $tags (log: $RESULTS/$name.log)"
    odoo_bin -d "$db" -i "$addons" --test-tags "$tags" --stop-after-init \
        --http-port "$HTTP_PORT" --log-level info --max-cron-threads 0 --workers 0 \
        > "$RESULTS/$name.log" 2>&1
    echo $? > "$RESULTS/$name.rc"
    grep -E " (ERROR|CRITICAL) |^(FAIL|ERROR): " "$RESULTS/$name.log" | head -20 >&2
}

ensure_all() {
    ensure_odoo
    ensure_venv
    ensure_postgres
}
