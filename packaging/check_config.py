"""Checks the installer configuration cheaply, as part of `make test` (the installers themselves are
built by `make package` and the hosted CI): tauri.conf.json against the Tauri bundler's own JSON
schema (shipped in @tauri-apps/cli), the promises of issue „Ship it“ in it, every file it names,
the shared-mime-info file, the install scripts' syntax and the CI workflow."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
TAURI = ROOT / "src-tauri"


def problems():
    config = json.loads((TAURI / "tauri.conf.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "ui/node_modules/@tauri-apps/cli/config.schema.json").read_text(encoding="utf-8"))
    for error in jsonschema.Draft7Validator(schema).iter_errors(config):
        yield f"tauri.conf.json: {'/'.join(map(str, error.path))}: {error.message}"
    if "version" in config:
        yield "tauri.conf.json: no own version (the bundler takes Cargo.toml's)"
    bundle = config.get("bundle", {})
    if not set(["deb", "rpm", "nsis", "msi", "dmg"]) <= set(bundle.get("targets", [])):
        yield f"bundle.targets: {bundle.get('targets')}"
    for icon in bundle.get("icon", []):
        if not (TAURI / icon).is_file():
            yield f"bundle.icon: {icon} fehlt"
    if not any(i.endswith(".ico") for i in bundle.get("icon", [])) or not any(i.endswith(".icns") for i in bundle.get("icon", [])):
        yield "bundle.icon: .ico (Windows) and .icns (macOS) are needed"
    kinds = bundle.get("fileAssociations", [])
    if not any(a.get("ext") == ["zukunft"] and a.get("mimeType") == "application/x-zukunftskommune" for a in kinds):
        yield "bundle.fileAssociations: .zukunft as application/x-zukunftskommune"
    windows = bundle.get("windows", {})
    if windows.get("webviewInstallMode", {}).get("type") != "offlineInstaller":
        yield "bundle.windows.webviewInstallMode: the offline installer (consultants install without internet)"
    if windows.get("nsis", {}).get("installMode") != "currentUser":
        yield "bundle.windows.nsis.installMode: currentUser (no admin rights)"
    # The window draws the charts with the computer's fonts; their labels are laid out for
    # Liberation Sans (src/charts/mod.rs, FONT). WebKitGTK hyphenates German (`hyphens: auto`,
    # „Informations-sicherheitsbeauftragte“ on the projector) only with hyphen-de's patterns.
    for kind, needed in (("deb", ("fonts-liberation", "hyphen-de")), ("rpm", ("liberation-sans-fonts", "hyphen-de"))):
        for package in needed:
            if package not in bundle.get("linux", {}).get(kind, {}).get("depends", []):
                yield f"bundle.linux.{kind}.depends: {package} (fonts and German hyphenation in the window)"
    for kind in ("deb", "rpm"):
        linux = bundle.get("linux", {}).get(kind, {})
        for target, source in linux.get("files", {}).items():
            if not (TAURI / source).is_file():
                yield f"bundle.linux.{kind}.files: {source} fehlt"
        template = TAURI / linux.get("desktopTemplate", "-")
        if not template.is_file() or "%f" not in template.read_text(encoding="utf-8"):
            yield f"bundle.linux.{kind}.desktopTemplate: a desktop entry whose Exec passes the file (%f)"
        for script in ("postInstallScript", "postRemoveScript"):
            path = TAURI / linux.get(script, "-")
            if not path.is_file():
                yield f"bundle.linux.{kind}.{script} fehlt"
            elif subprocess.run(["sh", "-n", str(path)]).returncode != 0:
                yield f"{path.name}: shell syntax"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(ROOT / "packaging/zukunftskommune-mime.xml").getroot()
    kind = mime.find("m:mime-type", ns)
    if kind is None or kind.get("type") != "application/x-zukunftskommune" or kind.find("m:glob", ns).get("pattern") != "*.zukunft":
        yield "packaging/zukunftskommune-mime.xml: application/x-zukunftskommune for *.zukunft"
    for script in ("scripts/test-install.sh",):
        if subprocess.run(["bash", "-n", str(ROOT / script)]).returncode != 0:
            yield f"{script}: bash syntax"
    workflow = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    for needed in ("windows-latest", "macos-latest", "nsis,msi", "dmg", "tauri build", "secrets.APPLE_CERTIFICATE"):
        if needed not in workflow:
            yield f".github/workflows/release.yml: {needed} fehlt"


if __name__ == "__main__":
    found = list(problems())
    for p in found:
        print(p)
    print("Installer-Konfiguration geprüft" if not found else f"{len(found)} Probleme")
    sys.exit(1 if found else 0)
