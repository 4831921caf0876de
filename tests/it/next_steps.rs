//! „Nächste Schritte“ on the overview: the unmet progress criteria, gone when met.

use crate::common::*;
use zukunftskommune::api::{Command, Overview, ProjectCommand};
use zukunftskommune::{Reply, Session};

fn overview(s: &mut Session) -> Overview {
    match call(s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        r => panic!("{r:?}"),
    }
}

#[test]
fn a_new_project_lists_its_next_steps_and_a_met_step_disappears() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Neudorf");
    let steps = overview(&mut s).next_steps;
    assert!(!steps.is_empty() && steps.len() <= zukunftskommune::analysis::MAX_NEXT_STEPS);
    assert!(steps.iter().all(|x| (1..=5).contains(&x.baustein)));
    assert!(
        steps.windows(2).all(|w| w[0].baustein <= w[1].baustein),
        "{steps:?}"
    );
    assert!(steps.iter().any(|x| x.place == "goals"), "{steps:?}");

    run_json(
        &mut s,
        r#"{"goals":{"save_goal":{"title":"Rathaus rund um die Uhr"}}}"#,
    )
    .unwrap();
    let steps = overview(&mut s).next_steps;
    assert!(!steps.iter().any(|x| x.place == "goals"), "{steps:?}");

    // The demo is done everywhere: nothing left to suggest.
    let mut demo_session = open(&demo(dir.path()));
    let o = overview(&mut demo_session);
    assert!(o.progress.iter().all(|p| p.percent == 100));
    assert_eq!(o.next_steps, []);
}

/// The report's date may stay empty – the report then carries the day it is made, as the
/// field says – so an empty date leaves no report setting missing: the overview sent the
/// consultant to fill it and held back a fifth of Baustein 5. (The steps shown are capped and
/// earlier Bausteine come first, so Baustein 5's share of the progress is what is compared.)
#[test]
fn an_empty_report_date_is_no_missing_report_setting() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Ohnedatum");
    let baustein_5 = |s: &mut Session| overview(s).progress[4].percent;
    assert_eq!(baustein_5(&mut s), 0, "no author yet");
    run_json(
        &mut s,
        r#"{"strategy":{"save_settings":{"author":"Beratungsteam Digitale Kommune"}}}"#,
    )
    .unwrap();
    assert_eq!(strategy(&mut s).settings.date, None);
    assert_eq!(
        baustein_5(&mut s),
        20,
        "no chapter approved, the settings complete"
    );
}
