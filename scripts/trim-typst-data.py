#!/usr/bin/env python3
"""Makes `vendor/`: three crates Typst bundles data with, trimmed to what our documents use.

Typst's standard library embeds data that no document of this app reaches: 91 citation styles
and 64 CSL locales (hayagriva; our templates have no bibliography), hyphenation patterns of 48
languages (hypher; the documents are German, English is kept), and a dump of 200 syntax
definitions (two-face; the templates have no code blocks). They are pulled in through default
features that typst-library and typst-layout request, so Cargo's features cannot drop them;
`[patch.crates-io]` in Cargo.toml points these three crates at the trimmed copies instead.
Measured and explained in ARCHITECTURE.md („Shipping“); `tests/it/tidy.rs` checks the patch
is in effect.

Run after a Typst update that changes one of these versions: put the new versions below,
remove the `[patch.crates-io]` lines once so Cargo downloads the registry crates
(`cargo fetch`), run this script, put the lines back, build and run `make test`.

Each trim keeps the crate's public API: a dropped citation style cannot be named any more
(`by_name` finds none, as for a misspelt style), a dropped language is not hyphenated (as for
any language hypher lacks), and the syntax set is empty (code blocks stay plain text).
"""

import glob
import os
import re
import shutil
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENDOR = os.path.join(ROOT, "vendor")
VERSIONS = {"hypher": "0.1.8", "hayagriva": "0.10.1", "two-face": "0.4.5"}

# Hyphenation: the documents' languages.
KEPT_LANGUAGES = {"german": "de", "english": "en"}
# Citations, for a template folder of a consultancy's own that has a bibliography: Typst's
# default style (IEEE, named in its code), the DIN ISO 690 styles, APA, Harvard and the German
# ones (together 160 KB of 2 MB), and the German and English locales.
KEPT_STYLES = {
    "alphanumeric", "apa", "deutsche-gesellschaft-fur-psychologie", "deutsche-sprache",
    "harvard-cite-them-right", "ieee", "iso690-author-date-en", "iso690-numeric-en",
}
KEPT_LOCALE = re.compile(r"/(de|en)-[A-Z]{2}\.cbor")


def unpack(name: str) -> str:
    """Unpacks the registry's `.crate` into `vendor/<name>` and returns that folder."""
    version = VERSIONS[name]
    pattern = os.path.expanduser(f"~/.cargo/registry/cache/*/{name}-{version}.crate")
    found = glob.glob(pattern)
    if not found:
        sys.exit(f"{name} {version} fehlt im Cargo-Cache ({pattern}): erst `cargo fetch` ohne Patch")
    target = os.path.join(VENDOR, name)
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(found[0]) as archive:
        archive.extractall(VENDOR, filter="data")
    os.rename(os.path.join(VENDOR, f"{name}-{version}"), target)
    for generated in (".cargo_vcs_info.json", "Cargo.lock", "Cargo.toml.orig"):
        path = os.path.join(target, generated)
        if os.path.exists(path):
            os.remove(path)
    return target


def edit(path: str, change) -> None:
    with open(path, encoding="utf-8") as file:
        before = file.read()
    after = change(before)
    if after == before:
        sys.exit(f"{path}: nichts geändert – hat sich die Quelle geändert?")
    with open(path, "w", encoding="utf-8") as file:
        file.write(after)


def drop_targets(manifest: str) -> str:
    """Removes [[bin]], [[test]], [[bench]] and [[example]] tables (their files are gone)."""
    return re.sub(r"\n\[\[(bin|test|bench|example)\]\]\n(?:[^\[\n].*\n|\n)*", "\n", manifest)


def trim_hypher() -> None:
    folder = unpack("hypher")
    for trie in os.listdir(os.path.join(folder, "tries")):
        if trie.removesuffix(".bin") not in KEPT_LANGUAGES.values():
            os.remove(os.path.join(folder, "tries", trie))
    shutil.rmtree(os.path.join(folder, "tests"), ignore_errors=True)
    kept = ", ".join(f'"{language}"' for language in KEPT_LANGUAGES)
    edit(
        os.path.join(folder, "Cargo.toml"),
        lambda toml: drop_targets(
            re.sub(r'default = \[\s*"alloc",\s*"full",\s*\]', f'default = ["alloc", {kept}]', toml)
        ),
    )


def trim_hayagriva() -> None:
    folder = unpack("hayagriva")
    styles = os.path.join(folder, "archive", "styles")
    for style in os.listdir(styles):
        if style.removesuffix(".cbor") not in KEPT_STYLES:
            os.remove(os.path.join(styles, style))
    locales = os.path.join(folder, "archive", "locales")
    for locale in os.listdir(locales):
        if not KEPT_LOCALE.search("/" + locale):
            os.remove(os.path.join(locales, locale))
    for unused in ("tests", "src/main.rs", "docs"):
        path = os.path.join(folder, unused)
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)
    edit(os.path.join(folder, "Cargo.toml"), drop_targets)

    def archive(source: str) -> str:
        embedded = re.findall(r"Self::(\w+) => include_bytes!\(\"\.\./\.\./archive/styles/([\w-]+)\.cbor", source)
        kept = {variant for variant, style in embedded if style in KEPT_STYLES}
        if len(kept) != len(KEPT_STYLES):
            sys.exit(f"hayagriva: nicht alle Stile gefunden, nur {sorted(kept)}")
        out, function = [], None
        for line in source.splitlines(keepends=True):
            declared = re.search(r"\bfn (\w+)\(|pub const (\w+)", line)
            if declared:
                function = declared.group(1) or declared.group(2)
            variant = re.search(r"Self::(\w+)", line)
            dropped_style = variant is not None and variant.group(1) not in kept
            if function in ("by_name", "by_id", "all", "bytes") and dropped_style:
                continue  # a dropped style is neither found by name nor listed nor embedded
            if function == "LOCALES" and "include_bytes!" in line and not KEPT_LOCALE.search(line):
                continue
            if function == "bytes" and line.strip() == "}" and "include_bytes!" in out[-1]:
                out.append("            _ => &[], // not reachable: no function hands these out\n")
            out.append(line)
        return "".join(out)

    edit(os.path.join(folder, "src", "csl", "archive.rs"), archive)


def trim_two_face() -> None:
    folder = unpack("two-face")
    for dump in glob.glob(os.path.join(folder, "generated", "syntaxes-*.bin")):
        os.remove(dump)

    def syntax(source: str) -> str:
        return re.sub(
            r"(pub fn extra_(?:no_)?newlines\(\) -> SyntaxSet \{\n).*?\n\}\n",
            r"\1    // Trimmed (vendor/README.md): no syntax definitions, code stays plain text.\n"
            r"    syntect::parsing::SyntaxSetBuilder::new().build()\n}\n",
            source,
            flags=re.S,
        ).replace("use syntect::{dumps, parsing::SyntaxSet};", "use syntect::parsing::SyntaxSet;")

    edit(os.path.join(folder, "src", "syntax.rs"), syntax)


if __name__ == "__main__":
    os.makedirs(VENDOR, exist_ok=True)
    trim_hypher()
    trim_hayagriva()
    trim_two_face()
    print("vendor/ neu geschrieben:", ", ".join(f"{n} {v}" for n, v in VERSIONS.items()))
