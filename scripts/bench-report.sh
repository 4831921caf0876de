#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): the report of the demo and of 1,500 measures in the
# app's core, and – in the same run – the `typst` command line compiling the same template, data,
# charts and fonts, as a ratio. Installs typst-cli with cargo only when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES=$(mktemp -d)
trap 'rm -rf "$SOURCES"' EXIT
out=$(ZK_REPORT_SOURCES="$SOURCES" cargo bench -p zukunftskommune --bench report 2>/dev/null | tee /dev/stderr)
# The cold first run of the core is compared: every run of the command line is cold.
core_ms=$(echo "$out" | awk '/1.500 Maßnahmen/ {for (i=1;i<=NF;i++) if ($i ~ /^ms,?$/) {print $(i-1); exit}}')
command -v typst >/dev/null || cargo install typst-cli --locked
times=()
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  typst compile --root "$SOURCES" --font-path "$SOURCES/fonts" --ignore-system-fonts --pdf-standard a-2a --pdf-standard ua-1 "$SOURCES/report.typ" "$SOURCES/cli.pdf" >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
cli_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "typst CLI, gleiche Vorlage und Daten (1.500 Maßnahmen): Median $cli_ms ms aus 5 Läufen, $(pdfinfo "$SOURCES/cli.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
awk -v a="$core_ms" -v b="$cli_ms" 'BEGIN {printf "Verhältnis App-Kern (erster Lauf) / typst CLI: %.2f\n", a / b}'
