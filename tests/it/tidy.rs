//! The house rules as a test over the source tree (after rust-analyzer's tidy tests): each rule
//! of ARCHITECTURE.md's "Invariants" that a reader could break by accident is checked here,
//! on the real tree (no finding) and on a deliberately broken copy (every rule finds its break).

use std::path::{Path, PathBuf};

/// Crates that would bring HTTP or an async runtime into the core (they belong in the shell or
/// a crate of their own).
const NETWORK_OR_ASYNC: &[&str] = &[
    "tokio",
    "async-std",
    "futures",
    "hyper",
    "axum",
    "reqwest",
    "ureq",
    "tiny_http",
    "actix-web",
    "warp",
    "surf",
    "isahc",
    "curl",
    // The room's phones: its own crate, which depends on the core, never the other way round.
    "zukunftskommune-room",
];

/// Every finding of every rule in the tree at `root`, as "rule: file: what".
fn findings(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let rust = files(&root.join("src"), "rs");
    let shell: Vec<PathBuf> = files(&root.join("src-tauri/src"), "rs")
        .into_iter()
        .chain(files(&root.join("room/src"), "rs"))
        .chain(files(&root.join("cli/src"), "rs"))
        .collect();
    let ui: Vec<PathBuf> = files(&root.join("ui/src"), "ts")
        .into_iter()
        .chain(files(&root.join("ui/src"), "svelte"))
        .filter(|p| !p.to_string_lossy().contains(".test."))
        .collect();
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();

    for file in rust.iter().chain(&shell) {
        let text = read(file);
        let name = rel(file);
        if !text.trim_start().starts_with("//!") {
            found.push(format!("doc: {name}: the module has no `//!` doc comment"));
        }
        if file.starts_with(root.join("src")) {
            if !name.starts_with("src/store/") && mentions_crate(&text, "rusqlite") {
                found.push(format!("sql: {name}: names rusqlite outside src/store/"));
            }
            if !name.starts_with("src/report/") && mentions_typst(&text) {
                found.push(format!("typst: {name}: names typst outside src/report/"));
            }
        }
    }

    let manifest = read(&root.join("Cargo.toml"));
    // The core's lints stay denied (clippy in `make test` enforces them on shipped code).
    for lint in [
        "unwrap_used",
        "expect_used",
        "panic",
        "arithmetic_side_effects",
    ] {
        if !manifest.contains(&format!("\n{lint} = \"deny\"")) {
            found.push(format!("lints: Cargo.toml: clippy::{lint} is not denied"));
        }
    }
    if !manifest.contains("[lints]\nworkspace = true") {
        found.push("lints: Cargo.toml: the core does not use the workspace lints".to_string());
    }
    for dependency in dependencies(&manifest) {
        if NETWORK_OR_ASYNC.contains(&dependency.as_str()) {
            found.push(format!(
                "offline: Cargo.toml: the core depends on {dependency} (HTTP/async stays out of the core)"
            ));
        }
    }

    // Typst's trimmed dependencies (vendor/, scripts/trim-typst-data.py): a patch Cargo does
    // not use – after a Typst update that asks for another version – would quietly bring the
    // full data back (and 5 MB with it), so every patched crate must be locked from its folder.
    let lock = read(&root.join("Cargo.lock"));
    for name in patched_crates(&manifest) {
        let blocks: Vec<&str> = lock
            .split("[[package]]\n")
            .filter(|block| block.starts_with(&format!("name = \"{name}\"\n")))
            .collect();
        if blocks.is_empty() || blocks.iter().any(|block| block.contains("\nsource = ")) {
            found.push(format!(
                "trimmed: Cargo.lock: {name} is not built from vendor/{name} (patch unused: run scripts/trim-typst-data.py for the version Typst asks for)"
            ));
        }
    }
    if lock.contains("[[patch.unused]]") {
        found.push("trimmed: Cargo.lock: a patch in Cargo.toml is unused".to_string());
    }

    // One command surface: one `Command` enum, one `dispatch`, one shell command, one caller
    // of the shell in the UI.
    let count_in = |files: &[PathBuf], needle: &str| -> Vec<String> {
        files
            .iter()
            .filter(|f| read(f).contains(needle))
            .map(|f| rel(f))
            .collect()
    };
    for (needle, files, expected) in [
        ("pub enum Command ", &rust, 1),
        ("pub fn dispatch(", &rust, 1),
        ("#[tauri::command]", &shell, 2),
    ] {
        let hits: usize = files.iter().map(|f| read(f).matches(needle).count()).sum();
        if hits != expected {
            found.push(format!(
                "commands: `{needle}` appears {hits} times (expected {expected}): {:?}",
                count_in(files, needle)
            ));
        }
    }
    // The CLI and the shell reach the core only through its surface.
    let entry_points: Vec<PathBuf> = shell.clone();
    for file in &entry_points {
        for name in core_paths(&read(file)) {
            if !SURFACE.contains(&name.as_str()) {
                found.push(format!(
                    "surface: {}: reaches zukunftskommune::{name} (only api, error, model and the root re-exports)",
                    rel(file)
                ));
            }
        }
    }
    // Each program runs on the core's allocator (src/allocator.rs): the report's speed
    // depends on it.
    for program in ["cli/src/main.rs", "src-tauri/src/main.rs"] {
        let path = root.join(program);
        if path.exists() {
            let text = read(&path);
            if !text.contains("static ALLOCATOR: zukunftskommune::Allocator")
                || !text.contains("zukunftskommune::tune_allocator();")
            {
                found.push(format!(
                    "allocator: {program}: does not run on zukunftskommune::Allocator, tuned first in main"
                ));
            }
        }
    }
    for template in files(&root.join("assets/report"), "typ") {
        if context_blocks(&read(&template)).iter().any(|b| {
            b.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')
                .any(|w| w == "data")
        }) {
            found.push(format!(
                "template: {}: a `context` block reads `data` (it carries the whole project into every page's style: no laid-out page is reused after an edit)",
                rel(&template)
            ));
        }
    }
    let labels = generated_labels(&read(&root.join("ui/src/lib/bindings/labels.ts")));
    for file in &ui {
        let name = rel(file);
        let text = read(file);
        // An import, not a mention (the generated licence list names the packages).
        let imports =
            text.contains("from \"@tauri-apps/") || text.contains("import(\"@tauri-apps/");
        if name != "ui/src/lib/api.ts" && imports {
            found.push(format!(
                "seam: {name}: calls the platform directly (only ui/src/lib/api.ts may)"
            ));
        }
        let remote = text.lines().any(|l| {
            let l = l.trim_start();
            let comment = l.starts_with("//") || l.starts_with('*') || l.starts_with("/*");
            !comment && (l.contains("http://") || l.contains("https://"))
        });
        if remote {
            found.push(format!(
                "remote: {name}: names a remote URL (the window loads nothing from outside)"
            ));
        }
        // A view's reply data is replaced whole (`$state.raw`): a deep `$state` proxy over a
        // 1,500-row view made each save's comparison and redraw several times slower.
        if name.starts_with("ui/src/views/")
            && text.lines().any(|l| {
                l.trim_start().starts_with("let view = $state<")
                    || l.trim_start().starts_with("let view = $state(")
            })
        {
            found.push(format!(
                "raw: {name}: keeps its view in a deep `$state` (use `$state.raw`, replace it whole)"
            ));
        }
        if !name.starts_with("ui/src/lib/bindings/") {
            let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some((value, label)) = labels.iter().find(|(value, label)| {
                let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
                flat.contains(&format!("[\"{value}\",\"{label}\"]"))
                    || flat.contains(&format!("{value}:\"{label}\""))
            }) {
                found.push(format!(
                    "labels: {name}: copies the label „{label}“ of {value} (import it from bindings/labels.ts)"
                ));
            }
        }
    }
    found
}

