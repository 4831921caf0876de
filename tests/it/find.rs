//! „Suchen“ (Ctrl+K): one query over measures, ideas, goals, dates, check items, areas, sections.

use crate::common::*;
use zukunftskommune::api::{Command, Hit, ProjectCommand, Reply};
use zukunftskommune::model::EntityKind;

fn find(s: &mut zukunftskommune::api::Session, query: &str) -> Vec<Hit> {
    match call(s, Command::Project(ProjectCommand::Find(query.into()))) {
        Reply::Found(hits) => hits,
        r => panic!("unexpected {r:?}"),
    }
}

#[test]
fn a_number_finds_its_measure_first_and_words_find_rows_in_every_baustein() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));

    let hits = find(&mut s, "m-04-03");
    assert_eq!(hits[0].label, "M-04-03");
    assert_eq!(hits[0].title, "E-Carsharing am Rathaus");
    assert_eq!((hits[0].baustein, hits[0].kind), (4, EntityKind::Measure));

    // A prefix lists the measures of that area in their natural order.
    let labels: Vec<_> = find(&mut s, "M-04")
        .iter()
        .map(|h| h.label.clone())
        .collect();
    assert_eq!(
        &labels[..5],
        ["M-04-01", "M-04-02", "M-04-03", "M-04-04", "M-04-05"]
    );

    // A check item by its key.
    let hit = &find(&mut s, "c03")[0];
    assert_eq!(
        (hit.label.as_str(), hit.baustein, hit.kind),
        ("C03", 2, EntityKind::CheckItem)
    );

    // Words regardless of case and umlauts; title hits rank before description hits.
    let hits = find(&mut s, "buergerbuero")
        .into_iter()
        .chain(find(&mut s, "BÜRGERBÜRO"))
        .collect::<Vec<_>>();
    assert!(hits
        .iter()
        .any(|h| h.title == "Online-Terminvergabe im Bürgerbüro"));
    let goal = &find(&mut s, "rund um die uhr")[0];
    assert_eq!((goal.baustein, goal.kind), (1, EntityKind::Goal));

    // Several words must all match; nothing for nonsense or an empty query.
    let both = find(&mut s, "glasfaser kitas");
    assert_eq!(both.len(), 1, "{both:?}");
    assert_eq!(both[0].label, "M-02-05");
    assert!(find(&mut s, "xyzzy-nichts").is_empty());
    assert!(find(&mut s, "   ").is_empty());
}

#[test]
fn a_search_reaches_ideas_dates_and_sections_and_stays_bounded() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let kinds: Vec<_> = find(&mut s, "e").iter().map(|h| h.kind).collect();
    assert_eq!(kinds.len(), zukunftskommune::api::MAX_HITS);
    for (query, kind) in [
        ("Gemeinderat", EntityKind::TimelineEntry),
        ("Ausgangslage", EntityKind::Section),
    ] {
        let hits = find(&mut s, query);
        assert!(hits.iter().any(|h| h.kind == kind), "{query}: {hits:?}");
    }
    let idea = measures(&mut s).ideas[0].clone();
    let hits = find(&mut s, &idea.text);
    assert!(hits
        .iter()
        .any(|h| h.id == idea.id && h.kind == EntityKind::Idea));
}
