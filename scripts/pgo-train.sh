#!/usr/bin/env bash
# What the optimised build learns from (scripts/pgo-profile.sh): what a consultant does with the
# demo municipality – its report in both stages, the preview pages before and after an edit, the
# Beschlussvorlage, the Umsetzungsbericht, Word and Excel, every Baustein's view and a few saves.
# Code it never runs is laid out as rarely used, so it should run what the window runs.
#
#   scripts/pgo-train.sh ZUKUNFT FOLDER     (any build of `zukunft`; FOLDER is created)
#
# tests/it/cli.rs runs it with the test build: a changed command line fails that test instead of
# the installers' build.
set -euo pipefail
Z=$(realpath "$1")
mkdir -p "$2"
cd "$2"
"$Z" demo Musterstadt.zukunft >/dev/null
"$Z" demo Entwurf.zukunft --stand entwurf >/dev/null
for project in Musterstadt Entwurf; do
  "$Z" check "$project.zukunft" >/dev/null
  "$Z" info "$project.zukunft" >/dev/null
  for run in 1 2; do
    "$Z" report "$project.zukunft" -o "$project.pdf" --date 30.11.2026 >/dev/null
  done
  "$Z" export "$project.zukunft" --format docx -o "$project.docx" >/dev/null
done
"$Z" export Musterstadt.zukunft --format xlsx -o Musterstadt.xlsx >/dev/null
"$Z" export Entwurf.zukunft --format vorlage-pdf -o Vorlage.pdf >/dev/null
"$Z" implementation-report Musterstadt.zukunft -o Umsetzungsbericht.pdf --date 30.11.2026 >/dev/null
# The window's paths through the same core: every Baustein's view, saves (each returns its
# view), the preview before and after an edit of the first chapter.
section=$(printf '%s\n' '{"strategy":"get"}' | "$Z" apply Entwurf.zukunft - |
  grep -o '"sections":\[{"id":"[0-9a-f-]*"' | grep -o '[0-9a-f-]\{36\}')
"$Z" apply Entwurf.zukunft - >/dev/null <<EOF
{"project":"overview"}
{"goals":"get"}
{"check":"get"}
{"life_areas":"get"}
{"measures":"get"}
{"implementation":"get"}
{"strategy":"get"}
{"goals":{"save_goal":{"title":"Verwaltung rund um die Uhr erreichbar","indicator":"Anteil online beantragbarer Leistungen","target_value":"80 % bis 2028"}}}
{"measures":{"save_measure":{"title":"Digitale Bauakte für alle Ortsteile","start_quarter":"2027-Q1","end_quarter":"2028-Q4","cost_once_cents":4000000}}}
{"strategy":{"preview":{"page":1,"pages":2,"date":"2026-11-30"}}}
{"strategy":{"preview":{"section":"$section","body":"Ein geänderter Absatz mit **Hervorhebung** und einer Liste:\n\n- erstens\n- zweitens","pages":2,"date":"2026-11-30"}}}
{"strategy":{"preview":{"page":20,"pages":6,"date":"2026-11-30"}}}
EOF