/// The bodies of the `context { … }` / `context [ … ]` blocks of a Typst file (brackets balanced).
fn context_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("context") {
        let after = rest[at + "context".len()..].trim_start();
        let Some(open) = after.chars().next().filter(|c| *c == '{' || *c == '[') else {
            rest = &rest[at + "context".len()..];
            continue;
        };
        let close = if open == '{' { '}' } else { ']' };
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
        }
        blocks.push(after[1..end].to_string());
        rest = &after[end..];
    }
    blocks
}

/// The (value, label) pairs of the generated `labels.ts`: choice lists `["value", "Label"]`
/// and field names `  "field": "Label",`.
fn generated_labels(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for line in text.lines() {
        if let Some(list) = line.strip_prefix("export const ") {
            for pair in list.split("[\"").skip(1) {
                let mut parts = pair.split('"');
                if let (Some(value), Some(_), Some(label)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    pairs.push((value.to_string(), label.to_string()));
                }
            }
        } else if let Some(field) = line.trim().strip_suffix(',') {
            if let Some((name, label)) = field.split_once(": ") {
                pairs.push((
                    name.trim_matches('"').to_string(),
                    label.trim_matches('"').to_string(),
                ));
            }
        }
    }
    pairs
}

/// What the CLI and the shell may name in the core.
const SURFACE: &[&str] = &[
    "api",
    "error",
    "model",
    "dispatch",
    "dispatch_shared",
    "ApiError",
    "Command",
    "Error",
    "ErrorCode",
    "Reply",
    "Session",
    "Result",
    // The programs' allocator (src/allocator.rs), named in each `main`.
    "Allocator",
    "tune_allocator",
];

