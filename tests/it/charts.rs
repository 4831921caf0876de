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

/// A dimension's whole name stands in the radar, on two lines when long: the report printed
/// „B Strategie, Organisation & Steueru…“. The second line of a label above the centre stays
/// above the web's top (y of the ring 100).
#[test]
fn the_radar_names_each_dimension_whole() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    let svg = check(&mut s).radar.svg;
    let texts: Vec<(f64, String)> = svg
        .split("<text ")
        .skip(1)
        .filter_map(|t| {
            let y = t.split("y=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let content = t.split_once('>')?.1.split("</text>").next()?;
            Some((y, content.replace("&amp;", "&")))
        })
        .collect();
    assert!(!svg.contains('…'), "{svg}");
    let line = |t: &str| texts.iter().find(|(_, c)| c == t).map(|(y, _)| *y);
    let (first, second) = (
        line("B Strategie, Organisation &").expect("first line"),
        line("Steuerung").expect("second line"),
    );
    assert!(second > first);
    let web_top = line("100").expect("the ring's label");
    assert!(
        line("IST – · SOLL –").unwrap() < web_top && second < web_top,
        "{texts:?}"
    );
    assert!(texts.iter().any(|(_, c)| c == "G Informationssicherheit &"));
    assert!(texts.iter().any(|(_, c)| c == "Datenschutz"));
}

/// The x of every vertical grid line of a Gantt chart, the x and text of every axis label, and
/// the chart's width.
fn gantt_axis(svg: &str) -> (Vec<f64>, Vec<(f64, String)>, f64) {
    let number = |s: &str| s.split('"').next().unwrap().parse::<f64>().unwrap();
    let lines = svg
        .split(r#"<line x1=""#)
        .skip(1)
        .filter(|rest| rest.split_once('"').unwrap().1.starts_with(r#" y1="24""#))
        .map(number)
        .collect();
    let labels = svg
        .split(r#"<text x=""#)
        .skip(1)
        .filter(|rest| rest.split_once('"').unwrap().1.starts_with(r#" y="16.0""#))
        .map(|rest| {
            let text = rest.split_once('>').unwrap().1.split('<').next().unwrap();
            (number(rest), text.to_string())
        })
        .collect();
    let width = number(svg.split(r#" width=""#).nth(1).unwrap());
    (lines, labels, width)
}

/// The roadmap's SVG of a new project with one measure per (start, end) period.
fn roadmap_over(spans: &[(&str, &str)]) -> String {
    let dir = temp();
    let mut s = project_with_periods(dir.path(), spans);
    measures(&mut s).roadmap.svg
}

/// A roadmap over decades – a Ratsinformationssystem since 2008, climate neutrality by 2045 –
/// drew a grid line per quarter, a grey wash behind the bars, and over two centuries the last
/// year ran out of the picture („219“). Now the lines keep 12 units apart and every label ends
/// inside the chart; a roadmap of two years keeps its line per quarter.
#[test]
fn a_roadmap_over_decades_keeps_its_grid_apart_and_its_labels_inside() {
    let decades: &[(&str, &str)] = &[("2008", "2027"), ("2026", "2045"), ("2026-Q2", "2027-Q1")];
    let centuries: &[(&str, &str)] = &[("1990", "2008"), ("2190", "2200")];
    let two_years: &[(&str, &str)] = &[("2026-Q1", "2026-Q3"), ("2027-Q2", "2027-Q4")];
    // Over decades a line every five years (under each label), over two years one per quarter.
    for (spans, least_lines) in [(decades, 8), (centuries, 8), (two_years, 9)] {
        let (lines, labels, width) = gantt_axis(&roadmap_over(spans));
        assert!(
            lines.len() >= least_lines,
            "{spans:?}: {lines:?} {labels:?}"
        );
        for pair in lines.windows(2) {
            assert!(
                pair[1] - pair[0] >= 12.0 - 0.1,
                "{spans:?}: lines at {pair:?}"
            );
        }
        assert!(labels.len() >= 2, "{spans:?}: {labels:?}");
        for (x, label) in &labels {
            assert!(
                x + 7.2 * label.chars().count() as f64 <= width,
                "{spans:?}: „{label}“ at {x} runs past {width}"
            );
            // Every drawn label stands on a grid line.
            assert!(lines.iter().any(|l| (x - 3.0 - l).abs() < 0.2), "{label}");
        }
    }
    // The two years show their quarters.
    let (lines, labels, _) = gantt_axis(&roadmap_over(&[("2026-Q1", "2027-Q4")]));
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert!(labels.iter().any(|(_, l)| l == "Q3"), "{labels:?}");
}

/// The ranks of the drawn labels step evenly and sit on multiples of their step: „02/27, 04/27,
/// 06/27“ or „2010, 2015, 2020“, not „03/27, 05/27, 06/27, 08/27“ as thinning label by label gave.
fn assert_even_steps(ranks: &[i32], what: &str) {
    assert!(ranks.len() >= 3, "{what}: {ranks:?}");
    let step = ranks[1] - ranks[0];
    assert!(step > 0, "{what}: {ranks:?}");
    for pair in ranks.windows(2) {
        assert_eq!(pair[1] - pair[0], step, "{what}: {ranks:?}");
    }
    assert!(ranks.iter().all(|r| r % step == 0), "{what}: {ranks:?}");
}

/// The timeline of the ten-month plan, the same with a milestone years later, and a roadmap
/// over decades: their labels step evenly, and their grid lines keep 12 units apart.
#[test]
fn axis_labels_step_evenly_on_the_timeline_and_the_roadmap() {
    let dir = temp();
    // The ten-month plan, and the same plan with a long tail into the next years.
    let (mut s, _) = new_project(dir.path(), "Gleichschritt");
    let month = |label: &str| {
        let (m, y) = label.split_once('/').unwrap();
        (2000 + y.parse::<i32>().unwrap()) * 12 + m.parse::<i32>().unwrap() - 1
    };
    for tail in [None, Some("2030-06-30")] {
        if let Some(end) = tail {
            run_json(
                &mut s,
                &serde_json::json!({"goals": {"save_timeline_entry": {"title": "Fortschreibung", "kind": "milestone", "start": end}}})
                    .to_string(),
            )
            .unwrap();
        }
        let (lines, labels, _) = gantt_axis(&goals(&mut s).timeline_chart.svg);
        let ranks: Vec<i32> = labels.iter().map(|(_, l)| month(l)).collect();
        assert_even_steps(&ranks, &format!("timeline {labels:?}"));
        for pair in lines.windows(2) {
            assert!(pair[1] - pair[0] >= 12.0 - 0.1, "lines at {pair:?}");
        }
    }
    // A roadmap over decades labels years at an even step.
    let (_, labels, _) = gantt_axis(&roadmap_over(&[("2008", "2027"), ("2026", "2045")]));
    let years: Vec<i32> = labels.iter().map(|(_, l)| l.parse().unwrap()).collect();
    assert_even_steps(&years, &format!("roadmap {labels:?}"));
}
