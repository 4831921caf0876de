//! Shared by the benchmarks: a large project with 1,500 complete measures.

use std::path::Path;

use zukunftskommune::api::{FileCommand, NewProject};
use zukunftskommune::model::{LifeArea, Measure, Priority};
use zukunftskommune::store::ProjectFile;
use zukunftskommune::{dispatch, Command, Session};

pub const MEASURES: usize = 1_500;

pub fn measure(i: usize, area: Option<uuid::Uuid>) -> Measure {
    Measure {
        title: format!("Maßnahme {i}: Online-Dienst für Anliegen Nr. {i}"),
        life_area_id: area,
        number: format!("M-01-{i:04}"),
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
    let area = file
        .list::<LifeArea>()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|a| a.code == "LB01")
        .map(|a| a.id);
    file.change("Benchmark-Maßnahmen", |w| {
        for i in 0..MEASURES {
            w.put(measure(i, area))?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}
