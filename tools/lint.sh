#!/usr/bin/env bash
# The lint command: ruff (style, imports, bugs) and pylint-odoo's mandatory checks.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_odoo
ensure_venv
cd "$REPO_ROOT"
rc=0
log "ruff check"
"$VENV/bin/ruff" check addons tools tests || rc=1
log "ruff format --check"
"$VENV/bin/ruff" format --check addons tools tests || rc=1
log "pylint-odoo (mandatory checks)"
PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}" "$VENV/bin/pylint" \
    --rcfile="$REPO_ROOT/.pylintrc" addons/* || rc=1
[ "$rc" = 0 ] && log "lint: clean" || log "lint: problems found"
exit "$rc"
