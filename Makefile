# 工会数据看板 — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run test venv lint bench clean-db

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本（当前 %s）" % sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "正在安装依赖（requirements.txt）……"
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	$(PY) -m pipelines bootstrap
	$(PY) -m ui.serve

test: venv lint
	@bash scripts/system_deps.sh
	$(PY) -m pytest

lint: venv
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: venv
	$(PY) bench/ingest.py

clean-db:
	rm -rf data/unionstats.duckdb data/unionstats.duckdb.wal data/unionstats.duckdb.lock data/unionstats_archive data/sample
