//! `zukunft` – the command line of Zukunftskommune, a package of its own beside the desktop
//! shell. Thin: parses arguments, calls `api::dispatch`, prints the result; `zukunft room` runs
//! the room server of `zukunftskommune_room`. Errors go to stderr as German text; the exit code
//! tells the kind.

#[global_allocator]
static ALLOCATOR: zukunftskommune::Allocator = zukunftskommune::Allocator;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use zukunftskommune::api::{
    parse_command, BatchStep, CopiesCommand, ExportFormat, FileCheck, FileCommand, ImportField,
    MappedColumn, MeasuresCommand, MergeReport, NewProject, ProjectCommand, ProjectInfo,
    StrategyCommand,
};
use zukunftskommune::api::{
    DemoStage, ImplementationCommand, ImplementationSummary, MergeAction, Prefer, Side,
};
use zukunftskommune::model::{validate_ags, Choice, MunicipalityKind};
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
        /// Projektbeginn als TT.MM.JJJJ oder JJJJ-MM-TT; daraus entsteht der Zehn-Monats-Plan.
        #[arg(long)]
        start: Option<String>,
        /// Art der Kommune: Gemeinde, Stadt, „Große Kreisstadt“, Stadtkreis, „Kreisfreie Stadt“,
        /// Gemeindeverwaltungsverband, Landkreis oder Verbund.
        #[arg(long)]
        kind: Option<String>,
        /// Landkreis (bei Stadtkreisen und Landkreisen: Regierungsbezirk oder Land).
        #[arg(long)]
        district: Option<String>,
        /// Beraterinnen und Berater (Namen, durch Komma getrennt).
        #[arg(long)]
        consultants: Option<String>,
        /// Eigener Katalogordner (Standard: der eingebaute Katalog).
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Erzeugt den Strategiebericht als PDF (PDF/A-2a, PDF/UA-1).
    Report {
        file: PathBuf,
        /// Ziel-PDF (Standard: neben der Projektdatei).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Ohne das Wasserzeichen „ENTWURF“.
        #[arg(long)]
        no_watermark: bool,
        /// Versionsbezeichnung statt der aus den Berichtseinstellungen.
        #[arg(long)]
        version_label: Option<String>,
        /// Eigener Vorlagenordner mit report.typ (Corporate Design).
        #[arg(long)]
        template: Option<PathBuf>,
        /// Datum des Berichts (TT.MM.JJJJ), wenn die Berichtseinstellungen keines nennen
        /// (Standard: heute).
        #[arg(long)]
        date: Option<String>,
    },
    /// Exportiert das Projekt für die Kommune: die Strategie als Word-Datei (docx),
    /// Excel-Arbeitsmappe (xlsx), Kalender der Termine (ics), Open-Data-Paket mit CSV und
    /// DCAT-AP.de-Metadaten (opendata, ein Ordner) oder die Beschlussvorlage.
    Export {
        file: PathBuf,
        /// docx (die Strategie als Word-Datei), xlsx, ics, opendata, vorlage (Beschlussvorlage als
        /// Word-Datei) oder vorlage-pdf.
        #[arg(long, value_parser = export_format)]
        format: ExportFormat,
        /// Zieldatei (bei opendata: Zielordner).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Liest eine vorhandene Maßnahmenliste (XLSX, XLS, ODS oder CSV) ein: zeigt jede nicht
    /// lesbare Zelle mit Zeile und Spalte und übernimmt die lesbaren Zeilen als eine Änderung.
    ImportMeasures {
        file: PathBuf,
        list: PathBuf,
        // The help lists the fields from `ImportField` (`mapping_help`).
        #[arg(long, help = mapping_help())]
        mapping: Option<PathBuf>,
        /// Zeilen auslassen, deren Titel eine Maßnahme des Projekts schon trägt (eine Liste
        /// ein zweites Mal oder in neuer Fassung eingelesen).
        #[arg(long)]
        skip_existing: bool,
        /// Nur prüfen und die Vorschau zeigen, nichts übernehmen.
        #[arg(long)]
        dry_run: bool,
    },
    /// Methodenkatalog exportieren oder prüfen.
    #[command(subcommand)]
    Catalog(CatalogCmd),
    /// Schreibt die Demo-Kommune „Musterstadt“: ein Jahr nach dem Beschluss, mit zwei
    /// Statusrunden – oder mit „--stand entwurf“ den Entwurf vor dem Beschluss.
    Demo {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "umsetzung")]
        stand: DemoStand,
    },
    /// Zeigt eine Übersicht je Baustein.
    Info {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Prüft eine Projektdatei, ohne sie zu verändern.
    Check { file: PathBuf },
    /// Führt Befehle (JSON, einer je Zeile) aus einer Datei oder von stdin („-“) aus: alle als
    /// eine Änderung (ein Schritt „Rückgängig“) – scheitert eine Zeile, bleibt die Datei unverändert.
    #[command(after_long_help = COMMANDS_HELP)]
    Apply {
        file: PathBuf,
        commands: String,
        /// Jede Zeile einzeln ausführen und speichern (bis zur ersten fehlerhaften Zeile).
        #[arg(long)]
        each: bool,
    },
    /// Gibt das ganze Projekt als JSON aus.
    ExportJson { file: PathBuf },
    /// Legt aus einem JSON-Export eine neue Projektdatei an.
    ImportJson { json: PathBuf, file: PathBuf },
    /// Schreibt eine geprüfte, kompakte Kopie (zum Versenden).
    Copy {
        file: PathBuf,
        out: PathBuf,
        /// Ohne Namen und Kontaktdaten der Beteiligten.
        #[arg(long)]
        without_personal_data: bool,
    },
    /// Listet die automatischen Sicherungen eines Projekts (Datenordner der App).
    Backups { file: PathBuf },
    /// Führt eine andere Kopie desselben Projekts in die eigene Datei zusammen.
    Merge {
        mine: PathBuf,
        theirs: PathBuf,
        /// Ergebnis in eine neue Datei schreiben (die eigene Datei bleibt unverändert).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Wer bei Konflikten gewinnt: mine (eigene), theirs (andere), newer (zuletzt geändert).
        #[arg(long, value_parser = ["mine", "theirs", "newer"], default_value = "newer")]
        prefer: String,
    },
    /// Erzeugt den Umsetzungsbericht einer Statusrunde als PDF (PDF/A-2a, PDF/UA-1).
    ImplementationReport {
        file: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Die Statusrunde (ID); ohne: die neueste.
        #[arg(long)]
        round: Option<uuid::Uuid>,
        /// Datum des Berichts (TT.MM.JJJJ); Standard: heute.
        #[arg(long)]
        date: Option<String>,
    },
    /// Schreibt je Federführung ein Statusformular (XLSX) der neuesten Statusrunde in einen Ordner.
    StatusForms {
        file: PathBuf,
        /// Zielordner (wird angelegt).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Liest ausgefüllte Statusformulare ein: zeigt, was sie ändern, und übernimmt es als eine
    /// Änderung – nur wenn keine Zelle fehlerhaft ist.
    StatusImport {
        file: PathBuf,
        /// Die ausgefüllten Formulare.
        #[arg(required = true)]
        forms: Vec<PathBuf>,
        /// Nur prüfen und die Änderungen zeigen, nichts übernehmen.
        #[arg(long)]
        dry_run: bool,
    },
    /// Abstimmung per Handy ohne Fenster: Punkte und Ideen aus dem Raum über das WLAN.
    /// Während der Sitzung auf der Eingabe: „a 3“ nimmt Idee 3 an, „v 3“ verwirft sie,
    /// „aufdecken“ zeigt die Ergebnisse auf den Handys, „ende“ beendet die Sitzung (auch Strg+C).
    Room {
        /// Die Projektdatei.
        file: PathBuf,
        /// Adresse und Port, auf denen der Server hört, z. B. 192.168.1.20:8080 (Port 0: ein freier).
        #[arg(long)]
        bind: std::net::SocketAddr,
        /// Ideen für einen Lebensbereich sammeln (Kürzel, z. B. LB03).
        #[arg(long, conflicts_with = "vote", required_unless_present = "vote")]
        collect: Option<String>,
        /// Punkte vergeben für Ideen, Maßnahmen oder Lebensbereiche.
        #[arg(long)]
        vote: Option<VoteOn>,
        /// Nur die Ideen dieses Lebensbereichs (mit --vote ideas).
        #[arg(long)]
        area: Option<String>,
        /// Punkte pro Person.
        #[arg(long, default_value_t = 3)]
        dots: u32,
        /// Höchstens so viele Punkte einer Person auf einem Eintrag.
        #[arg(long, default_value_t = 2)]
        per_item: u32,
        /// Ergebnisse erst nach „aufdecken“ zeigen.
        #[arg(long)]
        hidden: bool,
        /// Die Sitzung endet nach so vielen Minuten.
        #[arg(long, default_value_t = 90)]
        minutes: u32,
        /// Die Veranstaltung (ID); ohne: eine neue Zukunftswerkstatt von heute.
        #[arg(long)]
        event: Option<uuid::Uuid>,
    },
}

/// What the room votes on (`zukunft room --vote`).
/// `zukunft info` after the adoption: the decision, the newest round, the indicators.
fn implementation_lines(s: &ImplementationSummary) -> String {
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|| "–".into())
    };
    let mut lines = vec![format!(
        "  Umsetzung: {} – {} vom {} am {}{}",
        s.strategy,
        s.adoption.result.label(),
        s.adoption.body,
        date(s.adoption.date),
        if s.adoption.drucksache.is_empty() {
            String::new()
        } else {
            format!(", {}", s.adoption.drucksache)
        }
    )];
    if let Some(later) = &s.later_decision {
        lines.push(format!(
            "  Zuletzt: {} vom {} am {}",
            later.result.label(),
            later.body,
            date(later.date)
        ));
    }
    if let Some(round) = &s.round {
        let lights = zukunftskommune::api::light_parts(&s.lights, s.unreported, s.deferred);
        lines.push(format!(
            "  {} vom {}: {}{}",
            round.label,
            date(round.date),
            lights.join(", "),
            s.progress
                .map(|p| match s.progress_reported < s.entries {
                    true => format!(
                        "; Fortschritt im Mittel {p} % (aus {} von {} Maßnahmen)",
                        s.progress_reported, s.entries
                    ),
                    false => format!("; Fortschritt im Mittel {p} %"),
                })
                .unwrap_or_default()
        ));
    }
    if s.in_force {
        lines.push(format!(
            "  Kennzahlen {} (Ziel erreicht {}{}), vom Beschluss abweichende Maßnahmen {}",
            s.kpis,
            s.kpis_reached,
            match s.kpis_missed {
                0 => String::new(),
                n => format!(", verfehlt {n}"),
            },
            s.deviating_measures
        ));
    } else {
        lines.push(
            "  Die Strategie ist nicht in Kraft: Statusrunden beginnen nach dem Beschluss.".into(),
        );
    }
    lines.join("\n")
}

