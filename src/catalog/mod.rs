//! The methodology as data: the check catalogue, Lebensbereiche, the ten-month plan, section
//! templates and funding programmes.
//!
//! A catalogue is a folder of six JSON files (schema: `assets/catalog/SCHEMA.md`). The built-in
//! one is `assets/catalog/`, embedded in the binary; a consultancy can export it, edit it and
//! create projects from its own folder. A new project gets a copy (rows + the whole catalogue in
//! `meta`), so a file keeps the catalogue version it was created with.

mod placeholders;

use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{
    CheckDimension, CheckItem, KeyFigure, LifeArea, OzgService, Profile, ReportSettings, Section,
    TimelineEntry, TimelineKind, PROFILE_ID, REPORT_SETTINGS_ID,
};

pub use placeholders::{fill, Placeholders, PLACEHOLDERS};

/// The files of a catalogue folder, in the order they are read, with the built-in content.
/// The furthest a plan step may lie from the project start, and its longest duration: ten years.
pub const MAX_PLAN_WEEKS: i64 = 520;

/// `date` + `weeks`, refused instead of a panic when it leaves the calendar.
fn plus_weeks(date: NaiveDate, weeks: i64) -> Result<NaiveDate> {
    Duration::try_weeks(weeks)
        .and_then(|d| date.checked_add_signed(d))
        .ok_or_else(|| {
            Error::invalid(format!(
                "Ein Schritt des Zeitplans liegt außerhalb des Kalenders ({weeks} Wochen nach dem {}).",
                date.format("%d.%m.%Y")
            ))
        })
}

pub const FILES: [(&str, &str); 6] = [
    (
        "katalog.json",
        include_str!("../../assets/catalog/katalog.json"),
    ),
    (
        "check.json",
        include_str!("../../assets/catalog/check.json"),
    ),
    (
        "lebensbereiche.json",
        include_str!("../../assets/catalog/lebensbereiche.json"),
    ),
    (
        "zeitplan.json",
        include_str!("../../assets/catalog/zeitplan.json"),
    ),
    (
        "abschnitte.json",
        include_str!("../../assets/catalog/abschnitte.json"),
    ),
    (
        "foerderprogramme.json",
        include_str!("../../assets/catalog/foerderprogramme.json"),
    ),
];

/// The catalogue schema this program reads.
pub const SCHEMA: u32 = 1;

/// A whole catalogue (all six files); also what a project keeps in `meta.catalog`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalog {
    pub schema: u32,
    pub version: String,
    pub title: String,
    pub description: String,
    pub check: CheckCatalog,
    pub life_areas: Vec<LifeAreaDef>,
    pub plan: Vec<PlanStep>,
    pub sections: Vec<SectionTemplate>,
    pub funding_programmes: Vec<FundingProgramme>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogHead {
    schema: u32,
    version: String,
    title: String,
    description: String,
}

