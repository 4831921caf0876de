//! `{placeholders}` in section templates, filled from project data when a text is shown or
//! printed, so a chapter keeps up with the project (the stored text keeps the placeholder).

use std::collections::BTreeMap;

/// Every placeholder a section text may use, with what it stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("name", "Name der Kommune"),
    ("kind", "Art der Kommune (Gemeinde, Stadt …)"),
    (
        "council",
        "Gremium, das beschließt: Gemeinderat, Stadtrat, Kreistag oder Verbandsversammlung",
    ),
    (
        "council_dative",
        "dasselbe mit Artikel im Dativ: „dem Gemeinderat“, „der Verbandsversammlung“",
    ),
    (
        "name_with_facts",
        "Name mit Art und Einwohnerzahl, soweit bekannt: „Worms (Kreisfreie Stadt, 87.900 …)“",
    ),
    ("population", "Einwohnerzahl"),
    ("district", "Landkreis"),
    ("start", "Projektbeginn (TT.MM.JJJJ)"),
    ("ist_index", "IST-Index des Digitalisierungs-Checks (0–100)"),
    (
        "soll_index",
        "SOLL-Index des Digitalisierungs-Checks (0–100)",
    ),
    ("answered", "beantwortete Check-Fragen"),
    ("items", "Check-Fragen insgesamt"),
    ("areas_selected", "ausgewählte Lebensbereiche"),
    ("measures", "Maßnahmen"),
    ("ideas", "Ideen aus der Beteiligung"),
    ("events", "Veranstaltungen"),
    ("participants", "Teilnehmende aller Veranstaltungen"),
    ("cost_once", "einmalige Kosten aller Maßnahmen"),
    ("cost_yearly", "laufende Kosten aller Maßnahmen pro Jahr"),
    (
        "origin",
        "Satz: wer die Strategie erarbeitet hat – „gemeinsam mit … Bürgerschaft“ nur mit erfassten Veranstaltungen",
    ),
    (
        "check_result",
        "Satz zum Ergebnis des Checks (oder dass er noch aussteht)",
    ),
    (
        "measures_summary",
        "Satz: Zahl der Maßnahmen, in wie vielen Lebensbereichen, was aus Ideen wurde",
    ),
    (
        "cost_summary",
        "Satz zu den Kosten, nennt fehlende Schätzungen",
    ),
    (
        "participation",
        "Satz zu Veranstaltungen und Teilnehmenden, auch teilweise gezählt",
    ),
    (
        "areas_chosen",
        "Satz: ausgewählte Lebensbereiche, aus dem Katalog und eigene",
    ),
    (
        "areas_basis",
        "Satz: Grundlage der Auswahl (Check, Punktabfragen) – leer ohne beides",
    ),
    (
        "lead_status",
        "Satz: für wie viele Maßnahmen eine Federführung benannt ist",
    ),
    ("quick_wins", "Satz zu den Quick Wins – leer ohne Quick Win"),
    (
        "check_scope",
        "Satz: was der Check umfasst und wie weit er beantwortet ist",
    ),
    (
        "check_gaps",
        "Satz: die Abstände IST–SOLL als Ausgangspunkt – leer ohne Antworten",
    ),
    (
        "goal_indicators",
        "Satz: ob die Ziele mit Indikatoren hinterlegt sind, auch teilweise",
    ),
    (
        "dimensions",
        "Zahl der bewerteten Check-Dimensionen („8 Dimensionen“)",
    ),
];

/// Values for the placeholders of one project.
pub type Placeholders = BTreeMap<&'static str, String>;

/// Replaces each known `{name}`; unknown or unfilled placeholders stay as they are.
pub fn fill(template: &str, values: &Placeholders) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) if is_name(name) => {
                match values.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The placeholder names used in a template.
pub(super) fn names_in(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some((_, after)) = rest.split_once('{') {
        match after.split_once('}') {
            Some((name, tail)) if is_name(name) => {
                out.push(name);
                rest = tail;
            }
            _ => rest = after,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_leaves_everything_else() {
        let mut v = Placeholders::new();
        v.insert("name", "Musterstadt".into());
        assert_eq!(
            fill("In {name} {unbekannt} {x y} {} {{name}} {", &v),
            "In Musterstadt {unbekannt} {x y} {} {Musterstadt} {"
        );
        assert_eq!(
            names_in("{name} und {ist_index}, {Nein}"),
            vec!["name", "ist_index"]
        );
    }
}