/// How far the demo has come (`zukunft demo --stand`).
#[derive(Clone, Copy, clap::ValueEnum)]
enum DemoStand {
    /// Der Entwurf nach zehn Monaten, vor dem Beschluss.
    Entwurf,
    /// Ein Jahr nach dem Beschluss, mit zwei Statusrunden und Kennzahlen.
    Umsetzung,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum VoteOn {
    Ideas,
    Measures,
    Areas,
}

#[derive(Subcommand)]
enum CatalogCmd {
    /// Schreibt den eingebauten Katalog als JSON-Dateien in einen Ordner.
    Export { dir: PathBuf },
    /// Prüft einen Katalogordner und listet alle Probleme.
    Check { dir: PathBuf },
}

/// Prints to stdout; a closed pipe (e.g. `| head`) ends the output quietly.
fn out(text: &str) -> Result<(), ApiError> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Error::from(e).into()),
    }
}

/// The syntax of every command with an example (`zukunft apply --help`, docs/commands.md).
const COMMANDS_HELP: &str = include_str!("../../docs/commands.md");

/// Parses a command file: one JSON command per line; empty lines and lines starting with `#`
/// are skipped. Every line is parsed before anything runs; a wrong one is named.
fn command_lines(text: &str) -> Result<Vec<BatchStep>, ApiError> {
    let mut steps = Vec::new();
    for (line, line_no) in text.lines().zip(1u32..) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let command = parse_command(trimmed).map_err(|e| ApiError {
            code: e.code(),
            message: format!(
                "Zeile {line_no}: {e} Die Befehlsdatei wurde nicht angewendet, die Projektdatei ist unverändert."
            ),
        })?;
        steps.push(BatchStep {
            line: line_no,
            command,
        });
    }
    Ok(steps)
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

