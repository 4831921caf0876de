# Zukunftskommune – the two commands of the README:
#   make run    installs what is missing, builds the UI and starts the app on the demo municipality
#   make test   fmt check, clippy -D warnings, all cargo tests, UI checks and unit tests, window E2E
# Works on Debian/Ubuntu; installs apt packages with sudo when not run as root.

SHELL := /bin/bash
.DEFAULT_GOAL := help

TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
APP_DEBUG := $(TARGET_DIR)/debug/zukunftskommune-desktop
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# fonts-liberation: the window draws the core's charts with the system's fonts, laid out for it;
# hyphen-de: WebKitGTK's German hyphenation (`hyphens: auto`) – as the installed app has them.
APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth webkit2gtk-driver poppler-utils qpdf xdotool sqlite3 libreoffice-writer-nogui time fonts-liberation hyphen-de
VENV := .venv
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp"

.PHONY: help run test deps deps-apt deps-driver deps-ui deps-py ui build fmt-check clippy cargo-test \
        bindings-check ui-check ui-test e2e bench cli package packaging-check test-install

help:
	@echo "make run   – App mit der Demo-Kommune starten"
	@echo "make test  – alle Prüfungen und Tests"
	@echo "make bench – Messungen (Release-Build)"
	@echo "make cli   – die Kommandozeile zukunft optimiert bauen (Pfad in der letzten Zeile)"
	@echo "make package – .deb und .rpm bauen (Release-Build, dauert)"
	@echo "make test-install – das .deb installieren, eine Datei öffnen, wieder entfernen"

## ---------------------------------------------------------------- dependencies
deps: deps-apt deps-ui

deps-apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installiere: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-driver:
	@command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --version 2.1.0 --locked

deps-ui: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

deps-py: $(VENV)/.installed

$(VENV)/.installed: e2e/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r e2e/requirements.txt
	@touch $@

## ---------------------------------------------------------------- build and run
ui: deps-ui
	cd ui && npm run build

build: deps ui
	cargo build --workspace

run: build
	cargo run -p zukunftskommune-desktop -- --demo

# The command line `zukunft` for scripts and servers, optimised with the counts of a demo run.
cli:
	@bash scripts/build-cli.sh

## ---------------------------------------------------------------- tests
test: deps deps-driver deps-py ui fmt-check clippy cargo-test bindings-check ui-check ui-test packaging-check e2e
	@echo "make test: alles grün"

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

cargo-test:
	cargo test --workspace

# `cargo test` regenerates the TypeScript types from the Rust types; they must be committed.
bindings-check:
	@if [ -d .git ] && ! git diff --quiet -- ui/src/lib/bindings || [ -n "$$(git ls-files --others --exclude-standard ui/src/lib/bindings)" ]; then \
	  echo "ui/src/lib/bindings ist nicht aktuell: 'cargo test' ausführen und die Dateien committen."; \
	  git status --short ui/src/lib/bindings; exit 1; fi

ui-check: deps-ui
	cd ui && npm run check

ui-test: deps-ui
	cd ui && npm test

e2e: deps-apt deps-driver deps-py ui
	cargo build -p zukunftskommune-desktop -p zukunftskommune-cli --bins
	rm -rf $(TARGET_DIR)/e2e-screenshots
	ZK_APP=$(APP_DEBUG) ZK_CLI=$(TARGET_DIR)/debug/zukunft ZK_SCREENSHOTS=$(TARGET_DIR)/e2e-screenshots $(XVFB) $(VENV)/bin/python -m pytest -q -p no:cacheprovider e2e

## ---------------------------------------------------------------- installers
# The installers: .deb and .rpm with the Tauri bundler from ui/node_modules (no downloaded tools);
# Windows and macOS on the hosted CI (.github/workflows/release.yml).
# Built with the `dist` profile (Cargo.toml): a third smaller, as fast (measured in ARCHITECTURE.md);
# without profile-guided optimisation: with it the desktop binary was 41.6 MB, over its 40 MB target,
# for a tenth on a cold report the window never runs (decision in ARCHITECTURE.md „Shipping“).
package: deps ui
	ui/node_modules/.bin/tauri build --bundles deb,rpm -- --profile dist
	@ls -l $(TARGET_DIR)/dist/bundle/deb/*.deb $(TARGET_DIR)/dist/bundle/rpm/*.rpm
	@ls -l $(TARGET_DIR)/dist/zukunftskommune-desktop

# Cheap enough for `make test`: the bundler configuration against the bundler's own schema.
packaging-check: deps-ui deps-py
	$(VENV)/bin/python packaging/check_config.py

test-install:
	bash scripts/test-install.sh

## ---------------------------------------------------------------- benchmarks
bench: deps ui
	cargo bench -p zukunftskommune --bench project_file
	cargo bench -p zukunftskommune --bench merge
	cargo bench -p zukunftskommune-room --bench phones
	bash scripts/bench-report.sh
	bash scripts/bench-window.sh
	bash scripts/bench-start.sh
