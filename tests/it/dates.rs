//! Dates and counts as records give them, within plausible bounds: an event may have only a
//! month; dates and years lie in 1900–2200; counts of people and votes have an upper bound. A
//! refused value changes nothing.

use zukunftskommune::{ErrorCode, Reply, Session};

use crate::common::*;
use crate::report::{report, text_of};

fn run(s: &mut Session, json: &str) -> Result<Reply, zukunftskommune::ApiError> {
    run_json(s, json)
}

#[test]
fn an_event_with_only_a_month_is_kept_ordered_and_printed_as_the_month() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Monatsdorf");
    for (title, date, people) in [
        ("Zukunftswerkstatt im Bürgerhaus", "\"2021-10\"", "40"),
        ("Ratssitzung mit Beschluss", "\"2021-10-13\"", "null"),
        ("Auftakt in der Stadthalle", "\"2021-09-30\"", "85"),
        ("Umfrage ohne Datum", "null", "null"),
    ] {
        run(
            &mut s,
            &format!(
                r#"{{"goals": {{"save_event": {{"title": "{title}", "date": {date}, "participants": {people}}}}}}}"#
            ),
        )
        .unwrap();
    }
    let events = goals(&mut s).events;
    let order: Vec<(String, Option<String>)> = events
        .iter()
        .map(|e| (e.title.clone(), e.date.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        order,
        vec![
            (
                "Auftakt in der Stadthalle".into(),
                Some("2021-09-30".into())
            ),
            (
                "Zukunftswerkstatt im Bürgerhaus".into(),
                Some("2021-10".into())
            ),
            (
                "Ratssitzung mit Beschluss".into(),
                Some("2021-10-13".into())
            ),
            ("Umfrage ohne Datum".into(), None),
        ],
        "a month sorts before its days, unknown dates last"
    );
    // The export keeps the month as the consultant typed it.
    assert!(export(&mut s).contains("\"date\": \"2021-10\""));

    let pdf = dir.path().join("Bericht.pdf");
    let result = report(&mut s, &pdf, None);
    let text = squeeze(&text_of(&pdf, 1, result.pages));
    assert!(text.contains("Oktober 2021"), "month printed as such");
    assert!(text.contains("30.09.2021"));
    assert!(
        !text.contains("01.10.2021"),
        "a month is never printed as its first day"
    );

    // A month that does not exist, or a day, is refused with a German message.
    for bad in ["\"2021-13\"", "\"2021-10-32\"", "\"Oktober\"", "\"21-10\""] {
        let e = run(
            &mut s,
            &format!(r#"{{"goals": {{"save_event": {{"title": "X", "date": {bad}}}}}}}"#),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{bad}");
        assert!(e.message.contains("JJJJ-MM"), "{bad}: {}", e.message);
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn dates_years_and_counts_out_of_bounds_are_refused_and_change_nothing() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Grenzdorf");
    let before = export(&mut s);
    let cases = [
        (
            r#"{"goals": {"save_event": {"title": "Tippfehler", "date": "2400-05"}}}"#,
            "zwischen 1900 und 2200",
        ),
        (
            r#"{"goals": {"save_event": {"title": "Volles Stadion", "participants": 5000000}}}"#,
            "höchstens 1.000.000",
        ),
        (
            r#"{"goals": {"save_timeline_entry": {"title": "Phase", "start": "1850-01-01"}}}"#,
            "zwischen 1900 und 2200",
        ),
        (
            r#"{"goals": {"save_timeline_entry": {"title": "Phase", "end": "+20270-01-01"}}}"#,
            "Ende",
        ),
        (
            r#"{"project": {"save_profile": {"population": 50000000}}}"#,
            "Einwohnerzahl",
        ),
        (
            r#"{"measures": {"save_measure": {"title": "Tippfehler", "start_quarter": "2027", "end_quarter": "2072", "cost_yearly_cents": 1000000}}}"#,
            "Beginn 2027 und Ende 2072 liegen 45 Jahre auseinander",
        ),
        (
            r#"{"project": {"save_profile": {"start_date": "2999-01-01"}}}"#,
            "Projektbeginn",
        ),
        (
            r#"{"project": {"save_profile": {"area_km2": 1e9}}}"#,
            "10.000 km²",
        ),
        (
            r#"{"check": {"save_key_figure": {"label": "Glasfaser", "year": 20270}}}"#,
            "zwischen 1900 und 2200",
        ),
        (
            r#"{"check": {"save_digital_offer": {"title": "App", "since_year": 1200}}}"#,
            "zwischen 1900 und 2200",
        ),
        (
            r#"{"strategy": {"save_settings": {"date": "2201-01-01"}}}"#,
            "Datum des Berichts",
        ),
        (
            r#"{"measures": {"save_idea": {"text": "Viele Punkte", "votes": 4000000000}}}"#,
            "höchstens 1.000.000",
        ),
    ];
    for (json, expected) in cases {
        let e = run(&mut s, json).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "{json}: {}", e.message);
        assert!(e.message.contains(expected), "{json}: {}", e.message);
    }
    assert_eq!(export(&mut s), before, "a refused value changes nothing");

    // The bounds themselves are allowed.
    for json in [
        r#"{"goals": {"save_event": {"title": "Grenze", "date": "2200-12", "participants": 1000000}}}"#,
        r#"{"goals": {"save_timeline_entry": {"title": "Grenze", "start": "1900-01-01"}}}"#,
        r#"{"project": {"save_profile": {"population": 10000000, "area_km2": 10000}}}"#,
    ] {
        run(&mut s, json).unwrap_or_else(|e| panic!("{json}: {}", e.message));
    }
}

/// Periods as consultants type them are accepted and stored in one form; what is no period is
/// refused with the forms that work, and the measure keeps its period.
#[test]
fn periods_typed_as_consultants_write_them_are_stored_in_one_form() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Quartalsheim");
    let Reply::Measures(v) = run(
        &mut s,
        r#"{"measures":{"save_measure":{"title":"Bürgerportal","start_quarter":"Q4/2027","end_quarter":"2. Quartal 2029"}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    let id = v.written.saved.unwrap();
    let m = |s: &mut Session| {
        measures(s)
            .measures
            .into_iter()
            .find(|m| m.measure.id == id)
            .unwrap()
    };
    let saved = m(&mut s);
    assert_eq!(saved.measure.start_quarter.as_deref(), Some("2027-Q4"));
    assert_eq!(saved.measure.end_quarter.as_deref(), Some("2029-Q2"));
    assert_eq!(saved.period, "Q4 2027 – Q2 2029");
    for (typed, stored) in [
        ("4. Quartal 2027", "2027-Q4"),
        ("q1 2028", "2028-Q1"),
        ("2028/Q3", "2028-Q3"),
        ("1. Halbjahr 2028", "2028-H1"),
        ("2. Hj. 2028", "2028-H2"),
        ("H1/2028", "2028-H1"),
        // A month or a day stands for its quarter.
        ("03/2028", "2028-Q1"),
        ("Mai 2028", "2028-Q2"),
        ("15.08.2028", "2028-Q3"),
        ("2028-10-01", "2028-Q4"),
        ("Ende 2028", "2028-Q4"),
        ("2028", "2028"),
    ] {
        run(
            &mut s,
            &format!(
                r#"{{"measures":{{"save_measure":{{"id":"{id}","start_quarter":"{typed}"}}}}}}"#
            ),
        )
        .unwrap();
        assert_eq!(
            m(&mut s).measure.start_quarter.as_deref(),
            Some(stored),
            "„{typed}“"
        );
    }
    for wrong in [
        "Q5/2027",
        "5. Quartal 2027",
        "3. Halbjahr 2027",
        "Q2/1800",
        "Sommer 2027",
        "2027 2028",
        "13/2027",
        "31.02.2027",
        "Mitte 2027",
    ] {
        let e = run(
            &mut s,
            &format!(
                r#"{{"measures":{{"save_measure":{{"id":"{id}","start_quarter":"{wrong}"}}}}}}"#
            ),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid, "„{wrong}“");
        assert!(e.message.contains("Q2/2027"), "{}", e.message);
        assert_eq!(m(&mut s).measure.start_quarter.as_deref(), Some("2028"));
    }
}

#[test]
fn dates_past_and_not_done_are_overdue() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Spätdorf");
    let today = chrono::Local::now().date_naive();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let mut ids = Vec::new();
    for (title, start, end, status) in [
        ("Workshop vorbei", day(-30), Some(day(-29)), "geplant"),
        ("Erledigt vorbei", day(-30), None, "erledigt"),
        ("Verschoben vorbei", day(-3), None, "verschoben"),
        ("Läuft noch", day(-10), Some(day(10)), "laufend"),
        ("Kommt noch", day(5), None, "geplant"),
    ] {
        let end = end.map_or("null".to_string(), |e| format!("\"{e}\""));
        let json = format!(
            r#"{{"goals":{{"save_timeline_entry":{{"title":"{title}","start":"{start}","end":{end},"status":"{status}"}}}}}}"#
        );
        let Ok(Reply::Goals(v)) = run(&mut s, &json) else {
            panic!("{json}")
        };
        ids.push((title, v.written.saved.unwrap()));
    }
    run(
        &mut s,
        r#"{"goals":{"save_timeline_entry":{"title":"Ohne Datum"}}}"#,
    )
    .unwrap();
    let overdue = goals(&mut s).overdue;
    let named: Vec<_> = ids
        .iter()
        .filter(|(_, id)| overdue.contains(id))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(named, ["Workshop vorbei", "Verschoben vorbei"]);
    assert_eq!(overdue.len(), 2);
}
