//! The project file's lifecycle: create (and clean up after a failed create), open (with its
//! notices), close, check, the recent list; the JSON export and import live in `exchange.rs`.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::exchange::{export_json, import_json};
use super::project::overview;
use super::{Reply, Session};
use crate::catalog::{self, Catalog};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{ProjectFile, Writer, SCHEMA_VERSION};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileCommand {
    /// Creates a new project file from the built-in catalogue and opens it.
    Create {
        path: String,
        project: NewProject,
        /// A consultancy's own catalogue folder (default: the built-in catalogue).
        #[serde(default)]
        #[ts(optional)]
        catalog_dir: Option<String>,
    },
    /// Checks the fields of a new project one by one with the profile's own rules, before the
    /// window asks where to save it; writes nothing.
    CheckNewProject(NewProject),
    /// Writes the demo municipality "Musterstadt" to `path` and opens it: a year into its
    /// implementation, or with `stage: "entwurf"` the draft before the council's vote.
    CreateDemo {
        path: String,
        #[serde(default)]
        #[ts(optional)]
        stage: Option<super::demo::DemoStage>,
    },
    Open {
        path: String,
    },
    /// Opens the demo municipality at `path`, writing it first when the file does not exist.
    OpenDemo {
        path: String,
    },
    Close,
    /// The whole open project as documented JSON (see ARCHITECTURE.md).
    ExportJson,
    /// Creates `path` from an exported JSON text and opens it.
    ImportJson {
        json: String,
        path: String,
    },
    /// Writes the built-in catalogue as a folder of JSON files (to adapt it).
    ExportCatalog {
        dir: String,
    },
    /// Reads a catalogue folder and lists every problem; returns the catalogue when valid.
    CheckCatalog {
        dir: String,
    },
    /// Runs every opening check on a file without opening it as the project (`zukunft check`);
    /// an interrupted change is taken back first, as opening does.
    Check {
        path: String,
    },
    /// The recently opened projects, newest first.
    Recent,
    /// Removes a project from the recent list (the file itself stays).
    ForgetRecent {
        path: String,
    },
}

/// The result of [`FileCommand::Check`]: the file passed every opening check.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileCheck {
    pub path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// An interrupted change was taken back before checking.
    pub recovered: bool,
}

/// What the "Neues Projekt" wizard and `zukunft new` ask for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewProject {
    pub name: String,
    pub kind: MunicipalityKind,
    pub ags: String,
    pub district: String,
    pub population: Option<u32>,
    pub start_date: Option<NaiveDate>,
    pub consultants: String,
}

