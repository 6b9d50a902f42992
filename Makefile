# gongkai — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install install-test sysdeps browser axe postgres lint unit pg-test clean help

help:
	@echo "make demo   安装、初始化、载入演示数据并启动（端口 PORT=$(PORT)）"
	@echo "make test   安装测试依赖并运行全部检查和测试"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: sysdeps install
	$(BIN)/gongkai demo --port $(PORT)

# Debian packages gongkai itself needs: pango for PDF generation (WeasyPrint) and CJK fonts.
sysdeps:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list :lang=zh | grep -q .; } 2>/dev/null || { \
	  echo "安装生成 PDF 所需的 pango 和中文字体……"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fontconfig >/dev/null; }

# Debian's chromium drives the browser tests (Playwright never downloads a browser).
browser:
	@command -v chromium >/dev/null || { \
	  echo "安装浏览器测试所需的 chromium 和中文字体……"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# axe-core (pinned in package-lock.json) for the accessibility checks of the browser tests.
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "安装无障碍检查所需的 npm……"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund
	@touch $@

# PostgreSQL 15+ for the second run of the database tests (started by tests/pgserver.py).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  echo "安装 PostgreSQL（用于数据库测试）……"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	GONGKAI_DATA_DIR=$$(mktemp -d) $(BIN)/gongkai makemigrations --check --dry-run

unit: install-test sysdeps browser axe
	$(BIN)/pytest -q

pg-test: install-test sysdeps postgres
	$(BIN)/python -m tests.pgserver -- $(BIN)/pytest -q -m "django_db and not browser"

test: lint unit pg-test
	@echo "全部检查和测试通过。"

clean:
	rm -rf $(VENV) build *.egg-info
