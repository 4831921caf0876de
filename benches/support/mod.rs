//! Shared by the benchmarks: a large project with 1,500 complete measures, spread in turn over
//! eight selected Lebensbereiche as a large city's plan would have them. Until 2 December 2026
//! all of them were in the unselected LB01, so the report listed them under Querschnitt in one
//! table and their Steckbriefe as one run of pages, which no real plan does.

use std::path::Path;

use zukunftskommune::api::{FileCommand, NewProject};
use zukunftskommune::model::{LifeArea, Measure, Priority};
use zukunftskommune::store::ProjectFile;
use zukunftskommune::{dispatch, Command, Session};

pub const MEASURES: usize = 1_500;
/// Lebensbereiche the measures are spread over (of the catalogue's twelve).
pub const AREAS: usize = 8;

/// Measure `i` of the large project, in the area with the given id and number (01 for LB01).
pub fn measure(i: usize, area: Option<(uuid::Uuid, usize)>) -> Measure {
    Measure {
        title: format!("Maßnahme {i}: Online-Dienst für Anliegen Nr. {i}"),
        life_area_id: area.map(|(id, _)| id),
        number: format!("M-{:02}-{i:04}", area.map_or(0, |(_, n)| n)),
        description: "Beschreibung der Maßnahme mit einigen Sätzen Text. ".repeat(6),
        goal: "Ziel und erwartete Wirkung.".into(),
        lead: "Hauptamt".into(),
        parties: "Lenkungsgruppe, Fachämter".into(),
        priority: Some(Priority::Mittel),
        effort: Some((i % 5 + 1) as u8),
        benefit: Some(((i + 2) % 5 + 1) as u8),
        start_quarter: Some(format!("{}-Q{}", 2027 + (i % 4), i % 4 + 1)),
        end_quarter: Some(format!("{}-Q4", 2028 + (i % 4))),
        cost_once_cents: Some((i as i64 + 1) * 100_000),
        cost_yearly_cents: Some(50_000),
        funding_programme: "Förderprogramm".into(),
        funding_rate: Some(50),
        kpis: "Nutzungszahlen".into(),
        ..Default::default()
    }
}

pub fn build(path: &Path) -> Result<(), String> {
    let mut s = Session::new();
    dispatch(
        &mut s,
        Command::File(FileCommand::Create {
            path: path.display().to_string(),
            project: NewProject {
                name: "Großstadt-Benchmark".into(),
                population: Some(250_000),
                ..Default::default()
            },
            catalog_dir: None,
        }),
    )
    .map_err(|e| e.message)?;
    dispatch(&mut s, Command::File(FileCommand::Close)).map_err(|e| e.message)?;
    let (mut file, _) = ProjectFile::open(path).map_err(|e| e.to_string())?;
    let mut areas = file.list::<LifeArea>().map_err(|e| e.to_string())?;
    areas.retain(|a| !a.is_cross_cutting());
    areas.sort_by_key(|a| a.order);
    areas.truncate(AREAS);
    file.change("Benchmark-Maßnahmen", |w| {
        for a in &areas {
            w.put(LifeArea {
                selected: true,
                ..a.clone()
            })?;
        }
        for i in 0..MEASURES {
            let area = match areas.len() {
                0 => None,
                n => Some((
                    areas[i % n].id,
                    areas[i % n].number_part().parse().unwrap_or(0),
                )),
            };
            w.put(measure(i, area))?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}