pub(super) fn handle_file(session: &mut Session, command: FileCommand) -> Result<Reply> {
    match command {
        FileCommand::Create {
            path,
            project,
            catalog_dir,
        } => {
            session.project = None;
            let catalog = match catalog_dir {
                Some(dir) => Catalog::from_dir(Path::new(&dir))?,
                None => Catalog::builtin()?,
            };
            let file = create(Path::new(&path), project, &catalog)?;
            open_reply(session, file, None)
        }
        FileCommand::CheckNewProject(project) => Ok(Reply::FieldProblems(problems(&project))),
        FileCommand::CreateDemo { path, stage } => {
            session.project = None;
            super::demo::write_stage(Path::new(&path), stage.unwrap_or_default())?;
            let (file, _) = ProjectFile::open(Path::new(&path))?;
            open_reply(session, file, None)
        }
        FileCommand::Open { path } => {
            // The project already open is not opened twice (its lock would refuse it); another
            // file replaces it only once it has opened, so a refused file leaves the work as it was.
            if let Some(open) = &session.project {
                if crate::durable::same_file(open.path(), Path::new(&path)) {
                    let reply = Reply::Overview(overview(open)?);
                    return Ok(session.with_session_state(reply));
                }
            }
            let (file, report) = ProjectFile::open(Path::new(&path))?;
            let migrated = report.migrated_from.map(|v| {
                format!(
                    "Die Datei wurde vom Format {v} auf Format {SCHEMA_VERSION} aktualisiert. Eine Sicherung liegt unter „{}“.",
                    report.backup_path.as_deref().map(display).unwrap_or_default()
                )
            });
            let scrubbed = file.meta(crate::store::WITHOUT_PERSONAL_DATA)?.map(|_| {
                "Diese Kopie wurde ohne personenbezogene Daten verschickt: Namen und Kontakte der \
                 Beteiligten sind leer. Wird sie mit dem Original zusammengeführt, bleiben sie dort \
                 erhalten."
                    .to_string()
            });
            let recovered = report.recovered.then(|| {
                "Beim letzten Speichern wurde das Programm unterbrochen (z. B. Absturz oder \
                 Stromausfall). Die unvollständige letzte Änderung wurde zurückgenommen; alles \
                 davor ist erhalten."
                    .to_string()
            });
            let missing = missing_singletons(&file)?;
            let read_only = file.is_read_only().then(|| {
                "Die Datei ist schreibgeschützt (oder liegt in einem schreibgeschützten Ordner): \
                 Sie können das Projekt ansehen und Berichte erzeugen, Änderungen werden aber \
                 nicht gespeichert. Mit „Beschreibbare Kopie anlegen …“ arbeiten Sie an einer \
                 Kopie weiter."
                    .to_string()
            });
            let notice: Vec<String> = read_only
                .into_iter()
                .chain(recovered)
                .chain(missing)
                .chain(migrated)
                .chain(scrubbed)
                .collect();
            open_reply(
                session,
                file,
                (!notice.is_empty()).then(|| notice.join(" ")),
            )
        }
        FileCommand::OpenDemo { path } => {
            session.project = None;
            if !Path::new(&path).exists() {
                if let Some(dir) = Path::new(&path).parent() {
                    std::fs::create_dir_all(dir)?;
                }
                super::demo::write(Path::new(&path))?;
            }
            let (file, _) = ProjectFile::open(Path::new(&path))?;
            open_reply(session, file, None)
        }
        FileCommand::Close => {
            session.project = None;
            Ok(Reply::Closed)
        }
        FileCommand::ExportJson => Ok(Reply::Json(export_json(session.file()?)?)),
        FileCommand::ExportCatalog { dir } => {
            Catalog::export_builtin(Path::new(&dir))?;
            Ok(Reply::Catalog(Catalog::builtin()?))
        }
        FileCommand::CheckCatalog { dir } => {
            Ok(Reply::Catalog(Catalog::from_dir(Path::new(&dir))?))
        }
        FileCommand::Check { path } => {
            let (schema_version, recovered) = crate::store::check_file(Path::new(&path))?;
            Ok(Reply::FileCheck(FileCheck {
                path,
                schema_version,
                recovered,
            }))
        }
        FileCommand::Recent => Ok(Reply::Recent(
            session
                .recent_list()
                .map(|l| crate::recent::read(&l))
                .unwrap_or_default(),
        )),
        FileCommand::ForgetRecent { path } => {
            if let Some(list) = session.recent_list() {
                crate::recent::forget(&list, &path);
                return Ok(Reply::Recent(crate::recent::read(&list)));
            }
            Ok(Reply::Recent(Vec::new()))
        }
        FileCommand::ImportJson { json, path } => {
            session.project = None;
            let file = import_json(&json, Path::new(&path))?;
            open_reply(session, file, None)
        }
    }
}

/// Makes `file` the session's project: recent list, a backup on open, the overview.
pub(super) fn open_reply(
    session: &mut Session,
    file: ProjectFile,
    notice: Option<String>,
) -> Result<Reply> {
    let mut overview = overview(&file)?;
    overview.notice = notice;
    if let Some(list) = session.recent_list() {
        crate::recent::remember(&list, file.path(), &overview.profile.name);
    }
    session.project = Some(file);
    session.back_up(true);
    Ok(session.with_session_state(Reply::Overview(overview)))
}

