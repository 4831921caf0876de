//! SVG charts drawn by the core: radar, timeline (Gantt), vote ranking, portfolio matrix,
//! roadmap and budget. The same drawings appear in the app and in the report. Each chart comes
//! with an alt text generated from its data (accessibility). User text is XML-escaped.

use std::fmt::Write;

use serde::Serialize;
use ts_rs::TS;

use crate::analysis::{format_euro, DimensionScore, YearBudget};
use crate::model::{parse_period, period_label, Measure, Priority, TimelineEntry, TimelineKind};

/// An SVG drawing and its text alternative.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Chart {
    pub svg: String,
    pub alt: String,
    /// The numbered marks of the drawing (portfolio dots), in SVG units: the window puts a
    /// button on each and lists them as the legend; the report prints the legend.
    pub points: Vec<ChartPoint>,
}

/// One numbered mark of a chart: the row it stands for and where it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChartPoint {
    pub id: uuid::Uuid,
    /// The number written in the mark (1, 2, …), as the legend lists it.
    pub number: u32,
    /// „M-04-03 E-Carsharing am Rathaus“.
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

/// The charts' labels are laid out for Liberation Sans, the report's font. The window draws the
/// SVG as an image with the computer's fonts: Liberation Sans or a metric twin (Arimo, Arial on
/// Windows, Helvetica on macOS) first, so no label runs past its image (with a wider stand-in
/// such as DejaVu Sans they did); the Linux packages depend on fonts-liberation.
const FONT: &str = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif";
const ACCENT: &str = "#1d4f91";
const OK: &str = "#2e7d4f";
const MUTED: &str = "#5b6675";
const GRID: &str = "#d5dbe3";
/// The smallest text of a chart: 12 px at the chart's own size, the size the window draws it
/// at (readable on a laptop and from the back of a room).
pub const SMALL_TEXT: f64 = 12.0;

/// Longest list in an alt text, in characters. A chart of a large project (1,500 measures) would
/// otherwise get an alt text longer than a PDF string may be (32,767 bytes, PDF/A), and nobody
/// listens to a screen reader reading a thousand bars: the rest is counted instead.
const ALT_LIST_CHARS: usize = 3_000;

/// Joins the parts of an alt text with "; ", ending with "… und 1.450 weitere" when too long.
fn alt_list(parts: impl IntoIterator<Item = String>) -> String {
    let parts: Vec<String> = parts.into_iter().collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if out.chars().count().saturating_add(part.chars().count()) > ALT_LIST_CHARS {
            let rest = i64::try_from(parts.len().saturating_sub(i)).unwrap_or(i64::MAX);
            out.push_str(&format!(
                "; … und {} weitere",
                crate::analysis::format_thousands(rest)
            ));
            return out;
        }
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(part);
    }
    out
}

/// Escapes text for SVG/XML content and attributes; drops control characters XML forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Shortens a label to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn open(w: f64, h: f64, title: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="{FONT}" role="img"><title>{}</title><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
        escape(title)
    )
}

fn text(svg: &mut String, x: f64, y: f64, size: f64, anchor: &str, fill: &str, content: &str) {
    let _ = write!(
        svg,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        escape(content)
    );
}

/// A score as the tables print it: rounded half up (32,5 → 33). `{:.0}` rounds half to even and
/// printed „32“ in the chart beside „33“ in the table.
fn fmt_score(v: Option<f64>) -> String {
    v.map(|v| crate::analysis::format_decimal(v, 0))
        .unwrap_or_else(|| "–".into())
}

/// The line height of a radar label, in SVG units.
const RADAR_LINE_H: f64 = 14.0;

/// Radar chart of IST and SOLL per check dimension (0–100).
pub fn radar(scores: &[DimensionScore]) -> Chart {
    let (w, h) = (760.0, 480.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0 + 14.0, 165.0);
    let mut svg = open(w, h, "Digitalisierungs-Check: IST und SOLL je Dimension");
    let n = scores.len().max(3);
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    let point = |i: usize, v: f64| {
        let a = angle(i);
        (cx + r * v / 100.0 * a.cos(), cy + r * v / 100.0 * a.sin())
    };
    for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
        let pts: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = point(i, ring);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            svg,
            r#"<polygon points="{}" fill="none" stroke="{GRID}" stroke-width="1"/>"#,
            pts.join(" ")
        );
        text(
            &mut svg,
            cx + 3.0,
            cy - r * ring / 100.0 + 12.0,
            SMALL_TEXT,
            "start",
            MUTED,
            &format!("{ring:.0}"),
        );
    }
    for (i, s) in scores.iter().enumerate() {
        let (x, y) = point(i, 100.0);
        let _ = write!(
            svg,
            r#"<line x1="{cx}" y1="{cy}" x2="{x:.1}" y2="{y:.1}" stroke="{GRID}"/>"#
        );
        let (lx, ly) = point(i, 118.0);
        let anchor = if (lx - cx).abs() < 10.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        // The name on up to two lines („Steueru…“ was cut at one); above the centre the label
        // grows upwards, so its lines never reach the web.
        let lines = wrap(&format!("{} {}", s.key, s.title), 34, 2);
        let extra = lines.len().saturating_sub(1) as f64 * RADAR_LINE_H;
        let top = if ly < cy - 10.0 {
            ly - 2.0 - extra
        } else {
            ly - 2.0
        };
        let mut y = top;
        for line in &lines {
            text(&mut svg, lx, y, 12.0, anchor, "#1c2430", line);
            y += RADAR_LINE_H;
        }
        text(
            &mut svg,
            lx,
            y,
            SMALL_TEXT,
            anchor,
            MUTED,
            &format!("IST {} · SOLL {}", fmt_score(s.ist), fmt_score(s.soll)),
        );
    }
    for (values, color, opacity, dash) in [
        (
            scores.iter().map(|s| s.soll).collect::<Vec<_>>(),
            OK,
            0.12,
            "6 4",
        ),
        (
            scores.iter().map(|s| s.ist).collect::<Vec<_>>(),
            ACCENT,
            0.25,
            "none",
        ),
    ] {
        if values.iter().all(|v| v.is_none()) {
            continue;
        }
        let pts: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, v.unwrap_or(0.0));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            svg,
            r#"<polygon points="{}" fill="{color}" fill-opacity="{opacity}" stroke="{color}" stroke-width="2.5" stroke-dasharray="{dash}"/>"#,
            pts.join(" ")
        );
    }
    let ly = 22.0;
    let _ = write!(
        svg,
        r#"<rect x="16" y="{}" width="14" height="10" fill="{ACCENT}" fill-opacity="0.5"/>"#,
        ly - 9.0
    );
    text(&mut svg, 36.0, ly, 12.0, "start", "#1c2430", "IST heute");
    let _ = write!(
        svg,
        r#"<rect x="16" y="{}" width="14" height="10" fill="{OK}" fill-opacity="0.4"/>"#,
        ly + 9.0
    );
    text(
        &mut svg,
        36.0,
        ly + 18.0,
        12.0,
        "start",
        "#1c2430",
        "SOLL in 2–3 Jahren",
    );
    svg.push_str("</svg>");
    let parts: Vec<String> = scores
        .iter()
        .map(|s| {
            format!(
                "{} {}: IST {}, SOLL {}",
                s.key,
                s.title,
                fmt_score(s.ist),
                fmt_score(s.soll)
            )
        })
        .collect();
    Chart {
        svg,
        alt: format!(
            "Netzdiagramm des Digitalisierungs-Checks, Werte von 0 bis 100. {}.",
            alt_list(parts)
        ),
        points: Vec::new(),
    }
}

