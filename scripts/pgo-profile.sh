#!/usr/bin/env bash
# Profile-guided optimisation (PGO) of the report: builds `zukunft` with rustc's instrumentation
# in its own target folder, runs what a consultant does with the demo municipality
# (scripts/pgo-train.sh) and merges the counts into one profile for
# `RUSTFLAGS=-Cprofile-use=<profile>`. Build the optimised program with `--target <host>` too:
# Cargo gives a crate's symbols another hash without it, and no function finds its counts.
# The optimised build lays out the identical PDF (bench-report.sh compares the bytes).
#
#   scripts/pgo-profile.sh PROFILE OUT.profdata     PROFILE: release or dist (Cargo.toml)
#
# llvm-profdata comes with rustup's llvm-tools component (installed here when missing), so the
# profile is read by the same LLVM that wrote it. Measured in ARCHITECTURE.md („Where the
# report's time goes“).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${1:?"Aufruf: scripts/pgo-profile.sh release|dist ZIEL.profdata"}
OUT=${2:?"Aufruf: scripts/pgo-profile.sh release|dist ZIEL.profdata"}
HOST=$(rustc -vV | awk '/^host:/ {print $2}')
TOOLS="$(rustc --print sysroot)/lib/rustlib/$HOST/bin"
[ -x "$TOOLS/llvm-profdata" ] || rustup component add llvm-tools
# Instrumented objects never share a folder with a real build (their RUSTFLAGS differ, and
# cargo would rebuild everything on every switch). `--target` keeps build scripts and proc
# macros uninstrumented: only the program writes counts.
INSTRUMENTED=$(realpath -m "${CARGO_TARGET_DIR:-target}/pgo-instrumented")
# A fixed folder for the counts: its path is part of RUSTFLAGS, which cargo's cache compares.
RAW="$INSTRUMENTED/counts-$PROFILE"
rm -rf "$RAW"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RUSTFLAGS="-Cprofile-generate=$RAW" cargo build -q --profile "$PROFILE" --target "$HOST" \
  --target-dir "$INSTRUMENTED" -p zukunftskommune-cli --bin zukunft
Z="$INSTRUMENTED/$HOST/$PROFILE/zukunft"

scripts/pgo-train.sh "$Z" "$WORK"
mkdir -p "$(dirname "$OUT")"
"$TOOLS/llvm-profdata" merge -o "$OUT" "$RAW"
echo "PGO-Profil: $OUT"
