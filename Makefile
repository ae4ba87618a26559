# biaozhun: `make run` starts the platform, `make test` runs the whole suite, `make check` lints.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

help:
	@echo "make run    set up everything and start the platform (SQLite, database task queue, demo data)"
	@echo "make test   set up and run the whole test suite"
	@echo "make check  ruff, mypy, migrations check, layer rules"
	@echo "make bench  run the benchmarks"
	@echo "make bench-both  run them on SQLite and on PostgreSQL, side by side (scripts/bench-both.sh)"

ensure-uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

# Bytecode compiled once here: where PYTHONDONTWRITEBYTECODE is set (as in this dev container)
# Python never writes .pyc files and every command would compile ~1,400 modules again (about
# 2 s of CPU at each start of `biaozhun ...`; docs/benchmarks/validity.md).
.venv/.synced: pyproject.toml uv.lock | ensure-uv
	$(UV) sync --frozen --compile-bytecode
	$(UV) run --frozen python -m compileall -q src >/dev/null
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: .venv/.synced node_modules/.installed

# Debian's Chromium and CJK fonts for the browser tests (the bundled browser download does not work here).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "Install Debian's chromium and fonts-noto-cjk for the browser tests"; exit 1; fi; \
	fi

run: setup
	$(PY) biaozhun setup --demo
	@echo ""
	@echo "  biaozhun 标准 — http://$(HOST):$(PORT)/"
	@echo "  demo logins (password biaozhun-demo-2026): admin, bureau (局工作人员), guangling (广陵区),"
	@echo "  baoying (宝应县), finance (财政局), expert, guangdian / fangzhi / dianlan (enterprises)"
	@echo ""
	$(PY) biaozhun serve --host $(HOST) --port $(PORT) --with-worker --with-mailsink

test: setup browser-deps
	$(PY) pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

check: setup
	$(PY) ruff check src tests manage.py
	$(PY) ruff format --check src tests manage.py
	$(PY) mypy src
	$(PY) python manage.py makemigrations --check --dry-run
	$(PY) lint-imports

bench: setup
	$(PY) biaozhun setup
	$(PY) biaozhun bench

# every benchmark on SQLite and on PostgreSQL (BENCH_DATABASE_URL), figures side by side
bench-both: setup
	scripts/bench-both.sh

.PHONY: help ensure-uv setup browser-deps run test check bench bench-both