/// A horizontal bar chart: label, value, optional second value (e.g. votes per event).
fn bars(title: &str, rows: &[(String, f64, String)], color: &str) -> String {
    let coloured: Vec<(String, f64, String, &str)> = rows
        .iter()
        .map(|(l, v, c)| (l.clone(), *v, c.clone(), color))
        .collect();
    coloured_bars(title, &coloured)
}

/// Horizontal bars (label, value, caption, colour), scaled to the largest value.
fn coloured_bars(title: &str, rows: &[(String, f64, String, &str)]) -> String {
    let row_h = 26.0;
    let (w, h) = (680.0, 30.0 + row_h * rows.len().max(1) as f64);
    let mut svg = open(w, h, title);
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let (label_w, bar_x) = (240.0, 250.0);
    // Room right of the longest bar for the longest caption („1.505.000 € (Förderung mind.
    // 750.000 €)“ ran past the image), at about 6.7 px a character of 12 px text.
    let caption_w = rows
        .iter()
        .map(|r| 6.7 * r.2.chars().count() as f64 + 12.0)
        .fold(220.0, f64::max)
        .min(330.0);
    let bar_w = w - bar_x - caption_w;
    for (i, (label, value, caption, color)) in rows.iter().enumerate() {
        let y = 20.0 + i as f64 * row_h;
        text(
            &mut svg,
            label_w,
            y + 13.0,
            12.0,
            "end",
            "#1c2430",
            &clip(label, 32),
        );
        let len = bar_w * value / max;
        let _ = write!(
            svg,
            r#"<rect x="{bar_x}" y="{:.1}" width="{len:.1}" height="16" rx="3" fill="{color}"/>"#,
            y + 1.0
        );
        text(
            &mut svg,
            bar_x + len + 6.0,
            y + 13.0,
            SMALL_TEXT,
            "start",
            MUTED,
            caption,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Ranking of life areas by dot votes.
pub fn ranking(areas: &[(String, u32)]) -> Chart {
    let mut rows: Vec<(String, f64, String)> = areas
        .iter()
        .map(|(t, v)| (t.clone(), f64::from(*v), format!("{v} Punkte")))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let alt = alt_list(
        rows.iter()
            .map(|(label, _, value)| format!("{label}: {value}")),
    );
    Chart {
        svg: bars("Punktabfrage: Stimmen je Lebensbereich", &rows, ACCENT),
        alt: format!("Balkendiagramm der Stimmen je Lebensbereich, absteigend. {alt}."),
        points: Vec::new(),
    }
}

/// Budget per year: total costs with the expected funding share.
pub fn budget(years: &[YearBudget]) -> Chart {
    let rows: Vec<(String, f64, String)> = years
        .iter()
        .map(|y| {
            (
                y.year.to_string(),
                y.total_cents as f64,
                format!(
                    "{} (Förderung {})",
                    format_euro(y.total_cents),
                    y.funding_label
                ),
            )
        })
        .collect();
    let alt = alt_list(
        rows.iter()
            .map(|(label, _, value)| format!("{label}: {value}")),
    );
    Chart {
        svg: bars("Kosten je Jahr", &rows, ACCENT),
        alt: format!("Balkendiagramm der Kosten aller Maßnahmen je Jahr. {alt}."),
        points: Vec::new(),
    }
}

/// Widest drawing of a Gantt chart in SVG units: printed at the page width, its 12-unit text
/// stays above 6 pt; in the window it is drawn at this size.
const GANTT_MAX_W: f64 = 720.0;

/// Breaks a label into lines of at most `width` characters at spaces (a longer word is cut
/// into pieces), at most `max_lines` lines; only what does not fit then ends with „…“.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let joined = line
            .chars()
            .count()
            .saturating_add(1)
            .saturating_add(word.chars().count());
        if !line.is_empty() && joined > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.saturating_sub(1)).join(" ");
        lines.push(clip(&rest, width));
    }
    lines
}

/// Height of a Gantt chart's axis above its first row, in SVG units.
const GANTT_HEAD_H: f64 = 34.0;
/// A Gantt row label's line height and the width of its label column, in SVG units.
const GANTT_LINE_H: f64 = 14.5;
const GANTT_LABEL_W: f64 = 300.0;
/// The least distance between two grid lines of a Gantt chart's axis, in SVG units.
const GANTT_GRID_GAP: f64 = 12.0;

/// A Gantt row label as drawn: wrapped onto up to three lines.
fn gantt_label_lines(label: &str) -> Vec<String> {
    wrap(label, 46, 3)
}

