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