/// `check.json`: the Digitalisierungs-Check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CheckCatalog {
    /// Names of the levels 0–5 (e.g. "nicht vorhanden" … "vollständig etabliert").
    pub scale: Vec<String>,
    pub dimensions: Vec<DimensionDef>,
    pub key_figures: Vec<KeyFigureDef>,
    pub ozg_levels: Vec<OzgLevelDef>,
    pub ozg_services: Vec<OzgServiceDef>,
    pub security_stages: Vec<SecurityStageDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DimensionDef {
    pub key: String,
    pub title: String,
    pub description: String,
    pub scored: bool,
    pub items: Vec<ItemDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ItemDef {
    pub key: String,
    pub question: String,
    pub help: String,
    /// What levels 0–5 concretely look like for this item.
    pub levels: Vec<String>,
    pub evidence_hint: String,
    pub life_area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct KeyFigureDef {
    pub key: String,
    pub label: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct OzgLevelDef {
    pub level: u8,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct OzgServiceDef {
    pub key: String,
    pub name: String,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SecurityStageDef {
    pub stage: u8,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LifeAreaDef {
    pub code: String,
    pub title: String,
    /// Offered but not needed by every municipality (e.g. Landwirtschaft).
    pub optional: bool,
    pub description: String,
    /// Questions for a workshop table.
    pub guiding_questions: Vec<String>,
    pub example_measures: Vec<ExampleMeasure>,
    pub kpis: Vec<String>,
    pub funding: Vec<String>,
    /// Keys of the check dimensions that describe this area's starting point.
    pub dimensions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ExampleMeasure {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PlanStep {
    pub key: String,
    pub kind: TimelineKind,
    pub title: String,
    /// Weeks after the project start.
    #[ts(type = "number")]
    pub offset_weeks: i64,
    #[ts(type = "number")]
    pub duration_weeks: i64,
    pub baustein: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SectionTemplate {
    pub key: String,
    pub title: String,
    /// Text with `{placeholders}` (see [`PLACEHOLDERS`]).
    pub template: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FundingProgramme {
    pub name: String,
    pub provider: String,
    pub typical_rate: String,
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifeAreasFile {
    life_areas: Vec<LifeAreaDef>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    plan: Vec<PlanStep>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsFile {
    sections: Vec<SectionTemplate>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FundingFile {
    funding_programmes: Vec<FundingProgramme>,
}

/// Collects "file › path: what is wrong" lines.
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, file: &str, path: impl AsRef<str>, what: impl AsRef<str>) {
        self.0
            .push(format!("{file} › {}: {}", path.as_ref(), what.as_ref()));
    }

    fn text(&mut self, file: &str, path: impl AsRef<str>, text: &str) {
        if text.trim().is_empty() {
            self.add(file, path, "Text fehlt");
        }
    }

    /// Parses one file; a syntax or type error is recorded with its JSON path.
    fn parse<T: DeserializeOwned>(&mut self, file: &str, text: Option<&str>) -> Option<T> {
        let Some(text) = text else {
            self.add(file, "(Datei)", "Datei fehlt");
            return None;
        };
        let mut de = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(v) => Some(v),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                self.add(
                    file,
                    if path == "." {
                        "(Wurzel)".to_string()
                    } else {
                        path
                    },
                    format!(
                        "{inner} (Zeile {}, Spalte {})",
                        inner.line(),
                        inner.column()
                    ),
                );
                None
            }
        }
    }
}

impl Catalog {
    /// The catalogue shipped with the program.
    pub fn builtin() -> Result<Catalog> {
        Catalog::from_files(|name| {
            Ok(FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string()))
        })
    }

    /// Reads a catalogue folder (a consultancy's own method).
    pub fn from_dir(dir: &Path) -> Result<Catalog> {
        if !dir.is_dir() {
            return Err(Error::invalid(format!(
                "Der Katalogordner „{}“ existiert nicht.",
                dir.display()
            )));
        }
        Catalog::from_files(|name| match std::fs::read_to_string(dir.join(name)) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        })
    }

    /// Writes the six files of the built-in catalogue into `dir` (created if needed).
    pub fn export_builtin(dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, _) in FILES {
            let target = dir.join(name);
            if target.exists() {
                return Err(Error::FileExists(target.display().to_string()));
            }
        }
        for (name, text) in FILES {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }

    /// Reads all files through `read`, then checks the whole catalogue. Every problem of every
    /// file is reported at once.
    fn from_files(read: impl Fn(&str) -> Result<Option<String>>) -> Result<Catalog> {
        let mut texts = Vec::new();
        for (name, _) in FILES {
            texts.push(read(name)?);
        }
        let mut p = Problems(Vec::new());
        let head: Option<CatalogHead> = p.parse("katalog.json", texts[0].as_deref());
        let check: Option<CheckCatalog> = p.parse("check.json", texts[1].as_deref());
        let areas: Option<LifeAreasFile> = p.parse("lebensbereiche.json", texts[2].as_deref());
        let plan: Option<PlanFile> = p.parse("zeitplan.json", texts[3].as_deref());
        let sections: Option<SectionsFile> = p.parse("abschnitte.json", texts[4].as_deref());
        let funding: Option<FundingFile> = p.parse("foerderprogramme.json", texts[5].as_deref());
        let (Some(head), Some(check), Some(areas), Some(plan), Some(sections), Some(funding)) =
            (head, check, areas, plan, sections, funding)
        else {
            return Err(problem_error(p.0));
        };
        let catalog = Catalog {
            schema: head.schema,
            version: head.version,
            title: head.title,
            description: head.description,
            check,
            life_areas: areas.life_areas,
            plan: plan.plan,
            sections: sections.sections,
            funding_programmes: funding.funding_programmes,
        };
        let problems = catalog.problems();
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(problem_error(problems))
        }
    }

    /// Every content problem as "file › path: what is wrong"; empty when the catalogue is valid.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Problems(Vec::new());
        let f = "katalog.json";
        if self.schema != SCHEMA {
            p.add(
                f,
                "schema",
                format!(
                    "Schema {} wird nicht unterstützt (erwartet {SCHEMA})",
                    self.schema
                ),
            );
        }
        p.text(f, "version", &self.version);
        p.text(f, "title", &self.title);

        let f = "check.json";
        if self.check.scale.len() != 6 {
            p.add(f, "scale", "6 Stufennamen (0–5) erwartet");
        }
        let mut keys = HashSet::new();
        let codes: HashSet<&str> = self.life_areas.iter().map(|a| a.code.as_str()).collect();
        for (d, dim) in self.check.dimensions.iter().enumerate() {
            let path = format!("dimensions[{d}]");
            if !keys.insert(dim.key.clone()) {
                p.add(
                    f,
                    format!("{path}.key"),
                    format!("Schlüssel „{}“ doppelt", dim.key),
                );
            }
            p.text(f, format!("{path}.title"), &dim.title);
            p.text(f, format!("{path}.description"), &dim.description);
            if dim.scored && dim.items.is_empty() {
                p.add(
                    f,
                    format!("{path}.items"),
                    "eine bewertete Dimension braucht Fragen",
                );
            }
            for (i, item) in dim.items.iter().enumerate() {
                let path = format!("{path}.items[{i}]");
                if !keys.insert(item.key.clone()) {
                    p.add(
                        f,
                        format!("{path}.key"),
                        format!("Schlüssel „{}“ doppelt", item.key),
                    );
                }
                p.text(f, format!("{path}.question"), &item.question);
                p.text(f, format!("{path}.help"), &item.help);
                p.text(f, format!("{path}.evidence_hint"), &item.evidence_hint);
                if item.levels.len() != 6 {
                    p.add(
                        f,
                        format!("{path}.levels"),
                        format!("6 Stufen (0–5) erwartet, {} gefunden", item.levels.len()),
                    );
                }
                for (l, level) in item.levels.iter().enumerate() {
                    p.text(f, format!("{path}.levels[{l}]"), level);
                    if item.levels[..l].contains(level) {
                        p.add(
                            f,
                            format!("{path}.levels[{l}]"),
                            "gleicht einer anderen Stufe",
                        );
                    }
                }
                if let Some(code) = &item.life_area {
                    if !codes.contains(code.as_str()) {
                        p.add(
                            f,
                            format!("{path}.life_area"),
                            format!("unbekannter Lebensbereich „{code}“"),
                        );
                    }
                }
            }
        }
        let mut figure_keys = HashSet::new();
        for (k, fig) in self.check.key_figures.iter().enumerate() {
            if !figure_keys.insert(fig.key.as_str()) {
                p.add(
                    f,
                    format!("key_figures[{k}].key"),
                    format!("Schlüssel „{}“ doppelt", fig.key),
                );
            }
            p.text(f, format!("key_figures[{k}].label"), &fig.label);
        }
        let levels: Vec<u8> = self.check.ozg_levels.iter().map(|l| l.level).collect();
        if levels != [0, 1, 2, 3, 4] {
            p.add(
                f,
                "ozg_levels",
                "die OZG-Reifegrade 0–4 werden in dieser Reihenfolge erwartet",
            );
        }
        let mut services = HashSet::new();
        for (s, svc) in self.check.ozg_services.iter().enumerate() {
            if !services.insert(svc.key.as_str()) {
                p.add(
                    f,
                    format!("ozg_services[{s}].key"),
                    format!("Schlüssel „{}“ doppelt", svc.key),
                );
            }
            p.text(f, format!("ozg_services[{s}].name"), &svc.name);
        }
        let stages: Vec<u8> = self.check.security_stages.iter().map(|s| s.stage).collect();
        if stages != [1, 2, 3, 4] {
            p.add(
                f,
                "security_stages",
                "die Stufen 1–4 des Stufenplans werden erwartet",
            );
        }

        let f = "lebensbereiche.json";
        let dims: HashSet<&str> = self
            .check
            .dimensions
            .iter()
            .map(|d| d.key.as_str())
            .collect();
        let mut seen = HashSet::new();
        for (a, area) in self.life_areas.iter().enumerate() {
            let path = format!("life_areas[{a}]");
            if !seen.insert(area.code.as_str()) {
                p.add(
                    f,
                    format!("{path}.code"),
                    format!("Kürzel „{}“ doppelt", area.code),
                );
            }
            if area.code != "Q" && !area.code.starts_with("LB") {
                p.add(
                    f,
                    format!("{path}.code"),
                    "Kürzel „Q“ oder „LB01“ … erwartet",
                );
            }
            p.text(f, format!("{path}.title"), &area.title);
            p.text(f, format!("{path}.description"), &area.description);
            for (q, text) in area.guiding_questions.iter().enumerate() {
                p.text(f, format!("{path}.guiding_questions[{q}]"), text);
            }
            for (m, ex) in area.example_measures.iter().enumerate() {
                p.text(f, format!("{path}.example_measures[{m}].title"), &ex.title);
                p.text(
                    f,
                    format!("{path}.example_measures[{m}].description"),
                    &ex.description,
                );
            }
            for key in &area.dimensions {
                if !dims.contains(key.as_str()) {
                    p.add(
                        f,
                        format!("{path}.dimensions"),
                        format!("unbekannte Dimension „{key}“"),
                    );
                }
            }
        }

        let f = "zeitplan.json";
        for (s, step) in self.plan.iter().enumerate() {
            if !(1..=5).contains(&step.baustein) {
                p.add(f, format!("plan[{s}].baustein"), "muss 1–5 sein");
            }
            if step.offset_weeks < 0 || step.duration_weeks < 0 {
                p.add(
                    f,
                    format!("plan[{s}]"),
                    "Wochenangaben dürfen nicht negativ sein",
                );
            }
            if step.offset_weeks > MAX_PLAN_WEEKS || step.duration_weeks > MAX_PLAN_WEEKS {
                p.add(
                    f,
                    format!("plan[{s}]"),
                    format!(
                        "Wochenangaben dürfen höchstens {MAX_PLAN_WEEKS} sein (zehn Jahre; angegeben: {} und {})",
                        step.offset_weeks, step.duration_weeks
                    ),
                );
            }
            p.text(f, format!("plan[{s}].title"), &step.title);
        }

        let f = "abschnitte.json";
        let mut section_keys = HashSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            if !section_keys.insert(section.key.as_str()) {
                p.add(
                    f,
                    format!("sections[{s}].key"),
                    format!("Schlüssel „{}“ doppelt", section.key),
                );
            }
            p.text(f, format!("sections[{s}].title"), &section.title);
            for name in placeholders::names_in(&section.template) {
                if !PLACEHOLDERS.iter().any(|(n, _)| *n == name) {
                    p.add(
                        f,
                        format!("sections[{s}].template"),
                        format!("unbekannter Platzhalter „{{{name}}}“"),
                    );
                }
            }
        }

        let f = "foerderprogramme.json";
        for (i, prog) in self.funding_programmes.iter().enumerate() {
            p.text(f, format!("funding_programmes[{i}].name"), &prog.name);
            p.text(f, format!("funding_programmes[{i}].note"), &prog.note);
        }
        p.0
    }
}

fn problem_error(problems: Vec<String>) -> Error {
    Error::invalid(format!(
        "Der Katalog ist fehlerhaft ({} Probleme):\n- {}",
        problems.len(),
        problems.join("\n- ")
    ))
}

/// The rows a new project starts with: the municipality profile and the catalogue copy. The
/// rows carry their ids (check items point at their dimensions); the caller writes them.
#[derive(Debug, Default)]
pub struct Seed {
    pub profile: Profile,
    pub dimensions: Vec<CheckDimension>,
    pub items: Vec<CheckItem>,
    pub key_figures: Vec<KeyFigure>,
    pub ozg_services: Vec<OzgService>,
    pub life_areas: Vec<LifeArea>,
    pub timeline: Vec<TimelineEntry>,
    pub sections: Vec<Section>,
    pub report_settings: ReportSettings,
}

/// The Zehn-Monats-Plan from `start`: one timeline entry per step of the catalogue's plan, each
/// carrying its step's `plan_key` (new rows: their ids are given when they are written).
pub fn plan_entries(catalog: &Catalog, start: NaiveDate) -> Result<Vec<TimelineEntry>> {
    catalog
        .plan
        .iter()
        .map(|step| {
            let begin = plus_weeks(start, step.offset_weeks)?;
            Ok(TimelineEntry {
                kind: step.kind,
                title: step.title.clone(),
                start: Some(begin),
                end: Some(plus_weeks(begin, step.duration_weeks)?),
                baustein: Some(step.baustein),
                plan_key: step.key.clone(),
                ..Default::default()
            })
        })
        .collect()
}

/// The first rows of a new project made from `catalog` for `profile`.
pub fn seed(catalog: &Catalog, profile: Profile) -> Result<Seed> {
    let profile = Profile {
        id: PROFILE_ID,
        ..profile
    };
    let mut out = Seed::default();
    for (d, def) in (0i32..).zip(&catalog.check.dimensions) {
        let dimension = CheckDimension {
            id: Uuid::now_v7(),
            key: def.key.clone(),
            title: def.title.clone(),
            description: def.description.clone(),
            scored: def.scored,
            order: d,
        };
        for (i, item) in (0i32..).zip(&def.items) {
            out.items.push(CheckItem {
                id: Uuid::now_v7(),
                dimension_id: dimension.id,
                key: item.key.clone(),
                question: item.question.clone(),
                help: item.help.clone(),
                levels: item.levels.clone(),
                evidence_hint: item.evidence_hint.clone(),
                life_area_key: item.life_area.clone(),
                order: i,
            });
        }
        out.dimensions.push(dimension);
    }
    for (k, def) in (0i32..).zip(&catalog.check.key_figures) {
        let value = match def.key.as_str() {
            "einwohner" => profile.population.map(crate::analysis::format_thousands),
            _ => None,
        };
        out.key_figures.push(KeyFigure {
            key: def.key.clone(),
            label: def.label.clone(),
            unit: def.unit.clone(),
            value: value.unwrap_or_default(),
            order: k,
            ..Default::default()
        });
    }
    for (s, def) in (0i32..).zip(&catalog.check.ozg_services) {
        out.ozg_services.push(OzgService {
            key: def.key.clone(),
            name: def.name.clone(),
            category: def.category.clone(),
            order: s,
            ..Default::default()
        });
    }
    for (a, def) in (0i32..).zip(&catalog.life_areas) {
        out.life_areas.push(LifeArea {
            code: def.code.clone(),
            catalog_key: Some(def.code.clone()),
            title: def.title.clone(),
            description: def.description.clone(),
            dimension_keys: def.dimensions.clone(),
            order: a,
            ..Default::default()
        });
    }
    if let Some(start) = profile.start_date {
        out.timeline = plan_entries(catalog, start)?;
    }
    for (s, def) in (0i32..).zip(&catalog.sections) {
        out.sections.push(Section {
            key: def.key.clone(),
            title: def.title.clone(),
            body: def.template.clone(),
            included: true,
            approved: false,
            order: s,
            ..Default::default()
        });
    }
    out.report_settings = ReportSettings {
        id: REPORT_SETTINGS_ID,
        title: "Digitalisierungsstrategie".into(),
        // The cover prints the name anyway; a subtitle is the consultant's own line.
        subtitle: String::new(),
        version_label: "Entwurf 1".into(),
        // Without a date the report is dated the day it is made: a draft printed in December
        // must not say „Stand“ of the planned adoption next summer.
        date: None,
        author: profile.consultants.clone(),
        watermark: true,
        logo: None,
    };
    out.profile = profile;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_is_valid() {
        let problems = Catalog::builtin().map(|c| c.problems());
        assert!(matches!(problems.as_deref(), Ok([])), "{problems:?}");
    }
}