/// The share of the page's text width, in percent, a Gantt chart (timeline, roadmap) takes in
/// print: its width against the widest one ([`GANTT_MAX_W`]), so that every Gantt chart prints
/// its text at one size. A roadmap of three quarters, stretched to the full width, printed its
/// labels at 13 pt beside 10 pt text.
pub fn gantt_print_share(chart: &Chart) -> u32 {
    let width = chart
        .svg
        .split_once(" width=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(w, _)| w.parse::<f64>().ok())
        .unwrap_or(GANTT_MAX_W);
    let share = (width / GANTT_MAX_W * 100.0).round().clamp(1.0, 100.0);
    // Within 1 … 100 after the clamp: the cast cannot truncate.
    share as u32
}

/// Height of a Gantt row whose label has `lines` lines.
fn gantt_row_height(lines: usize) -> f64 {
    8.0 + GANTT_LINE_H * lines.max(1) as f64
}

/// The axis's first index, its span in units and the unit width of a Gantt chart over `axis`
/// (the unit width shrinks so the chart fits [`GANTT_MAX_W`]), and the chart's whole width.
fn gantt_geometry(axis: &[Tick], unit_w: f64) -> (i32, f64, f64, f64) {
    let (lo, hi) = axis.iter().fold((i32::MAX, i32::MIN), |(lo, hi), t| {
        (lo.min(t.at), hi.max(t.at))
    });
    let span = (f64::from(hi) - f64::from(lo) + 1.0).max(1.0);
    let unit_w = unit_w
        .min((GANTT_MAX_W - GANTT_LABEL_W - 20.0) / span)
        .max(0.5);
    (lo, span, unit_w, GANTT_LABEL_W + span * unit_w + 20.0)
}

/// A point of a Gantt chart's axis: its position in the chart's units (weeks, quarters), its
/// label (empty: none) and its rank in the label's own units (months, quarters), by which labels
/// and grid lines are thinned at regular steps („01/27, 03/27, 05/27“, not „03/27, 05/27, 06/27“).
#[derive(Debug, Clone)]
struct Tick {
    at: i32,
    label: String,
    rank: i32,
}

/// Label steps of the timeline, in months: every month, two, a quarter, half a year, a year …
const MONTH_STEPS: [i32; 8] = [1, 2, 3, 6, 12, 24, 60, 120];
/// Label steps of the roadmap, in quarters: every quarter, half-year, year, 2, 5, 10 … years.
const QUARTER_STEPS: [i32; 9] = [1, 2, 4, 8, 20, 40, 80, 200, 400];

/// Which ticks carry a drawn label: those whose rank is a multiple of the smallest step at
/// which no label overlaps the one before and at least one is drawn; a label that would end
/// outside the chart (`w`) is left out. Without such a step, each label that has room after
/// the previous one.
fn shown_labels(axis: &[Tick], xs: &[f64], w: f64, steps: &[i32]) -> Vec<bool> {
    let end_of = |t: &Tick, x: f64| x + 3.0 + 7.2 * t.label.chars().count() as f64;
    let at_step = |step: i32| -> Option<Vec<bool>> {
        let mut next_free = f64::MIN;
        let mut shown = vec![false; axis.len()];
        for (k, (t, x)) in axis.iter().zip(xs).enumerate() {
            if t.label.is_empty() || t.rank.rem_euclid(step) != 0 || end_of(t, *x) > w {
                continue;
            }
            if *x < next_free {
                return None;
            }
            next_free = end_of(t, *x) + 6.0;
            shown[k] = true;
        }
        // A step that lands on no tick (a year's step on a span without a January) is none.
        shown.contains(&true).then_some(shown)
    };
    steps.iter().find_map(|s| at_step(*s)).unwrap_or_else(|| {
        let mut next_free = f64::MIN;
        axis.iter()
            .zip(xs)
            .map(|(t, x)| {
                let shown = !t.label.is_empty() && *x >= next_free && end_of(t, *x) <= w;
                if shown {
                    next_free = end_of(t, *x) + 6.0;
                }
                shown
            })
            .collect()
    })
}

/// The step of the grid lines between the labels: the smallest of `steps` that divides the
/// labels' step and keeps [`GANTT_GRID_GAP`] between the labelled ticks it picks.
fn grid_step(axis: &[Tick], xs: &[f64], shown: &[bool], steps: &[i32]) -> i32 {
    let label_step = axis
        .iter()
        .zip(shown)
        .filter(|(_, s)| **s)
        .map(|(t, _)| t.rank)
        .collect::<Vec<_>>()
        .windows(2)
        .map(|p| p[1].saturating_sub(p[0]))
        .min()
        .unwrap_or(1)
        .max(1);
    steps
        .iter()
        .copied()
        .filter(|s| label_step.rem_euclid(*s) == 0)
        .find(|s| {
            let picked: Vec<f64> = axis
                .iter()
                .zip(xs)
                .filter(|(t, _)| !t.label.is_empty() && t.rank.rem_euclid(*s) == 0)
                .map(|(_, x)| *x)
                .collect();
            picked.windows(2).all(|p| p[1] - p[0] >= GANTT_GRID_GAP)
        })
        .unwrap_or(label_step)
}

/// A Gantt-like chart over rows of (label, start index, end index, color, marker?). The unit
/// width shrinks so the chart fits [`GANTT_MAX_W`]; axis labels are thinned at a regular step
/// (`steps`, in the ticks' ranks) so none overlap; row labels wrap onto up to three lines.
fn gantt(
    title: &str,
    rows: &[(String, i32, i32, &str, bool)],
    axis: &[Tick],
    steps: &[i32],
    unit_w: f64,
) -> String {
    let (line_h, label_w) = (GANTT_LINE_H, GANTT_LABEL_W);
    let (lo, _, unit_w, w) = gantt_geometry(axis, unit_w);
    let labels: Vec<Vec<String>> = rows.iter().map(|r| gantt_label_lines(&r.0)).collect();
    let heights: Vec<f64> = labels.iter().map(|l| gantt_row_height(l.len())).collect();
    let h = GANTT_HEAD_H + heights.iter().sum::<f64>().max(22.0);
    let mut svg = open(w, h, title);
    let xs: Vec<f64> = axis
        .iter()
        .map(|t| label_w + (f64::from(t.at) - f64::from(lo)) * unit_w)
        .collect();
    let shown = shown_labels(axis, &xs, w, steps);
    // A grid line under every drawn label and at the axis's end; between them at the grid's
    // step, where it keeps [`GANTT_GRID_GAP`] from the lines beside it (2008 to 2045 drew a line
    // per quarter, a grey wash behind the bars).
    let grid = grid_step(axis, &xs, &shown, steps);
    let last = axis.len().saturating_sub(1);
    // The axis's end has its line unless a label's line stands closer than the gap before it.
    let last_label_x = xs
        .iter()
        .zip(&shown)
        .filter(|(_, s)| **s)
        .map(|(x, _)| *x)
        .next_back();
    let end_line = last_label_x
        .zip(xs.last())
        .is_none_or(|(label, end)| end - label >= GANTT_GRID_GAP);
    let must = |k: usize| shown.get(k).copied().unwrap_or(false) || (k == last && end_line);
    let mut next_must = vec![f64::MAX; xs.len()];
    let mut following = f64::MAX;
    for k in (0..xs.len()).rev() {
        next_must[k] = following;
        if must(k) {
            following = xs[k];
        }
    }
    let mut last_line = f64::MIN;
    for (k, (t, x)) in axis.iter().zip(&xs).enumerate() {
        let x = *x;
        let spaced = x - last_line >= GANTT_GRID_GAP && next_must[k] - x >= GANTT_GRID_GAP;
        let on_grid = !t.label.is_empty() && t.rank.rem_euclid(grid) == 0;
        if must(k) || (on_grid && spaced) {
            let _ = write!(
                svg,
                r#"<line x1="{x:.1}" y1="24" x2="{x:.1}" y2="{h}" stroke="{GRID}"/>"#
            );
            last_line = x;
        }
        if shown[k] {
            text(
                &mut svg,
                x + 3.0,
                16.0,
                SMALL_TEXT,
                "start",
                MUTED,
                &t.label,
            );
        }
    }
    let mut y = 30.0;
    for (((_, start, end, color, marker), lines), row_h) in rows.iter().zip(&labels).zip(&heights) {
        for (k, line) in lines.iter().enumerate() {
            text(
                &mut svg,
                label_w - 8.0,
                y + 11.0 + line_h * k as f64,
                SMALL_TEXT,
                "end",
                "#1c2430",
                line,
            );
        }
        let bar_y = y + (row_h - 8.0) / 2.0 - 6.0;
        let x = label_w + (f64::from(*start) - f64::from(lo)) * unit_w;
        if *marker {
            let cx = x + unit_w / 2.0;
            let _ = write!(
                svg,
                r#"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{color}"/>"#,
                cx,
                bar_y + 1.0,
                cx + 7.0,
                bar_y + 8.0,
                cx,
                bar_y + 15.0,
                cx - 7.0,
                bar_y + 8.0
            );
        } else {
            let bw = ((f64::from(*end) - f64::from(*start) + 1.0) * unit_w).max(4.0);
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{:.1}" width="{bw:.1}" height="14" rx="3" fill="{color}"/>"#,
                bar_y + 1.0
            );
        }
        y += row_h;
    }
    svg.push_str("</svg>");
    svg
}

