# 一体化客户管理 for Odoo 18 — entry points. See README.md.
ODOO_PATH ?= /opt/odoo/18.0
export ODOO_PATH

.PHONY: help setup run upgrade test test-quick lint i18n clean bench

help:
	@echo "make run       create (first time) or reuse cim_demo and serve http://localhost:8069"
	@echo "make upgrade   upgrade the four addons in cim_demo, then serve"
	@echo "make test      full test run on a throw-away database; ends with 'N passed, N failed'"
	@echo "make test-quick  the addons' tests only (no install-alone checks)"
	@echo "make lint      ruff + pylint-odoo (mandatory checks)"
	@echo "make setup     only prepare: virtualenv, PostgreSQL, Chromium"
	@echo "make bench SCALE=S|M|L  generate benchmark databases (once) and print the figures"

setup:
	bash -c 'source tools/common.sh && ensure_all && ensure_chromium'

run:
	bash tools/run.sh

upgrade:
	bash tools/run.sh --upgrade

test:
	bash tools/test.sh

test-quick:
	CIM_INSTALL_CHECK=0 bash tools/test.sh

bench:
	bash tools/bench.sh $(or $(SCALE),S) all

lint:
	bash tools/lint.sh

i18n:
	@echo "usage: .venv/bin/python tools/i18n.py export <db>  (a database with the addons installed)"

clean:
	rm -rf .local/test-results
