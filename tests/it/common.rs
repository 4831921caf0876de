//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zukunftskommune::api::*;
use zukunftskommune::{dispatch, ApiError, Command, Reply, Session};

/// The CLI `zukunft` (package `zukunftskommune-cli`, which depends on this one): built once per
/// test run with the same cargo and profile, so a test never runs a stale binary.
pub fn zukunft_bin() -> &'static Path {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        // target/<profile>/deps/it-… → target/<profile>/zukunft
        let exe = std::env::current_exe().expect("test binary");
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target folder")
            .to_path_buf();
        let profile = dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let built = std::process::Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "zukunftskommune-cli",
                "--bin",
                "zukunft",
            ])
            .args(match profile {
                "debug" => vec![],
                other => vec!["--profile".to_string(), other.to_string()],
            })
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo build of the CLI");
        assert!(built.success(), "the CLI zukunft did not build");
        dir.join(format!("zukunft{}", std::env::consts::EXE_SUFFIX))
    })
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn call(s: &mut Session, c: Command) -> Reply {
    match dispatch(s, c.clone()) {
        Ok(r) => r,
        Err(e) => panic!("command {c:?} failed: {} ({:?})", e.message, e.code),
    }
}

/// Runs SQL on a closed project file with the `sqlite3` tool (tests that damage or craft
/// files); returns what it printed.
pub fn sqlite3(path: &Path, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(path)
        .arg(sql)
        .output()
        .expect("sqlite3 (make test installs it)");
    assert!(
        out.status.success(),
        "sqlite3 {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sends a command written as JSON (as `zukunft apply` reads it).
pub fn run_json(s: &mut Session, json: &str) -> Result<Reply, ApiError> {
    let command = parse_command(json).map_err(ApiError::from)?;
    dispatch(s, command)
}

pub fn call_err(s: &mut Session, c: Command) -> ApiError {
    match dispatch(s, c) {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e,
    }
}

/// A fresh project with start date, opened in a new session.
pub fn new_project(dir: &Path, name: &str) -> (Session, PathBuf) {
    create_project(
        dir,
        NewProject {
            name: name.into(),
            ags: "08999042".into(),
            population: Some(4200),
            start_date: chrono::NaiveDate::from_ymd_opt(2027, 2, 1),
            ..Default::default()
        },
    )
}

/// A project created with its name only, as a consultant may start one: no Projektbeginn, so
/// no Zehn-Monats-Plan and no dates.
pub fn bare_project(dir: &Path, name: &str) -> (Session, PathBuf) {
    create_project(
        dir,
        NewProject {
            name: name.into(),
            ..Default::default()
        },
    )
}

/// A new project with one measure per (start, end) period, e.g. ("2027-Q3", "2028-Q1").
pub fn project_with_periods(dir: &Path, spans: &[(&str, &str)]) -> Session {
    let (mut s, _) = new_project(dir, "Zeitraeume");
    for (i, (start, end)) in spans.iter().enumerate() {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {
                "title": format!("Maßnahme {i}"), "start_quarter": start, "end_quarter": end
            }}})
            .to_string(),
        )
        .unwrap();
    }
    s
}