/// The first names after each `zukunftskommune::` in code (each item of a `{…}` group).
fn core_paths(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in code_lines(text) {
        for (i, _) in line.match_indices("zukunftskommune::") {
            let rest = &line[i + "zukunftskommune::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() {
                        names.push(item.to_string());
                    }
                }
            } else {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                names.push(word);
            }
        }
    }
    names
}

/// Whether Rust code (outside comments) names the crate `name`.
fn mentions_crate(text: &str, name: &str) -> bool {
    code_lines(text).any(|line| {
        line.contains(&format!("{name}::"))
            || line.contains(&format!("use {name}"))
            || line.contains(&format!("extern crate {name}"))
    })
}

/// Whether Rust code names typst or one of its crates (`typst::`, `typst_pdf::` …).
fn mentions_typst(text: &str) -> bool {
    code_lines(text).any(|line| {
        line.match_indices("typst").any(|(i, _)| {
            let rest = &line[i..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let before = line[..i].chars().next_back();
            let starts_word = !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            starts_word && rest[word.len()..].starts_with("::")
        })
    })
}

/// Lines of Rust code with `//` comments removed (doc comments may name anything).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .filter(|line| !line.trim().is_empty())
}

/// The entries of one table of a manifest (`[dependencies]`, …) as (name, value), comments left out.
fn table_entries(manifest: &str, table: &str) -> Vec<(String, String)> {
    let mut in_table = false;
    let mut entries = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_table = line == table;
        } else if let Some((name, value)) = line.split_once('=').filter(|_| in_table) {
            let name = name.trim().trim_end_matches(".workspace").trim();
            if !name.is_empty() && !name.starts_with('#') {
                entries.push((name.to_string(), value.trim().to_string()));
            }
        }
    }
    entries
}

/// The crates `[patch.crates-io]` points at a folder of ours.
fn patched_crates(manifest: &str) -> Vec<String> {
    table_entries(manifest, "[patch.crates-io]")
        .into_iter()
        .filter(|(_, value)| value.contains("path"))
        .map(|(name, _)| name)
        .collect()
}

/// The names in the `[dependencies]` table of a manifest.
fn dependencies(manifest: &str) -> Vec<String> {
    table_entries(manifest, "[dependencies]")
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_source_tree_keeps_the_house_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = findings(root);
    assert!(
        found.is_empty(),
        "house rules broken:\n{}",
        found.join("\n")
    );
}

