#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): the report of the demo and of 1,500 measures in the
# app's core, and – in the same run – the `typst` command line compiling the same template, data,
# charts and fonts, as a ratio. Installs typst-cli with cargo only when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES=$(mktemp -d)
trap 'rm -rf "$SOURCES"' EXIT
out=$(ZK_REPORT_SOURCES="$SOURCES" cargo bench -p zukunftskommune --bench report 2>/dev/null)
echo "$out"
# The cold first run of the core is compared: every run of the command line is cold.
core_ms=$(echo "$out" | awk '/^Bericht mit 1.500 Maßnahmen/ {for (i=1;i<=NF;i++) if ($i ~ /^ms,?$/) {print $(i-1); exit}}')
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

# The demo report as a whole process (`zukunft report`) beside LibreOffice turning the same
# strategy as a Word document (the app's own `export --format docx`) into PDF: the office route.
cargo build -q --release -p zukunftskommune-cli --bin zukunft
ZUKUNFT="${CARGO_TARGET_DIR:-target}/release/zukunft"
WORK=$(mktemp -d)
trap 'rm -rf "$SOURCES" "$WORK"' EXIT
"$ZUKUNFT" demo "$WORK/demo.zukunft" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_ms() { local start=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - start) / 1000000 )); }
app_ms=$(for i in 1 2 3 4 5 6 7; do run_ms "$ZUKUNFT" report "$WORK/demo.zukunft" -o "$WORK/app.pdf" --date 30.11.2026; done | median)
echo "zukunft report (Demo, ganzer Prozess): Median $app_ms ms aus 7 Läufen, $(pdfinfo "$WORK/app.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
if command -v soffice >/dev/null; then
  "$ZUKUNFT" export "$WORK/demo.zukunft" --format docx -o "$WORK/demo.docx" >/dev/null
  office() { soffice "-env:UserInstallation=file://$WORK/lo" --headless --convert-to pdf --outdir "$WORK/lo-out" "$WORK/demo.docx"; }
  office >/dev/null 2>&1 # the first run sets up LibreOffice's profile
  lo_ms=$(for i in 1 2 3 4 5; do run_ms office; done | median)
  echo "LibreOffice, dieselbe Strategie als DOCX → PDF: Median $lo_ms ms aus 5 Läufen, $(pdfinfo "$WORK/lo-out/demo.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
  awk -v a="$lo_ms" -v b="$app_ms" 'BEGIN {printf "Verhältnis LibreOffice / zukunft report: %.1f×\n", a / b}'
else
  echo "LibreOffice (soffice) fehlt: kein Vergleich mit dem Office-Weg."
fi
