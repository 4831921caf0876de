#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): the report of the demo and of 1,500 measures in the
# app's core and as whole `zukunft report` processes (time and peak memory), and – in the same
# run – the `typst` command line compiling the same template, data, charts and fonts, as a ratio;
# then the demo beside LibreOffice. Installs typst-cli with cargo only when it is missing.
# `zukunft` is measured as `make cli` builds it, with profile-guided optimisation
# (scripts/build-cli.sh), and beside the plain release build, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "/usr/bin/time fehlt (apt-get install time)"; exit 1; }
SOURCES=$(mktemp -d)
WORK=$(mktemp -d)
trap 'rm -rf "$SOURCES" "$WORK"' EXIT
out=$(ZK_REPORT_SOURCES="$SOURCES" ZK_LARGE_PROJECT="$WORK/gross.zukunft" cargo bench -p zukunftskommune --bench report 2>/dev/null)
echo "$out"
# The cold first run of the core is compared: every run of the command line is cold.
core_ms=$(echo "$out" | awk '/^Bericht mit 1.500 Maßnahmen/ {for (i=1;i<=NF;i++) if ($i ~ /^ms,?$/) {print $(i-1); exit}}')
command -v typst >/dev/null || cargo install typst-cli --locked
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Wall time (ms) and peak resident memory (MB) of one process, as "ms MB".
timed() { /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1; awk '{printf "%d %d\n", $1 * 1000, $2 / 1024}' "$WORK/time"; }
TYPST_CLI=(typst compile --root "$SOURCES" --font-path "$SOURCES/fonts" --ignore-system-fonts --pdf-standard a-2a --pdf-standard ua-1 "$SOURCES/report.typ" "$SOURCES/cli.pdf")
TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
cargo build -q --release -p zukunftskommune-cli --bin zukunft
PLAIN="$TARGET_DIR/release/zukunft"
ZUKUNFT=$(scripts/build-cli.sh | tail -1)
# The 1,500-measure report as whole processes, alternately (the machine's load changes):
# `zukunft report` and the typst command line on the same template, data, charts and fonts.
for i in 1 2 3 4 5; do
  echo "app $(timed "$ZUKUNFT" report "$WORK/gross.zukunft" -o "$WORK/gross.pdf" --date 30.11.2026)"
  echo "plain $(timed "$PLAIN" report "$WORK/gross.zukunft" -o "$WORK/gross-plain.pdf" --date 30.11.2026)"
  echo "cli $(timed "${TYPST_CLI[@]}")"
done > "$WORK/large"
for who in app plain cli; do
  ms=$(awk -v w=$who '$1 == w {print $2}' "$WORK/large" | median)
  mb=$(awk -v w=$who '$1 == w {print $3}' "$WORK/large" | median)
  echo "$who $ms $mb"
done > "$WORK/large-median"
read -r _ app_large_ms app_large_mb < <(grep '^app' "$WORK/large-median")
read -r _ plain_large_ms plain_large_mb < <(grep '^plain' "$WORK/large-median")
read -r _ cli_ms cli_mb < <(grep '^cli' "$WORK/large-median")
echo "zukunft report (1.500 Maßnahmen, ganzer Prozess): Median $app_large_ms ms, Spitze $app_large_mb MB, $(pdfinfo "$WORK/gross.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
echo "  ohne PGO: Median $plain_large_ms ms, Spitze $plain_large_mb MB; $(cmp -s "$WORK/gross.pdf" "$WORK/gross-plain.pdf" && echo "dieselbe PDF-Datei" || echo "ANDERE PDF-DATEI")"
echo "typst CLI, gleiche Vorlage und Daten (1.500 Maßnahmen): Median $cli_ms ms, Spitze $cli_mb MB, $(pdfinfo "$SOURCES/cli.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
awk -v a="$app_large_ms" -v b="$cli_ms" 'BEGIN {printf "Verhältnis zukunft report / typst CLI: %.2f\n", a / b}'
awk -v a="$core_ms" -v b="$cli_ms" 'BEGIN {printf "Verhältnis App-Kern (erster Lauf im Prozess) / typst CLI: %.2f\n", a / b}'

# The demo report as a whole process (`zukunft report`) beside LibreOffice turning the same
# strategy as a Word document (the app's own `export --format docx`) into PDF: the office route.
"$ZUKUNFT" demo "$WORK/demo.zukunft" >/dev/null
run_ms() { local start=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - start) / 1000000 )); }
for i in 1 2 3 4 5 6 7; do
  echo "app $(run_ms "$ZUKUNFT" report "$WORK/demo.zukunft" -o "$WORK/app.pdf" --date 30.11.2026)"
  echo "plain $(run_ms "$PLAIN" report "$WORK/demo.zukunft" -o "$WORK/plain.pdf" --date 30.11.2026)"
done > "$WORK/demo-runs"
app_ms=$(awk '$1 == "app" {print $2}' "$WORK/demo-runs" | median)
plain_ms=$(awk '$1 == "plain" {print $2}' "$WORK/demo-runs" | median)
echo "zukunft report (Demo, ganzer Prozess): Median $app_ms ms aus 7 Läufen, $(pdfinfo "$WORK/app.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
echo "  ohne PGO: Median $plain_ms ms (abwechselnd gemessen); $(cmp -s "$WORK/app.pdf" "$WORK/plain.pdf" && echo "dieselbe PDF-Datei" || echo "ANDERE PDF-DATEI")"
if command -v soffice >/dev/null; then
  "$ZUKUNFT" export "$WORK/demo.zukunft" --format docx -o "$WORK/demo.docx" >/dev/null
  office() { soffice "-env:UserInstallation=file://$WORK/lo" --headless --convert-to pdf --outdir "$WORK/lo-out" "$WORK/demo.docx"; }
  office >/dev/null 2>&1 # the first run sets up LibreOffice's profile
  lo_ms=$(for i in 1 2 3 4 5; do run_ms office; done | median)
  echo "LibreOffice, dieselbe Strategie als DOCX → PDF: Median $lo_ms ms aus 5 Läufen, $(pdfinfo "$WORK/lo-out/demo.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') Seiten"
  awk -v a="$lo_ms" -v b="$app_ms" -v c="$plain_ms" 'BEGIN {printf "Verhältnis LibreOffice / zukunft report: %.1f× (ohne PGO %.1f×)\n", a / b, a / c}'
else
  echo "LibreOffice (soffice) fehlt: kein Vergleich mit dem Office-Weg."
fi