/// The project timeline: phases as bars, milestones, workshops and council sessions as diamonds.
pub fn timeline(entries: &[TimelineEntry]) -> Chart {
    let mut dated: Vec<&TimelineEntry> = entries.iter().filter(|e| e.start.is_some()).collect();
    dated.sort_by_key(|e| (e.start, e.end));
    let week = |d: chrono::NaiveDate| d.num_days_from_ce() / 7;
    use chrono::Datelike;
    let rows: Vec<(String, i32, i32, &str, bool)> = dated
        .iter()
        .filter_map(|e| {
            let s = week(e.start?);
            let end = e.end.map(week).unwrap_or(s).max(s);
            let color = match e.kind {
                TimelineKind::Phase => ACCENT,
                TimelineKind::CouncilSession => "#a15c00",
                TimelineKind::Workshop => OK,
                TimelineKind::Milestone => "#7b2d8b",
            };
            Some((
                e.title.clone(),
                s,
                end,
                color,
                e.kind != TimelineKind::Phase,
            ))
        })
        .collect();
    let month_rank = |d: chrono::NaiveDate| {
        d.year()
            .saturating_mul(12)
            .saturating_add(d.month0().try_into().unwrap_or(0))
    };
    let axis: Vec<Tick> = match (
        dated.iter().filter_map(|e| e.start).min(),
        dated.iter().filter_map(|e| e.end.or(e.start)).max(),
    ) {
        (Some(first), Some(last)) => {
            let mut out = Vec::new();
            let mut d = first.with_day(1).unwrap_or(first);
            while d <= last {
                out.push(Tick {
                    at: week(d),
                    label: d.format("%m/%y").to_string(),
                    rank: month_rank(d),
                });
                match d.checked_add_months(chrono::Months::new(1)) {
                    Some(next) => d = next,
                    None => break,
                }
            }
            out.push(Tick {
                at: week(last).saturating_add(1),
                label: String::new(),
                rank: 0,
            });
            out
        }
        _ => vec![Tick {
            at: 0,
            label: String::new(),
            rank: 0,
        }],
    };
    let alt = alt_list(dated.iter().map(|e| {
        let s = e
            .start
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        match e.end.filter(|end| Some(*end) != e.start) {
            Some(end) => format!("{} {s} bis {}", e.title, end.format("%d.%m.%Y")),
            None => format!("{} am {s}", e.title),
        }
    }));
    Chart {
        svg: gantt("Zeitplan", &rows, &axis, &MONTH_STEPS, 9.0),
        alt: format!("Zeitplan als Balkendiagramm: Phasen als Balken, Termine als Rauten. {alt}."),
        points: Vec::new(),
    }
}

fn priority_color(p: Option<Priority>) -> &'static str {
    match p {
        Some(Priority::Hoch) => "#b3261e",
        Some(Priority::Mittel) => "#a15c00",
        Some(Priority::Niedrig) => MUTED,
        None => GRID,
    }
}

/// The priority colour at about a third of its strength: a bar whose start or end is open.
fn open_period_color(p: Option<Priority>) -> &'static str {
    match p {
        Some(Priority::Hoch) => "#b3261e55",
        Some(Priority::Mittel) => "#a15c0055",
        Some(Priority::Niedrig) => "#5b667555",
        None => "#d5dbe388",
    }
}

/// Units per quarter on the roadmap's axis, before it shrinks to fit [`GANTT_MAX_W`].
const ROADMAP_UNIT_W: f64 = 34.0;

