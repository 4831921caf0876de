//! The facts section texts may state: values for their `{placeholders}` and whole sentences
//! worded after what the data say.

use super::project::{check_scores, profile, progress_facts};
use crate::analysis::{self, CheckScores};
use crate::error::Result;
use crate::model::*;
use crate::store::ProjectFile;

/// Values for the `{placeholders}` of section texts.
pub(super) fn placeholders(file: &ProjectFile) -> Result<crate::catalog::Placeholders> {
    let p = profile(file)?;
    let scores = check_scores(file)?;
    let facts = progress_facts(file)?;
    let measures = file.list::<Measure>()?;
    let events = file.list::<Event>()?;
    let index = |v: Option<f64>| {
        v.map(|v| analysis::format_decimal(v, 0))
            .unwrap_or_else(|| "–".into())
    };
    let kind = p.kind.label().to_string();
    let sentences = true_sentences(file, &p, &scores, &measures, &events)?;
    Ok([
        ("name", p.name.clone()),
        ("kind", kind),
        ("council", p.kind.council().name.to_string()),
        ("council_dative", p.kind.council().dative.to_string()),
        (
            "population",
            p.population
                .map(analysis::format_thousands)
                .unwrap_or_else(|| "–".into()),
        ),
        ("district", p.district.clone()),
        (
            "start",
            p.start_date
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        ("ist_index", index(scores.overall_ist)),
        ("soll_index", index(scores.overall_soll)),
        ("answered", scores.answered.to_string()),
        ("items", scores.items.to_string()),
        ("areas_selected", facts.areas_selected.to_string()),
        ("measures", measures.len().to_string()),
        ("ideas", file.count(EntityKind::Idea)?.to_string()),
        ("events", events.len().to_string()),
        (
            "participants",
            analysis::format_thousands(
                events
                    .iter()
                    .filter_map(|e| e.participants)
                    .map(i64::from)
                    .sum::<i64>(),
            ),
        ),
        (
            "cost_once",
            analysis::format_euro(analysis::sum_cents(
                measures.iter().map(|m| m.cost_once_cents),
            )?),
        ),
        (
            "cost_yearly",
            analysis::format_euro(analysis::sum_cents(
                measures.iter().map(|m| m.cost_yearly_cents),
            )?),
        ),
    ]
    .into_iter()
    .chain(sentences)
    .collect())
}

/// Whole sentences for section texts that state facts, each worded after what the data say:
/// a claim the data do not support is never printed ("für jede Maßnahme ist eine
/// Federführung benannt" only when it is so; partial counts are said as partial).
fn true_sentences(
    file: &ProjectFile,
    profile: &Profile,
    scores: &CheckScores,
    measures: &[Measure],
    events: &[Event],
) -> Result<Vec<(&'static str, String)>> {
    // "Der Prozess begann am 10.11.2022. Er umfasste …" – or without a start date "Der Prozess umfasste …".
    let (process_start, subject) = match profile.start_date {
        Some(d) => (
            format!("Der Prozess begann am {}. ", d.format("%d.%m.%Y")),
            "Er",
        ),
        None => (String::new(), "Der Prozess"),
    };
    let index = |v: f64| analysis::format_decimal(v, 0);
    // A partly answered check gives a provisional figure, and says on how many answers it rests.
    let (check_subject, provisional) = if scores.answered < scores.items {
        (
            format!(
                "Nach {} von {} beantworteten Fragen ergab der Digitalisierungs-Check",
                scores.answered, scores.items
            ),
            "vorläufigen ",
        )
    } else {
        ("Der Digitalisierungs-Check ergab".to_string(), "")
    };
    let check_result = match (scores.overall_ist, scores.overall_soll) {
        // A SOLL on fewer questions than the IST is no target of the municipality yet.
        (Some(ist), Some(_)) if scores.soll_count < scores.ist_count => format!(
            "{check_subject} einen {provisional}Reifegrad von {} von 100 Punkten. Ein Ziel für zwei bis drei Jahre (SOLL) ist erst bei {} der {} beantworteten Fragen eingeschätzt.",
            index(ist),
            scores.soll_count,
            scores.answered
        ),
        // One question with only an IST and another with only a SOLL: two figures of different
        // questions, no target measured against today.
        (Some(ist), Some(_)) if !scores.same_base() => format!(
            "{check_subject} einen {provisional}Reifegrad von {} von 100 Punkten (aus {}). IST und SOLL sind noch nicht für dieselben Fragen eingeschätzt; ein Ziel für zwei bis drei Jahre steht deshalb noch nicht fest.",
            index(ist),
            analysis::count_of(scores.ist_count, "Frage", "Fragen")
        ),
        (Some(ist), Some(soll)) => format!(
            "{check_subject} einen {provisional}Reifegrad von {} von 100 Punkten; in zwei bis drei Jahren will die Kommune {} Punkte erreichen.",
            index(ist),
            index(soll)
        ),
        (Some(ist), None) => format!(
            "{check_subject} einen {provisional}Reifegrad von {} von 100 Punkten.",
            index(ist)
        ),
        _ => "Der Digitalisierungs-Check ist noch nicht ausgewertet.".to_string(),
    };
    let areas = file.list::<LifeArea>()?;
    let selected: Vec<&LifeArea> = areas
        .iter()
        .filter(|a| a.selected && !a.is_cross_cutting())
        .collect();
    let own = selected.iter().filter(|a| a.catalog_key.is_none()).count();
    let in_area = |m: &Measure| home_area(m.life_area_id, &areas).is_some();
    let areas_with_measures = selected
        .iter()
        .filter(|a| measures.iter().any(|m| a.holds(m, &areas)))
        .count();
    let ideas = file.list::<Idea>()?;
    let measures_summary = measures_summary(measures, &ideas, areas_with_measures, |m| !in_area(m));
    let estimated: Vec<&Measure> = measures.iter().filter(|m| m.has_cost_estimate()).collect();
    let open = measures.len().saturating_sub(estimated.len());
    let cost_summary = if measures.is_empty() {
        String::new()
    } else if estimated.is_empty() {
        "Kostenschätzungen für die Maßnahmen liegen noch nicht vor.".to_string()
    } else {
        let plan = analysis::budget(measures)?;
        let mut text = format!(
            "Die geschätzten Kosten der Maßnahmen betragen insgesamt {}",
            analysis::format_euro(plan.estimated_total()?)
        );
        if !plan.years.is_empty() {
            let first = plan.years.first().map(|y| y.year).unwrap_or_default();
            let last = plan.years.last().map(|y| y.year).unwrap_or_default();
            // Amounts without a period belong to no year: the years span only the rest.
            if plan.unplaced_cents > 0 {
                text.push_str(&format!(
                    ", davon {}",
                    analysis::format_euro(plan.total.total_cents)
                ));
            }
            if first == last {
                text.push_str(&format!(" im Jahr {first}"));
            } else {
                text.push_str(&format!(" in den Jahren {first} bis {last}"));
            }
            if plan.unplaced_cents > 0 {
                text.push_str(&format!(
                    " und {} noch ohne Zeitraum",
                    analysis::format_euro(plan.unplaced_cents)
                ));
            }
        } else if plan.unplaced_cents > 0 {
            text.push_str(", alle noch ohne Zeitraum");
        }
        if open > 0 {
            text.push_str(&format!(
                "; für {} liegt noch keine Kostenschätzung vor",
                analysis::count_of(open, "Maßnahme", "Maßnahmen")
            ));
        }
        text.push('.');
        text
    };
    let participation = analysis::participation_sentence(subject, events);
    let voted_events = {
        let mut ids: Vec<uuid::Uuid> = file
            .list::<LifeAreaVote>()?
            .iter()
            .filter(|v| v.votes > 0)
            .map(|v| v.event_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let basis: Vec<String> = [
        (scores.answered > 0).then(|| "die Ergebnisse des Digitalisierungs-Checks".to_string()),
        (voted_events > 0).then(|| {
            format!(
                "die Punktabfragen in {}",
                analysis::count_of(voted_events, "Veranstaltung", "Veranstaltungen")
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let areas_chosen = match (selected.len(), own) {
        (0, _) => "Lebensbereiche sind noch nicht ausgewählt.".to_string(),
        (n, 0) => format!(
            "Aus dem Katalog der Lebensbereiche wurden {} ausgewählt.",
            analysis::count_of(n, "Bereich", "Bereiche")
        ),
        (n, o) if o == n => format!(
            "Die Strategie ordnet die Maßnahmen {} zu, die die Kommune selbst festgelegt hat.",
            analysis::count_of(n, "Lebensbereich", "Lebensbereichen")
        ),
        (n, o) => format!(
            "Ausgewählt wurden {}, davon {} aus dem Katalog und {} eigene.",
            analysis::count_of(n, "Lebensbereich", "Lebensbereiche"),
            n.saturating_sub(o),
            o
        ),
    };
    let areas_basis = if basis.is_empty() {
        String::new()
    } else {
        format!("Grundlage waren {}.", basis.join(" und "))
    };
    let with_lead = measures
        .iter()
        .filter(|m| !m.lead.trim().is_empty())
        .count();
    let lead_status = match (with_lead, measures.len()) {
        (_, 0) => String::new(),
        (l, n) if l == n => "Für jede Maßnahme ist eine Federführung in der Verwaltung benannt.".to_string(),
        (0, _) => "Die Federführung der Maßnahmen wird mit dem Beginn der Umsetzung festgelegt.".to_string(),
        (l, n) => format!(
            "Für {l} von {n} Maßnahmen ist eine Federführung in der Verwaltung benannt; für die übrigen wird sie mit dem Beginn der Umsetzung festgelegt."
        ),
    };
    let quick = measures.iter().filter(|m| m.quick_win).count();
    let quick_wins = match quick {
        0 => String::new(),
        1 => "Ein Quick Win, der sofort beginnen kann, ist besonders gekennzeichnet.".to_string(),
        n => format!("{n} Quick Wins, die sofort beginnen können, sind besonders gekennzeichnet."),
    };
    let dimensions: usize = file
        .list::<CheckDimension>()?
        .iter()
        .filter(|d| d.scored)
        .count();
    let goals = file.list::<Goal>()?;
    // „gemeinsam mit … Bürgerschaft“ only when a participation event is recorded.
    let origin = if events.is_empty() {
        format!(
            "{} hat eine Digitalisierungsstrategie erarbeitet.",
            profile.name
        )
    } else {
        format!(
            "{} hat gemeinsam mit Verwaltung, Politik und Bürgerschaft eine \
             Digitalisierungsstrategie erarbeitet.",
            profile.name
        )
    };
    Ok(vec![
        ("origin", origin),
        ("name_with_facts", name_with_facts(profile)),
        ("check_result", check_result),
        ("check_scope", check_scope(scores, dimensions)),
        ("check_gaps", check_gaps(scores)),
        (
            "goal_indicators",
            goal_indicators(&goals, profile.kind.council()),
        ),
        ("measures_summary", measures_summary),
        ("cost_summary", cost_summary),
        ("participation", format!("{process_start}{participation}")),
        ("areas_chosen", areas_chosen),
        ("areas_basis", areas_basis),
        ("lead_status", lead_status),
        ("quick_wins", quick_wins),
        (
            "dimensions",
            analysis::count_of(dimensions, "Dimension", "Dimensionen"),
        ),
    ])
}

/// „Die Strategie umfasst 45 Maßnahmen, davon 39 in 7 Lebensbereichen …“, and what the
/// participation brought: measures are said to come from ideas only as far as ideas were
/// promoted to them (an idea's `measure_id`), never because both exist.
fn measures_summary(
    measures: &[Measure],
    ideas: &[Idea],
    areas_with_measures: usize,
    cross_cutting: impl Fn(&Measure) -> bool,
) -> String {
    let mut text = if measures.is_empty() {
        "Maßnahmen sind noch nicht erfasst.".to_string()
    } else {
        let cross = measures.iter().filter(|m| cross_cutting(m)).count();
        let mut text = format!(
            "Die Strategie umfasst {}",
            analysis::count_of(measures.len(), "Maßnahme", "Maßnahmen")
        );
        if areas_with_measures > 0 {
            text.push_str(&format!(
                ", davon {} in {}",
                measures.len().saturating_sub(cross),
                analysis::count_of(areas_with_measures, "Lebensbereich", "Lebensbereichen")
            ));
            if cross > 0 {
                text.push_str(&format!(
                    " und {}",
                    analysis::count_of(cross, "Querschnittsmaßnahme", "Querschnittsmaßnahmen")
                ));
            }
        }
        text.push('.');
        text
    };
    if ideas.is_empty() {
        return text;
    }
    let from_ideas = measures
        .iter()
        .filter(|m| ideas.iter().any(|i| i.measure_id == Some(m.id)))
        .count();
    let came = if ideas.len() == 1 { "kam" } else { "kamen" };
    text.push_str(&format!(
        " Aus der Beteiligung {came} {}",
        analysis::count_of(ideas.len(), "Idee", "Ideen")
    ));
    match from_ideas {
        0 => text.push('.'),
        1 => text.push_str("; 1 Maßnahme geht auf sie zurück."),
        n => text.push_str(&format!("; {n} Maßnahmen gehen auf sie zurück.")),
    }
    text
}

/// What the check covers and how far it is answered: „bewertete 40 von 64 Fragen“, „alle 64“,
/// or that none is answered yet – never „Jede Frage wurde eingeschätzt“ for an open check.
fn check_scope(scores: &CheckScores, dimensions: usize) -> String {
    let within = format!(
        "in {} – von Strategie und Organisation über digitale Verwaltung bis zu \
         Informationssicherheit und Teilhabe",
        analysis::count_of(dimensions, "Dimension", "Dimensionen")
    );
    let scale = "für heute (IST) und für das Ziel in zwei bis drei Jahren (SOLL) auf einer Skala \
                 von 0 bis 5";
    let items = analysis::count_of(scores.items, "Frage", "Fragen");
    let both_known = scores.ist_count == scores.answered && scores.soll_count == scores.answered;
    if scores.answered == 0 {
        format!(
            "Der Digitalisierungs-Check umfasst {items} {within}. Jede Frage wird {scale} \
             eingeschätzt; bisher ist noch keine beantwortet."
        )
    } else if !both_known {
        // IST „weiß nicht“ or a SOLL left open: say on how many answers each level rests.
        let asked = if scores.answered >= scores.items {
            format!("alle {items}")
        } else {
            format!("{} von {items}", scores.answered)
        };
        format!(
            "Der Digitalisierungs-Check bewertete {asked} {within}. Jede Frage wird {scale} \
             eingeschätzt; ein IST liegt bisher bei {}, ein SOLL bei {} vor.",
            analysis::count_of(scores.ist_count, "Frage", "Fragen"),
            analysis::count_of(scores.soll_count, "Frage", "Fragen")
        )
    } else if scores.answered >= scores.items {
        format!(
            "Der Digitalisierungs-Check bewertete alle {items} {within}. Jede Frage wurde \
             {scale} eingeschätzt."
        )
    } else {
        format!(
            "Der Digitalisierungs-Check bewertete {} von {items} {within}. Jede bewertete Frage \
             wurde {scale} eingeschätzt.",
            scores.answered
        )
    }
}

/// Where the gaps led – only when the check has answers to show gaps.
fn check_gaps(scores: &CheckScores) -> String {
    if scores.answered == 0 {
        String::new()
    } else {
        "Die größten Abstände zwischen IST und SOLL zeigen, wo Handlungsbedarf besteht. Sie waren \
         Ausgangspunkt für die Auswahl der Lebensbereiche und Maßnahmen."
            .to_string()
    }
}

/// Whether the goals can be measured: „sind mit Indikatoren hinterlegt“ only when every goal
/// names one; partial counts are said as partial.
fn goal_indicators(goals: &[Goal], council: Council) -> String {
    let with = goals
        .iter()
        .filter(|g| !g.indicator.trim().is_empty())
        .count();
    let who = council.nominative;
    match (with, goals.len()) {
        (_, 0) => "Die Ziele der Strategie werden noch festgelegt.".to_string(),
        (w, n) if w == n => format!(
            "Die Ziele der Strategie sind mit Indikatoren hinterlegt, damit {who} den Fortschritt \
             jährlich beurteilen kann."
        ),
        (0, _) => format!(
            "Indikatoren, an denen {who} den Fortschritt jährlich beurteilen kann, werden für die \
             Ziele noch festgelegt."
        ),
        (w, n) => format!(
            "Für {w} von {n} Zielen ist ein Indikator benannt, an dem {who} den Fortschritt \
             jährlich beurteilen kann; für die übrigen wird er noch festgelegt."
        ),
    }
}

/// „Worms (Kreisfreie Stadt, 87.900 Einwohnerinnen und Einwohner)“: the kind only when the name
/// does not begin with it, the population only when known – never „– Einwohnerinnen und
/// Einwohner“.
fn name_with_facts(profile: &Profile) -> String {
    let kind = profile.kind.label();
    let mut facts = Vec::new();
    if profile.full_name() != profile.name.trim() {
        facts.push(kind.to_string());
    }
    if let Some(population) = profile.population {
        facts.push(format!(
            "{} Einwohnerinnen und Einwohner",
            analysis::format_thousands(i64::from(population))
        ));
    }
    if facts.is_empty() {
        profile.name.clone()
    } else {
        format!("{} ({})", profile.name, facts.join(", "))
    }
}