/// The help of `--mapping`, with every field a column can be read into (`ImportField::ALL`).
fn mapping_help() -> String {
    let fields: Vec<String> = ImportField::ALL
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    format!(
        "JSON-Datei: Spaltenüberschrift → Feld, z. B. {{\"Maßnahme\": \"title\", \"Kosten\": \"cost_once\"}} (Felder: {}). Ohne: aus den Überschriften vorgeschlagen",
        fields.join(", ")
    )
}

fn merge_report_text(r: &MergeReport, target: &std::path::Path) -> String {
    let mut lines = vec![format!(
        "Zusammengeführt: „{}“ → {}",
        r.other,
        target.display()
    )];
    lines.push(format!(
        "  Aus der anderen Kopie übernommen: {}",
        r.from_theirs.len()
    ));
    for e in &r.from_theirs {
        let sign = match e.action {
            MergeAction::Added => '+',
            MergeAction::Changed | MergeAction::Combined => '~',
            MergeAction::Deleted => '-',
        };
        lines.push(format!("    {sign} {} ({})", e.title, e.action.label()));
    }
    lines.push(format!("  Nur hier geändert, behalten: {}", r.kept_mine));
    lines.push(format!("  In beiden Kopien gleich: {}", r.identical));
    lines.push(format!(
        "  Konflikte (in beiden Kopien geändert): {}",
        r.conflicts.len()
    ));
    for c in &r.conflicts {
        let side = match c.taken {
            Side::Mine => "eigene Fassung behalten",
            Side::Theirs => "Fassung der anderen Kopie übernommen",
        };
        lines.push(format!("    ! {} – {side}", c.title));
    }
    for n in &r.renumbered {
        lines.push(format!("  Neu nummeriert: {n}"));
    }
    lines.push(format!(
        "Rückgängig machen in der App: „{}“",
        r.change_label
    ));
    lines.join("\n")
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
        Cmd::ImplementationReport {
            file,
            output,
            round,
            date,
        } => {
            open(&mut s, &file)?;
            let date = date.map(|d| german_date(&d)).transpose()?;
            let reply = call(
                &mut s,
                Command::Implementation(ImplementationCommand::Report {
                    path: output.display().to_string(),
                    round_id: round,
                    date: date.map(|d| d.format("%Y-%m-%d").to_string()),
                }),
            )?;
            if let Reply::Report(r) = reply {
                for w in &r.warnings {
                    eprintln!("Hinweis: {w}");
                }
                out(&format!("{} ({} Seiten)", r.path, r.pages))?;
            }
        }
        Cmd::StatusForms { file, output } => {
            open(&mut s, &file)?;
            let reply = call(
                &mut s,
                Command::Implementation(ImplementationCommand::StatusForms {
                    dir: output.display().to_string(),
                }),
            )?;
            if let Reply::StatusForms(forms) = reply {
                for f in &forms.files {
                    out(f)?;
                }
                if !forms.put_back.is_empty() {
                    eprintln!(
                        "Hinweis: zurückgestellt und ohne Formularzeile: {}",
                        forms.put_back.join(", ")
                    );
                }
            }
        }
        Cmd::StatusImport {
            file,
            forms,
            dry_run,
        } => {
            open(&mut s, &file)?;
            let paths: Vec<String> = forms.iter().map(|p| p.display().to_string()).collect();
            let preview = call(
                &mut s,
                Command::Implementation(ImplementationCommand::StatusImport {
                    paths: paths.clone(),
                    apply: false,
                }),
            )?;
            let Reply::StatusImport(preview) = preview else {
                return Ok(());
            };
            for c in &preview.changes {
                out(&format!(
                    "{} · {}: „{}“ → „{}“",
                    c.number, c.field, c.before, c.after
                ))?;
            }
            for p in &preview.problems {
                match p.row {
                    0 => eprintln!("{}: {}", p.file, p.message),
                    row => eprintln!(
                        "{}, Zeile {row}, Spalte „{}“: {}",
                        p.file, p.column, p.message
                    ),
                }
            }
            if !preview.problems.is_empty() {
                return Err(ApiError::from(Error::invalid(format!(
                    "{} fehlerhafte Zellen; nichts übernommen.",
                    preview.problems.len()
                ))));
            }
            if dry_run {
                out(&format!(
                    "{} Änderungen (Probelauf, nichts übernommen).",
                    preview.changes.len()
                ))?;
                return Ok(());
            }
            call(
                &mut s,
                Command::Implementation(ImplementationCommand::StatusImport { paths, apply: true }),
            )?;
            out(&format!("{} Änderungen übernommen.", preview.changes.len()))?;
        }
        Cmd::Room {
            file,
            bind,
            collect,
            vote,
            area,
            dots,
            per_item,
            hidden,
            minutes,
            event,
        } => {
            use zukunftskommune_room::headless::{run, Options, What};
            let what = match (collect, vote) {
                (Some(area), _) => What::Collect { area },
                (None, Some(VoteOn::Ideas)) => What::VoteIdeas { area },
                (None, Some(VoteOn::Measures)) => What::VoteMeasures,
                (None, Some(VoteOn::Areas)) | (None, None) => What::VoteAreas,
            };
            let rules = zukunftskommune_room::project::Rules {
                dots_per_device: dots,
                max_per_item: per_item,
                hidden,
                minutes,
            };
            return run(Options {
                file,
                bind,
                what,
                rules,
                event,
            })
            .map_err(|message| ApiError::from(Error::invalid(message)));
        }
        Cmd::New {
            file,
            name,
            ags,
            population,
            start,
            kind,
            district,
            consultants,
            catalog,
        } => {
            if let Some(a) = &ags {
                validate_ags(a)?;
            }
            let start_date = start.map(|t| german_date(&t)).transpose()?;
            let kind = kind
                .map(|k| {
                    MunicipalityKind::ALL
                        .iter()
                        .copied()
                        .find(|m| m.label().eq_ignore_ascii_case(k.trim()))
                        .ok_or_else(|| {
                            Error::invalid(format!(
                                "„{k}“ ist keine bekannte Art der Kommune; möglich sind: {}.",
                                MunicipalityKind::ALL
                                    .iter()
                                    .map(|m| m.label())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                        })
                })
                .transpose()?
                .unwrap_or_default();
            call(
                &mut s,
                Command::File(FileCommand::Create {
                    path: file.display().to_string(),
                    project: NewProject {
                        name,
                        ags: ags.unwrap_or_default(),
                        population,
                        start_date,
                        kind,
                        district: district.unwrap_or_default(),
                        consultants: consultants.unwrap_or_default(),
                    },
                    catalog_dir: catalog.map(|c| c.display().to_string()),
                }),
            )?;
            out(&format!("Projekt angelegt: {}", file.display()))?;
        }
        Cmd::Catalog(CatalogCmd::Export { dir }) => {
            call(
                &mut s,
                Command::File(FileCommand::ExportCatalog {
                    dir: dir.display().to_string(),
                }),
            )?;
            out(&format!("Katalog exportiert nach {}", dir.display()))?;
        }
        Cmd::Catalog(CatalogCmd::Check { dir }) => {
            let Reply::Catalog(c) = call(
                &mut s,
                Command::File(FileCommand::CheckCatalog {
                    dir: dir.display().to_string(),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            let items: usize = c.check.dimensions.iter().map(|d| d.items.len()).sum();
            out(&format!(
                "In Ordnung: „{}“ Version {} – {} Fragen, {} OZG-Leistungen, {} Lebensbereiche",
                c.title,
                c.version,
                items,
                c.check.ozg_services.len(),
                c.life_areas.len()
            ))?;
        }
        Cmd::Report {
            file,
            output,
            no_watermark,
            version_label,
            template,
            date,
        } => {
            let date = match date {
                Some(t) => german_date(&t)?,
                None => chrono::Local::now().date_naive(),
            };
            open(&mut s, &file)?;
            let output = output.unwrap_or_else(|| file.with_extension("pdf"));
            let Reply::Report(r) = call(
                &mut s,
                Command::Strategy(StrategyCommand::GenerateReport {
                    path: output.display().to_string(),
                    watermark: no_watermark.then_some(false),
                    version_label,
                    template_dir: template.map(|t| t.display().to_string()),
                    date: Some(date),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            for w in &r.warnings {
                eprintln!("Hinweis: {w}");
            }
            out(&format!(
                "Bericht geschrieben: {} ({} Seiten, {} KB)",
                r.path,
                r.pages,
                r.bytes / 1024
            ))?;
        }
        Cmd::Export {
            file,
            format,
            output,
        } => {
            open(&mut s, &file)?;
            let Reply::Exported(r) = call(
                &mut s,
                Command::Project(ProjectCommand::Export {
                    format,
                    path: output.display().to_string(),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            out(&format!(
                "{} geschrieben: {}",
                format.label(),
                r.files.join(", ")
            ))?;
        }
        Cmd::ImportMeasures {
            file,
            list,
            mapping,
            skip_existing,
            dry_run,
        } => {
            open(&mut s, &file)?;
            let path = list.display().to_string();
            let preview = |s: &mut Session, mapping| match call(
                s,
                Command::Measures(MeasuresCommand::ImportPreview {
                    path: path.clone(),
                    mapping,
                }),
            )? {
                Reply::MeasureImport(p) => Ok::<_, ApiError>(p),
                _ => Err(Error::Storage("unerwartete Antwort".into()).into()),
            };
            let mut p = preview(&mut s, None)?;
            if let Some(m) = mapping {
                let chosen = mapping_file(&m, &p.headers)?;
                p = preview(&mut s, Some(chosen))?;
            }
            for m in &p.mapping {
                let header = p.headers.get(m.column as usize).map_or("?", String::as_str);
                out(&format!("Spalte „{header}“ → {}", m.field.label()))?;
            }
            for c in &p.problems {
                let column = if c.column.is_empty() {
                    String::new()
                } else {
                    format!(", Spalte „{}“", c.column)
                };
                eprintln!("Zeile {}{column}: {}", c.row, c.message);
            }
            for h in &p.headings {
                out(&format!("Zwischenüberschrift {h}"))?;
            }
            if !p.unknown_areas.is_empty() {
                let names: Vec<String> = p.unknown_areas.iter().map(|a| format!("„{a}“")).collect();
                eprintln!(
                    "Diese Lebensbereiche der Liste gibt es im Projekt noch nicht: {} (im Fenster beim Import anlegen oder in Baustein 3 hinzufügen).",
                    names.join(", ")
                );
            }
            out(&format!("{} von {} Zeilen lesbar.", p.importable, p.rows))?;
            if !p.existing.is_empty() {
                out(&format!(
                    "{} {} den Titel einer vorhandenen Maßnahme ({}){}.",
                    p.existing.len(),
                    if p.existing.len() == 1 {
                        "Zeile trägt"
                    } else {
                        "Zeilen tragen"
                    },
                    p.existing
                        .iter()
                        .map(|t| format!("„{t}“"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if skip_existing {
                        ": ausgelassen"
                    } else {
                        "; mit --skip-existing auslassen"
                    }
                ))?;
            }
            let taken = if skip_existing {
                p.importable.saturating_sub(p.existing.len())
            } else {
                p.importable
            };
            if !dry_run && p.importable > 0 {
                call(
                    &mut s,
                    Command::Measures(MeasuresCommand::Import {
                        path: path.clone(),
                        mapping: p.mapping,
                        skip_existing: Some(skip_existing),
                    }),
                )?;
                out(&format!(
                    "{} übernommen (eine Änderung, mit „Rückgängig“ zurückzunehmen).",
                    if taken == 1 {
                        "1 Maßnahme".to_string()
                    } else {
                        format!("{taken} Maßnahmen")
                    }
                ))?;
            }
        }
        Cmd::Demo { file, stand } => {
            call(
                &mut s,
                Command::File(FileCommand::CreateDemo {
                    path: file.display().to_string(),
                    stage: Some(match stand {
                        DemoStand::Entwurf => DemoStage::Entwurf,
                        DemoStand::Umsetzung => DemoStage::Umsetzung,
                    }),
                }),
            )?;
            out(&format!(
                "Demo-Projekt „Musterstadt“ geschrieben: {}",
                file.display()
            ))?;
        }
        Cmd::Info { file, json } => {
            open(&mut s, &file)?;
            let Reply::Info(info) = call(&mut s, Command::Project(ProjectCommand::Info))? else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            if json {
                out(&serde_json::to_string_pretty(&info).map_err(Error::from)?)?;
            } else {
                out(&format!(
                    "{} (Format {}, Katalog {})\n  Ziele {}, Termine {}, Beteiligte {}, Veranstaltungen {}\n  Check: {} von {} Fragen beantwortet, {} OZG-Leistungen\n  Lebensbereiche: {} von {} ausgewählt\n  Ideen {}, Maßnahmen {} (vollständig {}), Abschnitte {}\n{}",
                    info.municipality, info.schema_version, info.catalog_version,
                    info.goals, info.timeline_entries, info.stakeholders, info.events,
                    info.check_answered, info.check_items, info.ozg_services,
                    info.life_areas_selected, info.life_areas,
                    info.ideas, info.measures, info.measures_complete, info.sections,
                    percent_bar(&info)
                ))?;
                if let Some(summary) = &info.implementation {
                    out(&implementation_lines(summary))?;
                }
            }
        }
        Cmd::Check { file } => {
            let Reply::FileCheck(FileCheck {
                schema_version: version,
                recovered,
                ..
            }) = call(
                &mut s,
                Command::File(FileCommand::Check {
                    path: file.display().to_string(),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            if recovered {
                out("Eine beim Speichern unterbrochene Änderung wurde zurückgenommen; alles davor ist erhalten.")?;
            }
            out(&format!(
                "In Ordnung: {} (Format {version})",
                file.display()
            ))?;
        }
        Cmd::Apply {
            file,
            commands,
            each,
        } => {
            let text = if commands == "-" {
                let mut t = String::new();
                std::io::stdin()
                    .read_to_string(&mut t)
                    .map_err(Error::from)?;
                t
            } else {
                std::fs::read_to_string(&commands).map_err(Error::from)?
            };
            let steps = command_lines(&text)?;
            open(&mut s, &file)?;
            let print = |reply: &Reply| out(&serde_json::to_string(reply).map_err(Error::from)?);
            if each {
                for BatchStep { line, command } in steps {
                    let reply = call(&mut s, command).map_err(|e| ApiError {
                        code: e.code,
                        message: format!("Zeile {line}: {}", e.message),
                    })?;
                    print(&reply)?;
                }
            } else if let Reply::Batch(replies) = call(&mut s, Command::Batch(steps))? {
                replies.iter().try_for_each(print)?;
            }
        }
        Cmd::ExportJson { file } => {
            open(&mut s, &file)?;
            let Reply::Json(text) = call(&mut s, Command::File(FileCommand::ExportJson))? else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            out(text.trim_end_matches('\n'))?;
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
            out(&format!("Projekt importiert: {}", file.display()))?;
        }
        Cmd::Copy {
            file,
            out: target,
            without_personal_data,
        } => {
            open(&mut s, &file)?;
            let Reply::Copied(c) = call(
                &mut s,
                Command::Copies(CopiesCommand::SendCopy {
                    path: target.display().to_string(),
                    without_personal_data,
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            out(&format!(
                "Kopie geprüft und geschrieben: {} ({} KB{})",
                c.path,
                c.bytes / 1024,
                if c.without_personal_data {
                    ", ohne personenbezogene Daten"
                } else {
                    ""
                }
            ))?;
        }
        Cmd::Backups { file } => {
            let dir = zukunftskommune::api::app_data_dir().ok_or_else(|| {
                Error::invalid("Der Datenordner der App ist unbekannt (ZUKUNFT_DATA_DIR setzen).")
            })?;
            let mut s = Session::with_app_data(dir);
            let Reply::Backups(list) = call(
                &mut s,
                Command::Copies(CopiesCommand::Backups {
                    path: Some(file.display().to_string()),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            if list.backups.is_empty() {
                out(&format!("Keine Sicherungen in {}", list.folder))?;
            }
            for b in &list.backups {
                out(&format!(
                    "{}  {:>8} KB  {}",
                    b.made_at.replace('T', " "),
                    b.bytes / 1024,
                    b.path
                ))?;
            }
        }
        Cmd::Merge {
            mine,
            theirs,
            output,
            prefer,
        } => {
            let prefer = match prefer.as_str() {
                "mine" => Prefer::Mine,
                "theirs" => Prefer::Theirs,
                _ => Prefer::Newer,
            };
            open(&mut s, &mine)?;
            let target = match output {
                Some(target) => {
                    if target.exists() {
                        return Err(Error::FileExists(target.display().to_string()).into());
                    }
                    call(
                        &mut s,
                        Command::Copies(CopiesCommand::SendCopy {
                            path: target.display().to_string(),
                            without_personal_data: false,
                        }),
                    )?;
                    open(&mut s, &target)?;
                    target
                }
                None => mine,
            };
            let Reply::Merged(report) = call(
                &mut s,
                Command::Copies(CopiesCommand::Merge {
                    path: theirs.display().to_string(),
                    prefer,
                    choices: Vec::new(),
                }),
            )?
            else {
                return Err(Error::Storage("unerwartete Antwort".into()).into());
            };
            out(&merge_report_text(&report, &target))?;
        }
    }
    Ok(())
}

/// A date as consultants type it: TT.MM.JJJJ (or JJJJ-MM-TT).
/// A mapping file of `zukunft import-measures`: `{"<Spaltenüberschrift>": "<Feld>"}`.
fn mapping_file(path: &std::path::Path, headers: &[String]) -> Result<Vec<MappedColumn>, Error> {
    let text = std::fs::read_to_string(path)?;
    let pairs: std::collections::BTreeMap<String, ImportField> = serde_json::from_str(&text)
        .map_err(|e| {
            Error::invalid(format!(
                "Die Zuordnungsdatei „{}“ ist nicht lesbar: {e}",
                path.display()
            ))
        })?;
    pairs
        .into_iter()
        .map(|(header, field)| {
            let column = headers
                .iter()
                .position(|h| h.trim() == header.trim())
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "Die Liste hat keine Spalte „{header}“ (vorhanden: {}).",
                        headers.join(", ")
                    ))
                })?;
            Ok(MappedColumn {
                column: u32::try_from(column).unwrap_or(u32::MAX),
                field,
            })
        })
        .collect()
}

/// `--format` of `zukunft export`.
fn export_format(text: &str) -> Result<ExportFormat, String> {
    match text.trim().to_lowercase().as_str() {
        "xlsx" | "excel" => Ok(ExportFormat::Xlsx),
        "ics" | "kalender" => Ok(ExportFormat::Ics),
        "opendata" | "open-data" => Ok(ExportFormat::Opendata),
        "vorlage" | "beschlussvorlage" | "vorlage-docx" => Ok(ExportFormat::Vorlage),
        "vorlage-pdf" => Ok(ExportFormat::VorlagePdf),
        "docx" => Ok(ExportFormat::Docx),
        other => Err(format!(
            "unbekanntes Format „{other}“: docx, xlsx, ics, opendata, vorlage oder vorlage-pdf"
        )),
    }
}

fn german_date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d"))
        .map_err(|_| {
            Error::invalid(format!(
                "„{text}“ ist kein Datum; bitte TT.MM.JJJJ (z. B. 13.10.2027) angeben."
            ))
        })
}

fn main() -> ExitCode {
    zukunftskommune::tune_allocator();
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