/// A roadmap row's label: the measure's number and title.
fn roadmap_label(m: &Measure) -> String {
    format!("{} {}", m.number, m.title)
}

/// The roadmap of measures by quarter, ordered by start.
pub fn roadmap(measures: &[Measure]) -> Chart {
    roadmap_parts(measures, f64::INFINITY)
        .into_iter()
        .next()
        .unwrap_or_else(|| roadmap_chart(&[], &[], "Roadmap der Maßnahmen"))
}

/// The roadmap split into charts on the same quarter axis, each at most `height_per_width` times
/// as high as it is wide (rows whose titles wrap count their lines), so every part fits a
/// printed page at full width and a long list stays readable.
pub fn roadmap_parts(measures: &[Measure], height_per_width: f64) -> Vec<Chart> {
    let point = |t: &Option<String>| t.as_deref().and_then(parse_period);
    let bounds: Vec<(&Measure, Option<i32>, Option<i32>)> = measures
        .iter()
        .map(|m| {
            let s = point(&m.start_quarter).map(|p| p.start_index());
            let e = point(&m.end_quarter).map(|p| p.end_index());
            (m, s, e)
        })
        .filter(|(_, s, e)| s.is_some() || e.is_some())
        .collect();
    // No measure with a period: no figure (an empty axis was printed as „Abbildung 2“).
    if bounds.is_empty() {
        return Vec::new();
    }
    // The axis spans every stated start and end; an open start or end runs to the axis edge.
    let known = bounds.iter().flat_map(|(_, s, e)| [*s, *e]).flatten();
    let lo = known.clone().min().unwrap_or(0);
    let hi = known.max().unwrap_or(0);
    let mut planned: Vec<(&Measure, i32, i32)> = bounds
        .iter()
        .map(|(m, s, e)| {
            let s = s.unwrap_or(lo);
            (*m, s, e.unwrap_or(hi).max(s))
        })
        .collect();
    planned.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.0.number_key().cmp(&b.0.number_key()))
    });
    // Over more than three years the quarters would crowd the axis: years only then.
    let years_only = hi.saturating_sub(lo) >= 12;
    let axis: Vec<Tick> = (lo..=hi.saturating_add(1))
        .map(|i| {
            let label = if i.rem_euclid(4) == 0 {
                format!("{}", i.div_euclid(4))
            } else if years_only {
                String::new()
            } else {
                format!("Q{}", i.rem_euclid(4).saturating_add(1))
            };
            Tick {
                at: i,
                label: if i > hi { String::new() } else { label },
                rank: i,
            }
        })
        .collect();
    if planned.is_empty() {
        return vec![roadmap_chart(&[], &axis, "Roadmap der Maßnahmen")];
    }
    let (_, _, _, width) = gantt_geometry(&axis, ROADMAP_UNIT_W);
    let budget = height_per_width * width;
    let rows: Vec<f64> = planned
        .iter()
        .map(|(m, _, _)| gantt_row_height(gantt_label_lines(&roadmap_label(m)).len()))
        .collect();
    // Rows in order into parts no higher than `limit`.
    let split = |limit: f64| {
        let mut parts: Vec<&[(&Measure, i32, i32)]> = Vec::new();
        let (mut first, mut height) = (0, GANTT_HEAD_H);
        for (i, row) in rows.iter().enumerate() {
            if i > first && height + row > limit {
                parts.extend(planned.get(first..i));
                (first, height) = (i, GANTT_HEAD_H);
            }
            height += row;
        }
        parts.extend(planned.get(first..));
        parts
    };
    let mut parts = split(budget);
    // As many parts, of about equal height: 41 measures as 21 and 20 rows, not 38 and 3.
    if parts.len() > 1 {
        let total: f64 = rows.iter().sum();
        let tallest = rows.iter().copied().fold(0.0, f64::max);
        parts = split((GANTT_HEAD_H + total / parts.len() as f64 + tallest).min(budget));
    }
    let n = parts.len();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let title = if n == 1 {
                "Roadmap der Maßnahmen".to_string()
            } else {
                format!(
                    "Roadmap der Maßnahmen, Teil {} von {n}",
                    i.saturating_add(1)
                )
            };
            roadmap_chart(part, &axis, &title)
        })
        .collect()
}

fn roadmap_chart(planned: &[(&Measure, i32, i32)], axis: &[Tick], title: &str) -> Chart {
    let rows: Vec<(String, i32, i32, &str, bool)> = planned
        .iter()
        .map(|(m, s, e)| {
            (
                roadmap_label(m),
                *s,
                *e,
                if m.start_quarter.is_none() || m.end_quarter.is_none() {
                    open_period_color(m.priority)
                } else {
                    priority_color(m.priority)
                },
                false,
            )
        })
        .collect();
    let alt = alt_list(planned.iter().map(|(m, _, _)| {
        format!(
            "{} {}: {}",
            m.number,
            m.title,
            period_label(m.start_quarter.as_deref(), m.end_quarter.as_deref())
        )
    }));
    Chart {
        svg: gantt(title, &rows, axis, &QUARTER_STEPS, ROADMAP_UNIT_W),
        alt: format!("{title} nach Quartalen, Farbe nach Priorität (rot hoch, orange mittel, grau niedrig). {alt}."),
        points: Vec::new(),
    }
}

