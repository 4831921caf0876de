#!/usr/bin/env bash
# The command line `zukunft` as it is handed out (`make cli`) and measured (bench-report.sh):
# release build with profile-guided optimisation – counts of a demo run (scripts/pgo-profile.sh),
# then the build with them. It takes the `--target` of the counted build: without it Cargo names
# the crates' symbols differently and not one function finds its counts (measured: as fast as
# the plain build). Its own target folder, since its RUSTFLAGS differ from the plain build's.
# Prints the program's path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
HOST=$(rustc -vV | awk '/^host:/ {print $2}')
PROFILE_DATA="$TARGET_DIR/pgo/release.profdata"
scripts/pgo-profile.sh release "$PROFILE_DATA" >/dev/null
RUSTFLAGS="-Cprofile-use=$PROFILE_DATA" cargo build -q --release --target "$HOST" \
  --target-dir "$TARGET_DIR/pgo-optimised" -p zukunftskommune-cli --bin zukunft
echo "$TARGET_DIR/pgo-optimised/$HOST/release/zukunft"
