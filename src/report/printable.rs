//! What the report can print: every character of user text must be in an embedded font. The
//! rows of a [`ReportInput`] are made printable *before* the report data and the charts are
//! built from them, so text and charts show the same replacement, and a warning names the row
//! and field. Characters no font has (emoji, CJK …) become „□“, tabs become spaces, other
//! control characters are dropped. A last pass over `data.json` and the chart SVGs catches
//! generated text.

use serde_json::Value;
use typst::text::FontInfo;

use super::data::ReportInput;
use crate::model::{field_label, Entity};

/// The fonts a string is checked against: body text may fall back from one embedded font to
/// the next; chart text (SVG) is drawn with the first family only.
pub(super) struct Coverage {
    faces: Vec<&'static FontInfo>,
}

impl Coverage {
    pub(super) fn new(faces: Vec<&'static FontInfo>) -> Self {
        Coverage { faces }
    }

    /// Every embedded face.
    pub(super) fn all() -> Self {
        Coverage::new(super::fonts::infos().iter().collect())
    }

    fn covers(&self, c: char) -> bool {
        self.faces.iter().any(|f| f.coverage.contains(c as u32))
    }

    /// The printable form of `text`, or `None` when it is printable already; the replaced
    /// characters are added to `replaced` once each.
    pub(super) fn printable(&self, text: &str, replaced: &mut Vec<char>) -> Option<String> {
        let fine =
            |c: char| c == '\n' || (!c.is_control() && (c.is_whitespace() || self.covers(c)));
        if text.chars().all(fine) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                // Zero-width joiners and variation selectors belong to a replaced emoji.
                '\u{200d}' | '\u{fe0f}' | '\u{fe0e}' => {}
                c if c.is_control() => {}
                c if c.is_whitespace() || self.covers(c) => out.push(c),
                c => {
                    if !replaced.contains(&c) {
                        replaced.push(c);
                    }
                    out.push('□');
                }
            }
        }
        Some(out)
    }
}

/// The German note for characters replaced in `place`.
pub(super) fn note(place: &str, replaced: &[char]) -> String {
    let chars: Vec<String> = replaced
        .iter()
        .map(|c| format!("„{c}“ (U+{:04X})", *c as u32))
        .collect();
    format!(
        "{place}: {} {} in den Schriften des Berichts nicht enthalten und durch □ ersetzt.",
        chars.join(", "),
        if replaced.len() == 1 { "ist" } else { "sind" }
    )
}

/// Makes every stored row of the input printable; returns one warning per field changed.
pub fn printable_input(input: &mut ReportInput) -> Vec<String> {
    let coverage = Coverage::all();
    let mut warnings = Vec::new();
    let w = &mut warnings;
    let c = &coverage;
    input.profile = printable_row(std::mem::take(&mut input.profile), c, w);
    input.settings = printable_row(std::mem::take(&mut input.settings), c, w);
    rows(&mut input.goals, c, w);
    rows(&mut input.timeline, c, w);
    rows(&mut input.stakeholders, c, w);
    rows(&mut input.events, c, w);
    rows(&mut input.ideas, c, w);
    rows(&mut input.digital_offers, c, w);
    rows(&mut input.dimensions, c, w);
    rows(&mut input.items, c, w);
    rows(&mut input.answers, c, w);
    rows(&mut input.ozg, c, w);
    rows(&mut input.key_figures, c, w);
    rows(&mut input.swot, c, w);
    rows(&mut input.areas, c, w);
    rows(&mut input.measures, c, w);
    rows(&mut input.sections, c, w);
    if let Some(label) = &input.version_label {
        let mut replaced = Vec::new();
        if let Some(fixed) = coverage.printable(label, &mut replaced) {
            warnings.push(note("Versionsbezeichnung", &replaced));
            input.version_label = Some(fixed);
        }
    }
    warnings
}

fn rows<T: Entity>(rows: &mut [T], coverage: &Coverage, warnings: &mut Vec<String>) {
    for row in rows.iter_mut() {
        *row = printable_row(std::mem::take(row), coverage, warnings);
    }
}

