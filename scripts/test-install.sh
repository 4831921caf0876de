#!/usr/bin/env bash
# Installs the .deb from `make package` as a user's machine would, and checks what a user meets:
# the app's files and desktop entry, the .zukunft file type and its default app, the installed app
# opening a project given as argument (real window, Xvfb, WebDriver), the app data where the
# platform expects it; then removes the package and checks it leaves the user's project alone.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
deb=$(ls -t "$TARGET"/dist/bundle/deb/*.deb "$TARGET"/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || { echo "Kein .deb gefunden: zuerst 'make package'."; exit 1; }
echo "Paket: $deb"

# What a desktop brings along for file types (not needed to build, only to install and check).
missing=$(for p in xdg-utils shared-mime-info desktop-file-utils libglib2.0-bin; do dpkg -s $p >/dev/null 2>&1 || echo $p; done)
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

name=$(dpkg-deb -f "$deb" Package)
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$(realpath "$deb")"
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$name" >/dev/null 2>&1 || true' EXIT
app=/usr/bin/zukunftskommune-desktop
test -x "$app" || { echo "$app fehlt"; dpkg -L "$name"; exit 1; }
desktop=$(dpkg -L "$name" | grep '/usr/share/applications/.*\.desktop$' | head -1)
grep -q '^MimeType=.*application/x-zukunftskommune' "$desktop" || { echo "Desktop-Eintrag ohne MimeType:"; cat "$desktop"; exit 1; }
grep -q '^Exec=.* %[fFuU]' "$desktop" || { echo "Desktop-Eintrag gibt die Datei nicht weiter:"; cat "$desktop"; exit 1; }
for size in 32x32 128x128 256x256@2; do
  dpkg -L "$name" | grep -q "/usr/share/icons/hicolor/$size/apps/" || { echo "Icon $size fehlt"; exit 1; }
done
dpkg -L "$name" | grep -q /usr/share/mime/packages/zukunftskommune.xml

work=$(mktemp -d)
project="$work/Musterstadt.zukunft"
cli="$TARGET/release/zukunft"
[ -x "$cli" ] || cli="$TARGET/debug/zukunft"
[ -x "$cli" ] || cargo build -q --release -p zukunftskommune-cli --bin zukunft
[ -x "$cli" ] || cli="$TARGET/release/zukunft"
"$cli" demo "$project" >/dev/null
# As a desktop asks (GNOME's GIO reads shared-mime-info's globs; without a desktop, xdg-mime falls
# back to `file`, which sees only an SQLite database).
export XDG_CURRENT_DESKTOP=GNOME
type=$(xdg-mime query filetype "$project")
[ "$type" = application/x-zukunftskommune ] || { echo "Dateityp: $type"; exit 1; }
default=$(xdg-mime query default application/x-zukunftskommune)
[ "$default" = "$(basename "$desktop")" ] || { echo "Standardprogramm: '$default'"; exit 1; }
echo "Dateityp $type, geöffnet mit $default"

# The installed app opens a project given on its command line, in the real window.
make -s deps-driver deps-py >/dev/null
ZK_APP="$app" ZK_CLI="$cli" ZK_SCREENSHOTS="$TARGET/e2e-screenshots" xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
  .venv/bin/python -m pytest -q -p no:cacheprovider e2e/test_installed.py

DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$name"
trap - EXIT
test ! -e "$app" || { echo "$app ist nach dem Entfernen noch da"; exit 1; }
test -f "$project" || { echo "Das Entfernen hat die Projektdatei gelöscht"; exit 1; }
[ -z "$(xdg-mime query default application/x-zukunftskommune 2>/dev/null)" ] || { echo "Dateityp zeigt noch auf die App"; exit 1; }
rm -rf "$work"
echo "Installation geprüft: installiert, Datei geöffnet, entfernt; die Projektdatei blieb."