/// Exports the strategy as Word to `docx` and returns its `word/document.xml`.
pub fn strategy_word_xml(s: &mut Session, docx: &Path) -> String {
    call(
        s,
        Command::Project(ProjectCommand::Export {
            format: ExportFormat::Docx,
            path: docx.display().to_string(),
        }),
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

/// Creates `<name>.zukunft` in `dir` from `project`, through the command surface.
pub fn create_project(dir: &Path, project: NewProject) -> (Session, PathBuf) {
    let path = dir.join(format!("{}.zukunft", project.name));
    let mut s = Session::new();
    call(
        &mut s,
        Command::File(FileCommand::Create {
            path: path.display().to_string(),
            project,
            catalog_dir: None,
        }),
    );
    (s, path)
}

/// The demo a year into its implementation (adopted, two status rounds).
pub fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("Musterstadt.zukunft");
    zukunftskommune::api::write_demo(&path).expect("demo");
    path
}

/// The demo's draft before the council's vote (Bausteine 1–5 only).
pub fn demo_draft(dir: &Path) -> PathBuf {
    let path = dir.join("Musterstadt.zukunft");
    zukunftskommune::api::write_demo_stage(&path, zukunftskommune::api::DemoStage::Entwurf)
        .expect("demo");
    path
}

pub fn open(path: &Path) -> Session {
    open_with_overview(path).0
}

/// Opens `path` in a new session; the overview says what opening noticed.
pub fn open_with_overview(path: &Path) -> (Session, Overview) {
    let mut s = Session::new();
    match call(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    ) {
        Reply::Overview(o) => (s, o),
        r => panic!("unexpected {r:?}"),
    }
}

pub fn export(s: &mut Session) -> String {
    match call(s, Command::File(FileCommand::ExportJson)) {
        Reply::Json(t) => t,
        r => panic!("unexpected {r:?}"),
    }
}

/// Live rows as (table, id) → body, from the export: what a user can see, without timestamps.
pub fn live_state(s: &mut Session) -> BTreeMap<(String, String), serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&export(s)).expect("export json");
    let mut out = BTreeMap::new();
    for (table, rows) in v["tables"].as_object().expect("tables") {
        for row in rows.as_array().expect("rows") {
            if row["deleted"] == serde_json::Value::Bool(false) {
                out.insert(
                    (
                        table.clone(),
                        row["id"].as_str().unwrap_or_default().to_string(),
                    ),
                    row["body"].clone(),
                );
            }
        }
    }
    out
}

pub fn goals(s: &mut Session) -> GoalsView {
    match call(s, Command::Goals(GoalsCommand::Get)) {
        Reply::Goals(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

pub fn check(s: &mut Session) -> CheckView {
    match call(s, Command::Check(CheckCommand::Get)) {
        Reply::Check(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

pub fn areas(s: &mut Session) -> LifeAreasView {
    match call(s, Command::LifeAreas(LifeAreasCommand::Get)) {
        Reply::LifeAreas(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

pub fn measures(s: &mut Session) -> MeasuresView {
    match call(s, Command::Measures(MeasuresCommand::Get)) {
        Reply::Measures(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

pub fn strategy(s: &mut Session) -> StrategyView {
    match call(s, Command::Strategy(StrategyCommand::Get)) {
        Reply::Strategy(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

pub fn info(s: &mut Session) -> ProjectInfo {
    match call(s, Command::Project(ProjectCommand::Info)) {
        Reply::Info(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

/// Text that breaks naive code: emoji, RTL, markup, quotes, control characters, NUL excluded.
pub fn torture_texts() -> Vec<String> {
    vec![
        "Glasfaser 🚀 für alle → 100 % ✓ 中文 👩🏽‍💻".to_string(),
        "مرحبا بالعالم – שלום".to_string(),
        "<script>alert('x')</script> & <b>fett</b>".to_string(),
        "„Anführungszeichen“ \"doppelt\" 'einfach' `backtick` \\ backslash".to_string(),
        "Steuer\u{1}zeichen\u{7}\t\r\nneue Zeile\u{1b}[31m".to_string(),
        "#panic(\"x\") *x* $x$ @ref // kein Kommentar".to_string(),
        "Ää€ x".repeat(100), // 500 characters: the longest one-line text
    ]
}

/// Fails unless the squeezed `text` (a PDF's, [`squeeze`]d) contains `needle`, squeezed too.
#[track_caller]
pub fn assert_says(text: &str, needle: &str) {
    assert!(
        text.contains(&squeeze(needle)),
        "„{needle}“ missing in:\n{text}"
    );
}

/// Text without whitespace, hyphens and dashes: PDF text compared across line breaks and
/// hyphenation.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '–'))
        .collect()
}

/// Answers eight questions of the first scored dimension with IST 0, 1, 2, 3, 4, 0, 1, 2
/// (IST 32,5 of 100) and `soll` for each; returns the dimension's id.
pub fn answer_eight_questions(s: &mut Session, soll: Option<u8>) -> uuid::Uuid {
    let view = check(s);
    let first = view
        .dimensions
        .iter()
        .find(|d| d.dimension.scored && d.items.len() >= 8)
        .expect("a scored dimension with eight questions");
    for (i, item) in first.items.iter().enumerate().take(8) {
        let mut answer = serde_json::json!({"item_id": item.item.id, "ist": i % 5});
        if let Some(soll) = soll {
            answer["soll"] = soll.into();
        }
        run_json(
            s,
            &serde_json::json!({"check": {"save_answer": answer}}).to_string(),
        )
        .expect("an answer");
    }
    first.dimension.id
}
