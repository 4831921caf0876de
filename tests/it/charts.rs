//! The charts the window and the report draw: text ≥ 12 px at their own size, portfolio dots
//! numbered with the measure each stands for.

use crate::common::*;

fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse::<f64>().unwrap())
        .collect()
}

#[test]
fn every_chart_text_is_at_least_12_px_and_portfolio_dots_are_numbered() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let m = measures(&mut s);
    let charts = [
        ("Zeitplan", goals(&mut s).timeline_chart),
        ("Radar", check(&mut s).radar),
        ("Punktabfrage", areas(&mut s).ranking),
        ("Portfolio", m.portfolio.clone()),
        ("Roadmap", m.roadmap.clone()),
        ("Budget", m.budget_chart.clone()),
    ];
    for (name, chart) in &charts {
        let sizes = font_sizes(&chart.svg);
        assert!(!sizes.is_empty(), "{name}");
        assert!(sizes.iter().all(|&px| px >= 12.0), "{name}: {sizes:?}");
    }

    // Every assessed measure is a numbered dot, in the order of the measure numbers, inside the
    // drawing; its number is written in it.
    let assessed: Vec<_> = m
        .measures
        .iter()
        .filter(|v| v.measure.effort.is_some() && v.measure.benefit.is_some())
        .map(|v| v.measure.id)
        .collect();
    let points = &m.portfolio.points;
    assert_eq!(points.len(), assessed.len());
    assert_eq!(points.iter().map(|p| p.id).collect::<Vec<_>>(), assessed);
    assert!(points.iter().zip(1u32..).all(|(p, n)| p.number == n));
    assert!(points[0].label.starts_with("M-00-01 "));
    for p in points {
        assert!(
            p.x > p.r && p.x + p.r < 700.0 && p.y > p.r && p.y + p.r < 580.0,
            "{p:?}"
        );
        assert!(m.portfolio.svg.contains(&format!(">{}</text>", p.number)));
    }
    // No two dots overlap.
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
            assert!(d >= a.r + b.r, "{} and {} overlap", a.label, b.label);
        }
    }
}

/// A score of 32,5 is „33“ in the radar's labels and alt text, as in the report's table and the
/// window (half up, DIN 1333): the chart rounded half to even and printed „32“ beside „33“.
#[test]
fn the_radar_rounds_a_score_as_the_tables_do() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    // Eight answers 0, 1, 2, 3, 4, 0, 1, 2 in the first dimension: IST 32,5 of 100.
    let dimension = answer_eight_questions(&mut s, None);
    let view = check(&mut s);
    let score = view
        .scores
        .dimensions
        .iter()
        .find(|d| d.dimension_id == dimension)
        .unwrap();
    assert_eq!(score.ist, Some(32.5));
    assert_eq!(zukunftskommune::analysis::format_decimal(32.5, 0), "33");
    assert!(
        view.radar.svg.contains("IST 33 · SOLL –"),
        "{}",
        view.radar.svg
    );
    assert!(
        view.radar.alt.contains("IST 33, SOLL –"),
        "{}",
        view.radar.alt
    );
}