/// The longest run without a break opportunity printed as it is; a longer word (a URL, a pasted
/// file name) gets an invisible break opportunity (U+200B) every [`BREAK_EVERY`] characters, so it
/// wraps inside its table cell instead of running off the page.
const LONGEST_WORD: usize = 40;
const BREAK_EVERY: usize = 30;

/// Whether a line may already break after `c`: a space, or the hyphen of a compound. A long
/// hyphenated place name („Schönbrunn-Unterreichenbach-Oberkirchberg“) needs no invisible break,
/// which would also keep a PDF viewer's search from finding the name.
fn ends_run(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// `text` with break opportunities in over-long words, or `None` when it has none.
fn breakable(text: &str) -> Option<String> {
    let mut run: usize = 0;
    if !text.chars().any(|c| {
        run = if ends_run(c) {
            0
        } else {
            run.saturating_add(1)
        };
        run > LONGEST_WORD
    }) {
        return None;
    }
    let mut out = String::with_capacity(text.len().saturating_mul(2));
    let mut run: usize = 0;
    for c in text.chars() {
        if ends_run(c) {
            run = 0;
        } else {
            if run == BREAK_EVERY {
                out.push('\u{200b}');
                run = 0;
            }
            run = run.saturating_add(1);
        }
        out.push(c);
    }
    Some(out)
}

/// Fields that hold keys, hashes or ids, never prose: left exactly as they are.
fn is_identifier(field: &str) -> bool {
    matches!(
        field,
        "id" | "hash" | "key" | "code" | "number" | "ags" | "plan_key" | "catalog_key"
    ) || field.ends_with("_id")
        || field.ends_with("_key")
}

fn break_long_words(value: &mut Value) -> bool {
    match value {
        Value::String(s) => match breakable(s) {
            Some(fixed) => {
                *s = fixed;
                true
            }
            None => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |b, v| break_long_words(v) | b),
        Value::Object(map) => map
            .iter_mut()
            .filter(|(name, _)| !is_identifier(name))
            .fold(false, |b, (_, v)| break_long_words(v) | b),
        _ => false,
    }
}

/// One row through its JSON form: every string field made printable. A row whose JSON form
/// would not read back (cannot happen for model types) is kept as it was.
fn printable_row<T: Entity>(row: T, coverage: &Coverage, warnings: &mut Vec<String>) -> T {
    let Ok(Value::Object(mut fields)) = serde_json::to_value(&row) else {
        return row;
    };
    let mut changed = Vec::new();
    for (name, value) in fields.iter_mut() {
        let mut replaced = Vec::new();
        printable_value(value, coverage, &mut replaced);
        if !replaced.is_empty() {
            changed.push((name.clone(), replaced));
        }
    }
    let broken = fields
        .iter_mut()
        .filter(|(name, _)| !is_identifier(name))
        .fold(false, |broken, (_, value)| break_long_words(value) | broken);
    if changed.is_empty() && !broken {
        return row;
    }
    let title = ["title", "text", "name", "label", "role", "question"]
        .iter()
        .filter_map(|k| fields.get(*k).and_then(Value::as_str))
        .find(|t| !t.trim().is_empty())
        .map(|t| {
            let visible = || t.chars().filter(|c| *c != '\u{200b}');
            let short: String = visible().take(60).collect();
            let more = if visible().count() > 60 { "…" } else { "" };
            format!(" „{short}{more}“")
        })
        .unwrap_or_default();
    for (field, replaced) in changed {
        let place = format!("{}{title}, {}", T::KIND.label(), field_label(&field));
        warnings.push(note(&place, &replaced));
    }
    serde_json::from_value(Value::Object(fields)).unwrap_or(row)
}

/// Replaces what the fonts cannot print in every string of `value`.
pub(super) fn printable_value(value: &mut Value, coverage: &Coverage, replaced: &mut Vec<char>) {
    match value {
        Value::String(s) => {
            if let Some(fixed) = coverage.printable(s, replaced) {
                *s = fixed;
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| printable_value(v, coverage, replaced)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| printable_value(v, coverage, replaced)),
        _ => {}
    }
}
