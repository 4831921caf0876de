//! `zukunft` – the command line of Zukunftskommune. Thin: parses arguments, calls `api::dispatch`,
//! prints the result. Errors go to stderr as German text; the exit code tells the kind.

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use zukunftskommune::api::{parse_command, FileCommand, NewProject, ProjectCommand, ProjectInfo};
use zukunftskommune::model::validate_ags;
use zukunftskommune::{dispatch, ApiError, Command, Error, ErrorCode, Reply, Session};

#[derive(Parser)]
#[command(
    name = "zukunft",
    version,
    about = "Zukunftskommune – Projektdateien der Digitalisierungsstrategie"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Legt ein neues Projekt an.
    New {
        file: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        ags: Option<String>,
        #[arg(long)]
        population: Option<u32>,
        /// Projektbeginn als JJJJ-MM-TT; daraus entsteht der Zehn-Monats-Plan.
        #[arg(long)]
        start: Option<String>,
    },
    /// Schreibt die Demo-Kommune „Musterstadt“.
    Demo { file: PathBuf },
    /// Zeigt eine Übersicht je Baustein.
    Info {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Prüft eine Projektdatei, ohne sie zu verändern.
    Check { file: PathBuf },
    /// Führt Befehle (JSON, einer je Zeile) aus einer Datei oder von stdin („-“) aus.
    Apply { file: PathBuf, commands: String },
    /// Gibt das ganze Projekt als JSON aus.
    ExportJson { file: PathBuf },
    /// Legt aus einem JSON-Export eine neue Projektdatei an.
    ImportJson { json: PathBuf, file: PathBuf },
}

fn fail(e: ApiError) -> ExitCode {
    eprintln!("Fehler: {}", e.message);
    ExitCode::from(e.code.exit_code() as u8)
}

fn call(session: &mut Session, command: Command) -> Result<Reply, ApiError> {
    dispatch(session, command)
}

fn open(session: &mut Session, file: &std::path::Path) -> Result<Reply, ApiError> {
    call(
        session,
        Command::File(FileCommand::Open {
            path: file.display().to_string(),
        }),
    )
}

fn percent_bar(info: &ProjectInfo) -> String {
    info.progress
        .iter()
        .map(|p| {
            format!(
                "  Baustein {} {:<32} {:>3} %",
                p.baustein, p.title, p.percent
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let mut s = Session::new();
    match cli.command {
        Cmd::New {
            file,
            name,
            ags,
            population,
            start,
        } => {
            if let Some(a) = &ags {
                validate_ags(a)?;
            }
            let start_date = start
                .map(|t| {
                    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
                        Error::invalid(format!("„{t}“ ist kein Datum im Format JJJJ-MM-TT."))
                    })
                })
                .transpose()?;
            call(
                &mut s,
                Command::File(FileCommand::Create {
                    path: file.display().to_string(),
                    project: NewProject {
                        name,
                        ags: ags.unwrap_or_default(),
                        population,
                        start_date,
                        ..Default::default()
                    },
                }),
            )?;
            println!("Projekt angelegt: {}", file.display());
        }
        Cmd::Demo { file } => {
            call(
                &mut s,
                Command::File(FileCommand::CreateDemo {
                    path: file.display().to_string(),
                }),
            )?;
            println!("Demo-Projekt „Musterstadt“ geschrieben: {}", file.display());
        }
        Cmd::Info { file, json } => {
            open(&mut s, &file)?;
            let Reply::Info(info) = call(&mut s, Command::Project(ProjectCommand::Info))? else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&info).map_err(Error::from)?
                );
            } else {
                println!(
                    "{} (Format {}, Katalog {})",
                    info.municipality, info.schema_version, info.catalog_version
                );
                println!(
                    "  Ziele {}, Termine {}, Beteiligte {}, Veranstaltungen {}",
                    info.goals, info.timeline_entries, info.stakeholders, info.events
                );
                println!(
                    "  Check: {} von {} Fragen beantwortet, {} OZG-Leistungen",
                    info.check_answered, info.check_items, info.ozg_services
                );
                println!(
                    "  Lebensbereiche: {} von {} ausgewählt",
                    info.life_areas_selected, info.life_areas
                );
                println!(
                    "  Ideen {}, Maßnahmen {} (vollständig {}), Abschnitte {}",
                    info.ideas, info.measures, info.measures_complete, info.sections
                );
                println!("{}", percent_bar(&info));
            }
        }
        Cmd::Check { file } => {
            let version = zukunftskommune::store::check_file(&file)?;
            println!("In Ordnung: {} (Format {version})", file.display());
        }
        Cmd::Apply { file, commands } => {
            let text = if commands == "-" {
                let mut t = String::new();
                std::io::stdin()
                    .read_to_string(&mut t)
                    .map_err(Error::from)?;
                t
            } else {
                std::fs::read_to_string(&commands).map_err(Error::from)?
            };
            open(&mut s, &file)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for (n, line) in text.as_bytes().lines().enumerate() {
                let line = line.map_err(Error::from)?;
                if line.trim().is_empty() {
                    continue;
                }
                let reply = parse_command(&line)
                    .map_err(ApiError::from)
                    .and_then(|c| call(&mut s, c))
                    .map_err(|e| ApiError {
                        code: e.code,
                        message: format!("Zeile {}: {}", n + 1, e.message),
                    })?;
                let json = serde_json::to_string(&reply).map_err(Error::from)?;
                writeln!(out, "{json}").map_err(Error::from)?;
            }
        }
        Cmd::ExportJson { file } => {
            open(&mut s, &file)?;
            let Reply::Json(text) = call(&mut s, Command::File(FileCommand::ExportJson))? else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            print!("{text}");
        }
        Cmd::ImportJson { json, file } => {
            let text = std::fs::read_to_string(&json).map_err(Error::from)?;
            call(
                &mut s,
                Command::File(FileCommand::ImportJson {
                    json: text,
                    path: file.display().to_string(),
                }),
            )?;
            println!("Projekt importiert: {}", file.display());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.code == ErrorCode::Internal {
                eprintln!("Bitte melden Sie diesen Fehler mit der Datei an das Entwicklungsteam.");
            }
            fail(e)
        }
    }
}