pub(super) fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Creates and seeds a new project file; a half-written file is removed again.
/// A field of a form the core refused, with its German message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    /// The field's stored name (`name`, `ags`, `population`, `start_date` …).
    pub field: String,
    pub message: String,
}

/// Each field of `project` checked alone by `Profile`'s validation (the rule `create` applies
/// to all of them at once), so the form can show every message at its field.
fn problems(project: &NewProject) -> Vec<FieldProblem> {
    let valid = Profile {
        name: "Prüfung".into(),
        ..Default::default()
    };
    let alone: [(&str, Profile); 4] = [
        (
            "name",
            Profile {
                name: project.name.clone(),
                ..valid.clone()
            },
        ),
        (
            "ags",
            Profile {
                ags: project.ags.clone(),
                ..valid.clone()
            },
        ),
        (
            "population",
            Profile {
                population: project.population,
                ..valid.clone()
            },
        ),
        (
            "start_date",
            Profile {
                start_date: project.start_date,
                ..valid.clone()
            },
        ),
    ];
    alone
        .into_iter()
        .filter_map(|(field, profile)| {
            profile.validate().err().map(|e| FieldProblem {
                field: field.to_owned(),
                message: e.to_string(),
            })
        })
        .collect()
}

fn create(path: &Path, project: NewProject, catalog: &Catalog) -> Result<ProjectFile> {
    let profile = Profile {
        name: project.name,
        kind: project.kind,
        ags: project.ags,
        district: project.district,
        population: project.population,
        start_date: project.start_date,
        consultants: project.consultants,
        project_title: "Digitalisierungsstrategie".into(),
        ..Default::default()
    };
    if path.exists() {
        return Err(Error::FileExists(display(path)));
    }
    profile.validate()?;
    let seed = catalog::seed(catalog, profile)?;
    ProjectFile::create_filled(path, |file| {
        file.set_meta(&[
            ("catalog_version", catalog.version.clone()),
            ("catalog", serde_json::to_string(catalog)?),
            ("created_with", env!("CARGO_PKG_VERSION").to_string()),
            ("project_id", uuid::Uuid::now_v7().to_string()),
        ])?;
        file.change("Projekt angelegt", |w| write_seed(w, seed))?;
        file.seal_history()
    })
}

/// Writes the first rows of a new project.
fn write_seed(w: &mut Writer, seed: catalog::Seed) -> Result<()> {
    fn put_all<T: Entity>(w: &mut Writer, rows: Vec<T>) -> Result<()> {
        rows.into_iter().try_for_each(|row| w.put(row).map(|_| ()))
    }
    w.put(seed.profile)?;
    put_all(w, seed.dimensions)?;
    put_all(w, seed.items)?;
    put_all(w, seed.key_figures)?;
    put_all(w, seed.ozg_services)?;
    put_all(w, seed.life_areas)?;
    put_all(w, seed.timeline)?;
    put_all(w, seed.sections)?;
    w.put(seed.report_settings)?;
    Ok(())
}

/// Says which once-per-project rows (profile, report settings) a file lacks and how to get
/// them back; `None` for a sound file. Such a file still opens so the change that removed them
/// can be undone.
fn missing_singletons(file: &ProjectFile) -> Result<Option<String>> {
    let mut missing = Vec::new();
    if file.get::<Profile>(PROFILE_ID)?.is_none() {
        missing.push(format!("„{}“", EntityKind::Profile.label()));
    }
    if file.get::<ReportSettings>(REPORT_SETTINGS_ID)?.is_none() {
        missing.push(format!("„{}“", EntityKind::ReportSettings.label()));
    }
    if missing.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "In dieser Datei fehlen {}. {}",
        missing.join(" und "),
        super::singleton_advice(file)
    )))
}