/// Portfolio matrix: benefit (up) against effort (right); quick wins sit top left. Each
/// assessed measure is a dot numbered 1, 2, … in the order of the measure numbers; the legend
/// (window and report) names the number's measure.
pub fn portfolio(measures: &[Measure]) -> Chart {
    let (w, h) = (700.0, 580.0);
    let (x0, y0, size) = (70.0, 30.0, 500.0);
    let (r, step, per_row) = (10.0, 23.0, 4.0);
    let mut svg = open(w, h, "Portfolio: Nutzen und Aufwand der Maßnahmen");
    let cell = size / 5.0;
    let _ = write!(
        svg,
        r##"<rect x="{x0}" y="{y0}" width="{:.1}" height="{:.1}" fill="#e9f4ee"/>"##,
        2.0 * cell,
        2.0 * cell
    );
    for i in 0..=5 {
        let p = f64::from(i) * cell;
        let _ = write!(
            svg,
            r#"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{GRID}"/>"#,
            y0 + p,
            x0 + size,
            y0 + p
        );
        let _ = write!(
            svg,
            r#"<line x1="{:.1}" y1="{y0}" x2="{:.1}" y2="{:.1}" stroke="{GRID}"/>"#,
            x0 + p,
            x0 + p,
            y0 + size
        );
    }
    for v in 1..=5 {
        let c = (f64::from(v) - 1.0) * cell + cell / 2.0;
        let n = v.to_string();
        text(
            &mut svg,
            x0 + c,
            y0 + size + 18.0,
            SMALL_TEXT,
            "middle",
            MUTED,
            &n,
        );
        text(
            &mut svg,
            x0 - 10.0,
            y0 + size - c + 4.0,
            SMALL_TEXT,
            "end",
            MUTED,
            &n,
        );
    }
    text(
        &mut svg,
        x0 + size / 2.0,
        y0 + size + 40.0,
        13.0,
        "middle",
        "#1c2430",
        "Aufwand →",
    );
    let _ = write!(
        svg,
        r##"<text x="22" y="{:.1}" font-size="13" text-anchor="middle" fill="#1c2430" transform="rotate(-90 22 {:.1})">Nutzen →</text>"##,
        y0 + size / 2.0,
        y0 + size / 2.0
    );
    text(
        &mut svg,
        x0 + 8.0,
        y0 + 16.0,
        SMALL_TEXT,
        "start",
        OK,
        "Quick Wins",
    );
    let mut assessed: Vec<&Measure> = measures
        .iter()
        .filter(|m| m.effort.is_some() && m.benefit.is_some())
        .collect();
    assessed.sort_by_key(|m| m.number_key());
    // Dots fill their cell in rows of four from the top left, below the cell's label room; a
    // slot is where the k-th dot of a cell goes, and whether it still lies inside the cell.
    let slot_at = |e: u8, b: u8, k: f64| {
        let cx = x0 + (f64::from(e) - 1.0) * cell + 15.0 + (k % per_row) * step;
        let cy = y0 + size - f64::from(b) * cell + 30.0 + (k / per_row).floor() * step;
        (cx, cy, cy + r < y0 + size - (f64::from(b) - 1.0) * cell)
    };
    let room = (0..).take_while(|k| slot_at(1, 1, f64::from(*k)).2).count();
    // Ordered, so the drawing (and the PDF) is the same for the same project.
    let mut in_cell: std::collections::BTreeMap<(u8, u8), usize> = Default::default();
    for m in &assessed {
        if let (Some(e), Some(b)) = (m.effort, m.benefit) {
            let n = in_cell.entry((e, b)).or_insert(0);
            *n = n.saturating_add(1);
        }
    }
    // A cell with more measures than room shows all but its last two slots as dots and there
    // „+N“ for the rest: every measure is counted in the chart, none silently left out.
    for (&(e, b), &count) in &in_cell {
        if count > room && room >= 2 {
            let shown = room.saturating_sub(2);
            let (x1, cy, _) = slot_at(e, b, shown as f64);
            let (x2, _, _) = slot_at(e, b, shown.saturating_add(1) as f64);
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{r}" fill="{MUTED}"/>"#,
                x1 - r,
                cy - r,
                x2 - x1 + 2.0 * r,
                2.0 * r
            );
            text(
                &mut svg,
                (x1 + x2) / 2.0,
                cy + 4.0,
                SMALL_TEXT,
                "middle",
                "#ffffff",
                &format!("+{}", count.saturating_sub(shown)),
            );
        }
    }
    let mut placed: std::collections::HashMap<(u8, u8), usize> = Default::default();
    let mut listed = Vec::new();
    let mut points = Vec::new();
    for (number, m) in (1u32..).zip(assessed) {
        let (Some(e), Some(b)) = (m.effort, m.benefit) else {
            continue;
        };
        let slot = placed.entry((e, b)).or_insert(0);
        let k = *slot;
        *slot = slot.saturating_add(1);
        let (cx, cy, _) = slot_at(e, b, k as f64);
        let label = format!("{} {}", m.number, m.title);
        let full = in_cell.get(&(e, b)).is_some_and(|&n| n > room);
        if k < room && !(full && k >= room.saturating_sub(2)) {
            let _ = write!(
                svg,
                r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r}" fill="{}"><title>{}</title></circle>"#,
                priority_color(m.priority),
                escape(&format!("{number}: {label}"))
            );
            text(
                &mut svg,
                cx,
                cy + 4.0,
                SMALL_TEXT,
                "middle",
                "#ffffff",
                &number.to_string(),
            );
            points.push(ChartPoint {
                id: m.id,
                number,
                label: label.clone(),
                x: cx,
                y: cy,
                r,
            });
        }
        listed.push(format!("{number}: {label} (Aufwand {e}, Nutzen {b})"));
    }
    let lx = x0 + size + 24.0;
    for (i, (label, p)) in [
        ("hoch", Some(Priority::Hoch)),
        ("mittel", Some(Priority::Mittel)),
        ("niedrig", Some(Priority::Niedrig)),
    ]
    .iter()
    .enumerate()
    {
        let y = y0 + 10.0 + i as f64 * 22.0;
        let _ = write!(
            svg,
            r#"<circle cx="{lx}" cy="{y}" r="7" fill="{}"/>"#,
            priority_color(*p)
        );
        text(
            &mut svg,
            lx + 12.0,
            y + 4.0,
            SMALL_TEXT,
            "start",
            "#1c2430",
            &format!("Priorität {label}"),
        );
    }
    svg.push_str("</svg>");
    Chart {
        svg,
        alt: format!(
            "Portfolio-Matrix mit Aufwand (1–5, waagerecht) und Nutzen (1–5, senkrecht); Quick Wins oben links; die Punkte tragen Nummern. {}.",
            alt_list(listed)
        ),
        points,
    }
}

/// The colours of the traffic lights (im Plan, Verzug, gefährdet, abgeschlossen, gestoppt).
pub const LIGHT_COLOURS: [&str; 5] = [OK, "#b7791f", "#c0392b", ACCENT, MUTED];

