#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): cold start of the release app to first paint under
# Xvfb (median of 5) and idle RSS of the app with all its WebKit processes, demo open.
# "First paint" = the first screenshot of the window area that is no longer a uniform colour.
# Anchor in the same run: Tauri's hello-world (bench/tauri-hello), same Tauri, profile and machine,
# so the app's figures read as a ratio that does not depend on the machine's speed that day; once
# as Tauri's template starts it, once with `GDK_GL=disable` (drawn with cairo, as the app draws).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# PROFILE=dist measures the installers' build (Cargo.toml), default: release.
PROFILE="${PROFILE:-release}"
APP="$TARGET_DIR/$PROFILE/zukunftskommune-desktop"
HELLO="$TARGET_DIR/$PROFILE/tauri-hello"
RUNS=5

(cd ui && npm run build >/dev/null)
cargo build --profile "$PROFILE" -p zukunftskommune-desktop -p zukunftskommune-cli -p tauri-hello --bins >/dev/null
bytes=$(stat -c %s "$APP")
echo "Programmdatei ($PROFILE): $bytes Bytes = $(awk -v b="$bytes" 'BEGIN {printf "%.2f MB (%.2f MiB)", b / 1e6, b / 1048576}')"
command -v import >/dev/null || { echo "ImageMagick 'import' fehlt (apt-get install imagemagick)"; exit 1; }

DISPLAY_NUM=97
Xvfb :$DISPLAY_NUM -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
export DISPLAY=:$DISPLAY_NUM
sleep 1

DATA=$(mktemp -d)
# The demo file is written once; every run opens a fresh copy (app data folder like a user's).
"$TARGET_DIR/$PROFILE/zukunft" demo "$DATA/demo.zukunft" >/dev/null

tree_rss_kb() { # RSS of a process and all its descendants
  local pids="$1" all="$1" next
  while [ -n "$pids" ]; do
    next=$(for p in $pids; do pgrep -P "$p" || true; done | tr '\n' ' ')
    all="$all $next"; pids=$(echo "$next" | xargs)
  done
  for p in $all; do awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || true; done | awk '{s+=$1} END {print s+0}'
}

# Each run starts the app as shipped, then once with GTK's OpenGL left on (`GDK_GL=` set empty,
# which the app respects): the share of GTK's GL probe, measured alternately in one run.
measure() { # measure LABEL [ENV=VALUE ...]: one cold start; appends to the arrays named LABEL_*
  local label=$1; shift
  HOME_DIR=$(mktemp -d)
  mkdir -p "$HOME_DIR/de.zukunftskommune.desktop"
  cp "$DATA/demo.zukunft" "$HOME_DIR/de.zukunftskommune.desktop/Musterstadt-Demo.zukunft"
  start=$(date +%s%N)
  if [[ "$label" = hello* ]]; then
    env "$@" XDG_DATA_HOME="$HOME_DIR" "$HELLO" >/dev/null 2>&1 &
  else
    env "$@" XDG_DATA_HOME="$HOME_DIR" "$APP" --demo >/dev/null 2>&1 &
  fi
  PID=$!
  while :; do
    sd=$(import -window root -crop 640x400+0+0 -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
    if awk -v s="$sd" 'BEGIN {exit !(s > 0.05)}'; then break; fi
    if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 30000 ]; then echo "kein Bild nach 30 s"; break; fi
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 3
  total=$(tree_rss_kb $PID)
  own=$(awk '/^VmRSS/ {print $2}' /proc/$PID/status)
  [ "$label" = app ] && [ "$i" = 1 ] && cp /proc/$PID/smaps "$DATA/smaps"
  eval "${label}_times+=($ms); ${label}_rss+=($total); ${label}_own+=($own)"
  kill $PID; wait $PID 2>/dev/null || true
  rm -rf "$HOME_DIR"
  # The single-instance lock (a D-Bus name) is released after the process: a start before
  # that would hand its file to the ending app and quit.
  sleep 1
  echo "Lauf $i ($label): erstes Bild nach $ms ms, RSS gesamt $((total / 1024)) MB (Prozess $((own / 1024)) MB)"
}

# A third start sets `GDK_GL=disable` itself: GTK draws without GL as in the app's default,
# but the app, seeing the user's choice, leaves EGL alone, so WebKit's EGL check loads Mesa
# into the window's process (the app's state before 1 December 2026).
app_times=(); app_rss=(); app_own=(); gl_times=(); gl_rss=(); gl_own=()
mesa_times=(); mesa_rss=(); mesa_own=(); hello_times=(); hello_rss=(); hello_own=()
hellocairo_times=(); hellocairo_rss=(); hellocairo_own=()
for i in $(seq $RUNS); do
  measure hello
  measure hellocairo GDK_GL=disable
  measure app
  measure gl GDK_GL=
  measure mesa GDK_GL=disable
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "Kaltstart bis erstes Bild (Median aus $RUNS): $(median "${app_times[@]}") ms; mit GTKs OpenGL: $(median "${gl_times[@]}") ms"
ratio() { awk -v a="$1" -v h="$2" 'BEGIN {printf "%.2f", a / h}'; }
hello_ms=$(median "${hello_times[@]}")
hellocairo_ms=$(median "${hellocairo_times[@]}")
echo "  Anker Tauri-Hello-World (gleicher Lauf): $hello_ms ms; App : Hello-World = $(ratio "$(median "${app_times[@]}")" "$hello_ms")"
echo "  Hello-World ohne GTKs OpenGL (wie die App zeichnet): $hellocairo_ms ms; App : diese = $(ratio "$(median "${app_times[@]}")" "$hellocairo_ms")"
echo "  Hello-World RSS: $(( $(median "${hello_rss[@]}") / 1024 )) MB gesamt, Prozess $(( $(median "${hello_own[@]}") / 1024 )) MB"
echo "RSS im Leerlauf mit Demo (Median, App + WebKit-Prozesse): $(( $(median "${app_rss[@]}") / 1024 )) MB; App-Prozess allein: $(( $(median "${app_own[@]}") / 1024 )) MB"
echo "  mit GTKs OpenGL: $(( $(median "${gl_rss[@]}") / 1024 )) MB; App-Prozess allein: $(( $(median "${gl_own[@]}") / 1024 )) MB"
echo "  ohne GTKs OpenGL, Mesa im App-Prozess: $(( $(median "${mesa_rss[@]}") / 1024 )) MB; App-Prozess allein: $(( $(median "${mesa_own[@]}") / 1024 )) MB; erstes Bild $(median "${mesa_times[@]}") ms"
# Where the app process's memory is (first run, idle): resident pages by what they belong to.
echo "App-Prozess im Leerlauf nach Herkunft (MB):"
awk -v app="$(basename "$APP")" '
  /^[0-9a-f]+-[0-9a-f]+ / { f = $6
    if (f ~ app) g = "dieses Programm (Code und Daten)"
    else if (f == "" || f ~ /^\[(heap|anon|stack)/) g = "Heap und anonymer Speicher"
    else if (f ~ /LLVM|_dri\.so|libgallium|libGL|libEGL|libglapi|libgbm|libdrm/) g = "Mesa und LLVM (OpenGL/EGL)"
    else if (f ~ /webkit2gtk|javascriptcore/) g = "WebKit und JavaScriptCore"
    else g = "weitere Systembibliotheken (GTK, GLib, ICU, ...)" }
  /^Rss:/ { rss[g] += $2 }
  END { for (g in rss) printf "  %5.0f  %s\n", rss[g] / 1024, g }' "$DATA/smaps" | sort -rn
