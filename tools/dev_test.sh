#!/usr/bin/env bash
# Developer loop (not the gate: `make test` is): run some addons' tests on a copy of a
# template database that already holds every Odoo dependency of the four addons with demo
# data. The template is built once per set of dependencies (read from the manifests) and
# kept; each run copies it (createdb -T), installs the named addons with their tests, reads
# the log like `make test` does and drops the copy.
#
# Usage: tools/dev_test.sh ADDONS [TEST_TAGS]
#   ADDONS     comma-separated, e.g. service_ticket or crm_integrated,member_loyalty
#   TEST_TAGS  default: /<each addon>; e.g. /service_ticket:TestSla
# Environment: TEST_HTTP_PORT (default 8169; use distinct ports for parallel runs),
#              KEEP_DB=1 keeps the copy, RESULTS (default .local/dev-results/<first addon>).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
set +e

[ -n "${1:-}" ] || die "usage: tools/dev_test.sh ADDONS [TEST_TAGS]"
ADDONS="$1"
TAGS="${2:-/${ADDONS//,/,/}}"
ensure_all
ensure_chromium

deps="$("$VENV/bin/python" - "$REPO_ROOT/addons" "$CIM_ADDONS" <<'EOF'
import ast, os, sys
root, ours = sys.argv[1], set(sys.argv[2].split(","))
deps = set()
for addon in ours:
    with open(os.path.join(root, addon, "__manifest__.py"), encoding="utf-8") as fh:
        deps |= set(ast.literal_eval(fh.read()).get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
)"
tpl="cim_tpl_$(echo "$deps" | sha1sum | cut -c1-10)"
HTTP_PORT="${TEST_HTTP_PORT:-8169}"
RESULTS="${RESULTS:-$LOCAL_DIR/dev-results/${ADDONS%%,*}}"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

(
    flock 9
    if ! psql -X -d postgres -Atc "select 1 from pg_database where datname = '$tpl'" | grep -q 1; then
        log "building the template database $tpl ($deps); once per set of dependencies"
        odoo_bin -d "${tpl}_tmp" -i "$deps" --stop-after-init --log-level warn \
            --max-cron-threads 0 --workers 0 --http-port "$HTTP_PORT" > "$RESULTS/template.log" 2>&1 \
            || { dropdb --if-exists "${tpl}_tmp"; die "template build failed: $RESULTS/template.log"; }
        psql -X -d postgres -qc "ALTER DATABASE \"${tpl}_tmp\" RENAME TO \"$tpl\""
    fi
) 9>"/tmp/$tpl.lock" || exit 2

db="cim_dev_$(date +%s)_$$"
createdb -T "$tpl" "$db" || die "createdb -T $tpl failed (is someone connected to it?)"
[ "${KEEP_DB:-0}" = 1 ] || trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT
odoo_test "$db" "$ADDONS" "$TAGS" odoo
echo "<testsuites/>" > "$RESULTS/pytest.xml"  # tests/ is not run here
"$VENV/bin/python" "$REPO_ROOT/tools/report.py" "$RESULTS"
