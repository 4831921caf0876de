#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): one field edit in the real window (release build,
# Xvfb, tauri-driver) on a project with 1,500 measures, from leaving the field to the repainted
# view (scripts/bench_window.py says how it is measured).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
(cd ui && npm run build >/dev/null)
cargo build -q --release -p zukunftskommune-desktop -p zukunftskommune-cli --bins
xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" .venv/bin/python scripts/bench_window.py \
  "$TARGET_DIR/release/zukunftskommune-desktop" "$TARGET_DIR/release/zukunft" "${MEASURES:-1500}"