/// Entries per traffic light of a status round, each bar in its light's colour.
pub fn lights(counts: &[(String, u32, &str)]) -> Chart {
    let rows: Vec<(String, f64, String, &str)> = counts
        .iter()
        .map(|(l, c, colour)| (l.clone(), f64::from(*c), c.to_string(), *colour))
        .collect();
    let alt = alt_list(counts.iter().map(|(l, c, _)| format!("{l}: {c}")));
    Chart {
        svg: coloured_bars("Maßnahmen je Ampel", &rows),
        alt: format!("Balkendiagramm der Maßnahmen je Ampel. {alt}."),
        points: Vec::new(),
    }
}

/// Planned (as adopted) against actual costs per year: two bars a year, the actual one only
/// where costs were reported.
///
/// Before the first status round (`reported_through` `None`) nobody has been asked for actual
/// costs: the chart shows the plan alone, without an „Ist“ legend or „Ist nicht gemeldet“
/// under every year. With a round, `reported_through` is its Stichtag's year: a later year has
/// not begun, so its missing Ist is no missing report.
pub fn plan_actual(years: &[(i32, i64, Option<i64>)], reported_through: Option<i32>) -> Chart {
    let reported = reported_through.is_some();
    let due = |year: i32| reported_through.is_some_and(|last| year <= last);
    // Without the Ist a year is its plan's bar alone.
    let group_h = if reported { 44.0 } else { 26.0 };
    let (w, h) = (680.0, 46.0 + group_h * years.len().max(1) as f64);
    let mut svg = open(w, h, "Kosten je Jahr: geplant und Ist");
    let max = years
        .iter()
        .map(|(_, p, a)| (*p as f64).max(a.unwrap_or(0) as f64))
        .fold(0.0, f64::max)
        .max(1.0);
    let (label_w, bar_x) = (90.0, 100.0);
    let bar_w = w - bar_x - 200.0;
    let _ = write!(
        svg,
        r#"<rect x="{bar_x}" y="8" width="12" height="12" fill="{ACCENT}"/>"#
    );
    text(
        &mut svg,
        bar_x + 18.0,
        18.0,
        SMALL_TEXT,
        "start",
        MUTED,
        "geplant (Beschluss)",
    );
    if reported {
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="8" width="12" height="12" fill="{OK}"/>"#,
            bar_x + 170.0
        );
        text(
            &mut svg,
            bar_x + 188.0,
            18.0,
            SMALL_TEXT,
            "start",
            MUTED,
            "Ist",
        );
    }
    // One year's bar of `cents` at height `y`, its amount beside it.
    let amount_bar = |svg: &mut String, y: f64, cents: i64, fill: &str| {
        let len = bar_w * cents as f64 / max;
        let _ = write!(
            svg,
            r#"<rect x="{bar_x}" y="{y:.1}" width="{len:.1}" height="15" rx="2" fill="{fill}"/>"#
        );
        text(
            svg,
            bar_x + len + 6.0,
            y + 12.0,
            SMALL_TEXT,
            "start",
            MUTED,
            &format_euro(cents),
        );
    };
    for (i, (year, planned, actual)) in years.iter().enumerate() {
        let y = 34.0 + i as f64 * group_h;
        text(
            &mut svg,
            label_w,
            // Between the plan's and the Ist's bar, or beside the plan's alone.
            y + if reported { 20.0 } else { 12.0 },
            SMALL_TEXT,
            "end",
            "#1c2430",
            &year.to_string(),
        );
        amount_bar(&mut svg, y, *planned, ACCENT);
        let y2 = y + 18.0;
        match actual {
            Some(a) => amount_bar(&mut svg, y2, *a, OK),
            None if !due(*year) => {}
            None => text(
                &mut svg,
                bar_x,
                y2 + 12.0,
                SMALL_TEXT,
                "start",
                MUTED,
                "Ist nicht gemeldet",
            ),
        }
    }
    svg.push_str("</svg>");
    let alt = alt_list(years.iter().map(|(y, p, a)| match (due(*y), a) {
        (_, Some(a)) => format!("{y}: geplant {}, Ist {}", format_euro(*p), format_euro(*a)),
        (true, None) => format!("{y}: geplant {}, Ist nicht gemeldet", format_euro(*p)),
        (false, None) => format!("{y}: geplant {}", format_euro(*p)),
    }));
    let what = if reported {
        "Balkendiagramm der geplanten und der Ist-Kosten je Jahr"
    } else {
        "Balkendiagramm der geplanten Kosten je Jahr (Ist-Kosten erst mit der ersten Statusrunde)"
    };
    Chart {
        svg,
        alt: format!("{what}. {alt}."),
        points: Vec::new(),
    }
}

