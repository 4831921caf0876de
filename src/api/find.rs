//! „Suchen“ (Ctrl+K in the window, `zukunft find` …): one query over the rows a consultant looks
//! for by number or words — measures, ideas, goals, timeline entries, events, check items, life
//! areas and strategy sections. Each hit names the Baustein and the row, so the window opens it.

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::Result;
use crate::model::*;
use crate::store::ProjectFile;

/// The most hits one query returns; the window shows them in one list.
pub const MAX_HITS: usize = 40;

/// One row that matches a search.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Hit {
    /// The Baustein (1–5) whose view shows the row.
    pub baustein: u8,
    pub kind: EntityKind,
    pub id: Uuid,
    /// What the row is called in the window: „M-04-03“, „E03“, „Idee“, „Termin 12.03.2027“.
    pub label: String,
    pub title: String,
}

/// A row to search with the text its rank is judged by.
struct Candidate {
    hit: Hit,
    /// Further text that matches but ranks lower (a measure's description …).
    detail: String,
    /// A label that is a number or key („M-04-03“, „E03“, „LB03“) matches from its start.
    keyed: bool,
}

/// Lower case with umlauts and ß folded, so „Buergerbuero“, „bürgerbüro“ and „BÜRGERBÜRO“ meet.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            '–' | '—' => out.push('-'),
            c => out.push(c),
        }
    }
    out
}

/// The hits for `query`, best first: the number or key itself, then titles starting with the
/// words, titles holding all words, and rows whose further text holds them. Empty query → none.
pub(super) fn find(file: &ProjectFile, query: &str) -> Result<Vec<Hit>> {
    let query = fold(query.trim());
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut ranked: Vec<(u8, Hit)> = candidates(file)?
        .into_iter()
        .filter_map(|c| rank(&c, &query, &words).map(|r| (r, c.hit)))
        .collect();
    ranked.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(a.baustein.cmp(&b.baustein))
            .then_with(|| natural(&a.label).cmp(&natural(&b.label)))
            .then_with(|| a.title.cmp(&b.title))
    });
    Ok(ranked
        .into_iter()
        .take(MAX_HITS)
        .map(|(_, hit)| hit)
        .collect())
}

/// 0 = the key itself, 1 = key starts with the query, 2 = title starts with it, 3 = all words in
/// label and title, 4 = all words somewhere in the row; `None` = no match.
fn rank(c: &Candidate, query: &str, words: &[&str]) -> Option<u8> {
    let label = fold(&c.hit.label);
    let title = fold(&c.hit.title);
    if c.keyed && label == query {
        return Some(0);
    }
    if c.keyed && label.starts_with(query) {
        return Some(1);
    }
    let head = format!("{label} {title}");
    if title.starts_with(query) && words.iter().all(|w| head.contains(w)) {
        return Some(2);
    }
    if words.iter().all(|w| head.contains(w)) {
        return Some(3);
    }
    let all = format!("{head} {}", fold(&c.detail));
    words.iter().all(|w| all.contains(w)).then_some(4)
}

/// Sorts „M-01-9“ before „M-01-10“ and „E2“ before „E10“.
fn natural(label: &str) -> Vec<(String, u64)> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in label.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                parts.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, digits.parse().unwrap_or(0)));
    parts
}

fn candidates(file: &ProjectFile) -> Result<Vec<Candidate>> {
    let mut out = Vec::new();
    let mut push = |baustein: u8, kind, id, label: String, title: &str, detail: String, keyed| {
        out.push(Candidate {
            hit: Hit {
                baustein,
                kind,
                id,
                label,
                title: title.to_owned(),
            },
            detail,
            keyed,
        })
    };
    for g in file.list::<Goal>()? {
        let detail = format!("{} {} {}", g.description, g.indicator, g.target_value);
        push(
            1,
            EntityKind::Goal,
            g.id,
            "Ziel".into(),
            &g.title,
            detail,
            false,
        );
    }
    for t in file.list::<TimelineEntry>()? {
        let label = match t.start {
            Some(d) => format!("Termin {}", d.format("%d.%m.%Y")),
            None => "Termin".into(),
        };
        push(
            1,
            EntityKind::TimelineEntry,
            t.id,
            label,
            &t.title,
            t.place,
            false,
        );
    }
    for e in file.list::<Event>()? {
        push(
            1,
            EntityKind::Event,
            e.id,
            "Veranstaltung".into(),
            &e.title,
            e.minutes,
            false,
        );
    }
    for i in file.list::<CheckItem>()? {
        push(
            2,
            EntityKind::CheckItem,
            i.id,
            i.key.clone(),
            &i.question,
            i.help,
            true,
        );
    }
    for a in file.list::<LifeArea>()? {
        let detail = format!("{} {}", a.description, a.vision);
        push(
            3,
            EntityKind::LifeArea,
            a.id,
            a.code.clone(),
            &a.title,
            detail,
            true,
        );
    }
    for i in file.list::<Idea>()? {
        push(
            4,
            EntityKind::Idea,
            i.id,
            "Idee".into(),
            &i.text,
            String::new(),
            false,
        );
    }
    for m in file.list::<Measure>()? {
        let detail = format!("{} {} {} {}", m.description, m.goal, m.lead, m.parties);
        push(
            4,
            EntityKind::Measure,
            m.id,
            m.number.clone(),
            &m.title,
            detail,
            true,
        );
    }
    for s in file.list::<Section>()? {
        push(
            5,
            EntityKind::Section,
            s.id,
            "Abschnitt".into(),
            &s.title,
            s.body,
            false,
        );
    }
    Ok(out)
}