/// Every rule finds a deliberate break in a copy of the relevant files, so none of them can
/// pass by not looking.
#[test]
fn each_house_rule_finds_its_break() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path();
    let put = |rel: &str, text: &str| {
        let path = copy.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put("src/api/mod.rs", &read(&root.join("src/api/mod.rs")));
    put(
        "src-tauri/src/lib.rs",
        &read(&root.join("src-tauri/src/lib.rs")),
    );
    put("ui/src/lib/api.ts", &read(&root.join("ui/src/lib/api.ts")));
    put(
        "ui/src/lib/bindings/labels.ts",
        &read(&root.join("ui/src/lib/bindings/labels.ts")),
    );
    put("Cargo.toml", &read(&root.join("Cargo.toml")));
    put("Cargo.lock", &read(&root.join("Cargo.lock")));
    put(
        "assets/report/report.typ",
        &read(&root.join("assets/report/report.typ")),
    );
    assert_eq!(
        findings(copy),
        Vec::<String>::new(),
        "the copy starts clean"
    );

    put(
        "src/model/broken.rs",
        "use rusqlite::Connection;\npub fn f() {}\n",
    );
    put(
        "src/api/second.rs",
        "//! A second surface.\npub enum Command {}\npub fn dispatch() { let _ = typst_pdf::pdf; }\n",
    );
    put(
        "src-tauri/src/extra.rs",
        "//! Another shell command.\n#[tauri::command]\nfn other() { zukunftskommune::store::check_file(p); }\n",
    );
    put(
        "ui/src/views/Direct.svelte",
        "<script>import { open } from \"@tauri-apps/plugin-dialog\";</script>\n<img src=\"https://example.org/x.png\" />\n",
    );
    put(
        "ui/src/views/Table.svelte",
        "<script>const s = [[\"in_umsetzung\", \"in Umsetzung\"]];</script>\n",
    );
    put(
        "ui/src/views/Fields.svelte",
        "<script>const f = { lead: \"Federführung\" };</script>\n",
    );
    put(
        "ui/src/views/Deep.svelte",
        "<script lang=\"ts\">\n  let view = $state<Big | null>(null);\n</script>\n",
    );
    put(
        "Cargo.toml",
        &read(&root.join("Cargo.toml"))
            .replace(
                "[dependencies]\n",
                "[dependencies]\ntokio = { version = \"1\" }\n",
            )
            .replace("unwrap_used = \"deny\"", "unwrap_used = \"warn\""),
    );
    put(
        "Cargo.lock",
        &read(&root.join("Cargo.lock")).replace(
            "name = \"hypher\"\nversion = \"0.1.8\"\n",
            "name = \"hypher\"\nversion = \"0.1.8\"\nsource = \"registry+crates-io\"\n",
        ),
    );
    put(
        "assets/report/broken.typ",
        "#set page(footer: context { [#counter(page).display() #data.title] })\n",
    );
    put(
        "cli/src/main.rs",
        "//! A program on the system allocator.\nfn main() {}\n",
    );
    let found = findings(copy).join("\n");
    for rule in [
        "allocator: cli/src/main.rs",
        "doc: src/model/broken.rs",
        "sql: src/model/broken.rs",
        "typst: src/api/second.rs",
        "offline: Cargo.toml: the core depends on tokio",
        "lints: Cargo.toml: clippy::unwrap_used is not denied",
        "commands: `pub enum Command ` appears 2 times",
        "commands: `pub fn dispatch(` appears 2 times",
        "commands: `#[tauri::command]` appears 3 times",
        "seam: ui/src/views/Direct.svelte",
        "remote: ui/src/views/Direct.svelte",
        "labels: ui/src/views/Table.svelte: copies the label „in Umsetzung“ of in_umsetzung",
        "labels: ui/src/views/Fields.svelte: copies the label „Federführung“ of lead",
        "raw: ui/src/views/Deep.svelte",
        "surface: src-tauri/src/extra.rs: reaches zukunftskommune::store",
        "template: assets/report/broken.typ: a `context` block reads `data`",
        "trimmed: Cargo.lock: hypher is not built from vendor/hypher",
    ] {
        assert!(found.contains(rule), "{rule} not found in:\n{found}");
    }
    // Names in comments are not code.
    assert!(!mentions_crate("// rusqlite::Connection is …", "rusqlite"));
    assert!(!mentions_typst("/// the `typst` CLI, not typstx::y"));
    assert!(mentions_typst("let d = typst::compile(&w);"));
    assert_eq!(
        core_paths("use zukunftskommune::{dispatch, api::Patch};"),
        ["dispatch", "api"]
    );
}