/// An indicator's measured values over time against its target (dashed line) and start value.
pub fn kpi_series(
    name: &str,
    unit: &str,
    points: &[(chrono::NaiveDate, f64)],
    start: Option<f64>,
    target: Option<f64>,
) -> Chart {
    let (w, h) = (680.0, 220.0);
    let mut svg = open(w, h, &format!("Kennzahl {name}"));
    let (left, right, top, bottom) = (70.0, 640.0, 24.0, 180.0);
    let values: Vec<f64> = points
        .iter()
        .map(|p| p.1)
        .chain(start)
        .chain(target)
        .collect();
    let lo = values
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi.is_finite() && hi > lo {
        hi
    } else {
        lo + 1.0
    };
    let y_of = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
    let days = |d: &chrono::NaiveDate| f64::from(chrono::Datelike::num_days_from_ce(d));
    let (first, last) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (days(&a.0), days(&b.0)),
        _ => (0.0, 1.0),
    };
    let span = (last - first).max(1.0);
    let x_of = |d: &chrono::NaiveDate| left + (days(d) - first) / span * (right - left);
    let shown = |v: f64| {
        let text = crate::analysis::format_decimal(v, if v.fract() == 0.0 { 0 } else { 1 });
        if unit.is_empty() {
            text
        } else {
            format!("{text} {unit}")
        }
    };
    let _ = write!(
        svg,
        r#"<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{GRID}"/>"#
    );
    text(
        &mut svg,
        left - 6.0,
        bottom + 4.0,
        SMALL_TEXT,
        "end",
        MUTED,
        &shown(lo),
    );
    text(
        &mut svg,
        left - 6.0,
        top + 4.0,
        SMALL_TEXT,
        "end",
        MUTED,
        &shown(hi),
    );
    if let Some(t) = target {
        let y = y_of(t);
        let _ = write!(
            svg,
            r#"<line x1="{left}" y1="{y:.1}" x2="{right}" y2="{y:.1}" stroke="{OK}" stroke-dasharray="6 4" stroke-width="2"/>"#
        );
        text(
            &mut svg,
            right,
            y - 5.0,
            SMALL_TEXT,
            "end",
            OK,
            &format!("Ziel {}", shown(t)),
        );
    }
    if let Some(s) = start {
        let y = y_of(s);
        let _ = write!(
            svg,
            r#"<line x1="{left}" y1="{y:.1}" x2="{right}" y2="{y:.1}" stroke="{GRID}" stroke-dasharray="2 3"/>"#
        );
        text(
            &mut svg,
            left + 4.0,
            y - 5.0,
            SMALL_TEXT,
            "start",
            MUTED,
            &format!("Ausgangswert {}", shown(s)),
        );
    }
    let path: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x_of(d), y_of(*v)))
        .collect();
    if path.len() > 1 {
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{ACCENT}" stroke-width="2"/>"#,
            path.join(" ")
        );
    }
    for (d, v) in points {
        let (x, y) = (x_of(d), y_of(*v));
        let _ = write!(
            svg,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{ACCENT}"/>"#
        );
        text(
            &mut svg,
            x,
            y - 8.0,
            SMALL_TEXT,
            "middle",
            "#1c2430",
            &shown(*v),
        );
        text(
            &mut svg,
            x,
            bottom + 18.0,
            SMALL_TEXT,
            "middle",
            MUTED,
            &d.format("%m/%Y").to_string(),
        );
    }
    svg.push_str("</svg>");
    let series = alt_list(
        points
            .iter()
            .map(|(d, v)| format!("{}: {}", d.format("%d.%m.%Y"), shown(*v))),
    );
    let target = target
        .map(|t| format!(" Ziel: {}.", shown(t)))
        .unwrap_or_default();
    Chart {
        svg,
        alt: format!("Verlauf der Kennzahl {name}. Messwerte: {series}.{target}"),
        points: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_texts_of_large_projects_stay_short_enough_for_a_pdf_string() {
        let measures: Vec<Measure> = (0..1_500)
            .map(|i| Measure {
                number: format!("M-01-{i:04}"),
                title: format!("Maßnahme mit einem längeren Titel Nr. {i}"),
                start_quarter: Some("2027-Q1".into()),
                end_quarter: Some("2028-Q4".into()),
                effort: Some(2),
                benefit: Some(4),
                ..Default::default()
            })
            .collect();
        for chart in [roadmap(&measures), portfolio(&measures)] {
            assert!(chart.alt.len() < 4_000, "{} bytes", chart.alt.len());
            assert!(
                chart.alt.contains("weitere"),
                "{}",
                &chart.alt[chart.alt.len() - 80..]
            );
        }
        // Two-line labels: every part at most 1.35 times as high as wide, each measure in one.
        let rows_of = |chart: &Chart| chart.svg.matches(">M-01-").count();
        let fits = |chart: &Chart| {
            let view: Vec<f64> = chart
                .svg
                .split("viewBox=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            view[3] <= 1.35 * view[2]
        };
        let parts = roadmap_parts(&measures[..100], 1.35);
        assert!(
            parts.len() >= 4 && parts.iter().all(fits),
            "{} parts",
            parts.len()
        );
        assert_eq!(parts.iter().map(rows_of).sum::<usize>(), 100);
        let n = parts.len();
        assert!(parts[n - 1]
            .alt
            .starts_with(&format!("Roadmap der Maßnahmen, Teil {n} von {n}")));
        assert!(parts[n - 1].svg.contains("M-01-0099"));
        // Rows that do not fit one part make parts of about equal height, not one full and a rest.
        let two = roadmap_parts(&measures[..30], 1.35);
        assert_eq!(two.len(), 2);
        assert!(
            rows_of(&two[0]).abs_diff(rows_of(&two[1])) <= 2,
            "{} and {}",
            rows_of(&two[0]),
            rows_of(&two[1])
        );
        let few = roadmap(&measures[..3]);
        assert!(!few.alt.contains("weitere"));
        assert!(few.alt.contains("M-01-0002"));
    }

    /// A portfolio cell with more measures than dots fit shows „+N“ for the rest: every measure
    /// is counted in the chart (it showed twelve dots for 300 measures before).
    #[test]
    fn a_full_portfolio_cell_counts_the_measures_it_has_no_room_for() {
        let at = |n: usize| -> Vec<Measure> {
            (0..n)
                .map(|i| Measure {
                    number: format!("M-01-{i:02}"),
                    title: format!("Maßnahme {i}"),
                    effort: Some(2),
                    benefit: Some(4),
                    ..Default::default()
                })
                .collect()
        };
        let room = portfolio(&at(100)).points.len() + 2;
        assert!(room >= 8, "{room} dots fit a cell");
        let fits = portfolio(&at(room));
        assert_eq!(fits.points.len(), room);
        assert!(!fits.svg.contains(">+"));
        let full = portfolio(&at(room + 18));
        assert_eq!(full.points.len(), room - 2);
        assert!(full.svg.contains(">+20<"), "the last two slots say +20");
        assert_eq!(
            full.svg.matches("<circle").count() - 3,
            room - 2,
            "dots besides the legend's three"
        );
    }

    #[test]
    fn user_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("<script>&\"'\u{1}x\n"),
            "&lt;script&gt;&amp;&quot;&apos;x "
        );
        let m = Measure {
            number: "M-01-01".into(),
            title: "<b>Fett</b> & \"zitiert\"".into(),
            effort: Some(2),
            benefit: Some(5),
            start_quarter: Some("2027-Q1".into()),
            end_quarter: Some("2027-Q3".into()),
            ..Default::default()
        };
        for chart in [
            portfolio(std::slice::from_ref(&m)),
            roadmap(std::slice::from_ref(&m)),
        ] {
            assert!(!chart.svg.contains("<b>"));
            assert!(chart.svg.contains("&lt;b&gt;Fett"));
            assert!(chart.alt.contains("<b>Fett</b>"), "alt text is plain text");
        }
    }
}
