//! Adaptive inspection, modelled on the switching rules of ISO 2859-1 /
//! ANSI Z1.4, without its reduced inspection (a healthy tool keeps its full
//! sample, so a later shift is seen as fast as the plan promises). The state is a pure function of the touchpoint's history, so it
//! can be recomputed (and tested) from the weeks alone.

pub use model::sampling::Inspection;

use serde::Serialize;

/// What happened to a touchpoint, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A reviewed week: accepted when its failures stayed within tolerance.
    Week { accepted: bool },
    /// A new model or version was seen.
    ModelChanged,
    /// An owner took a paused touchpoint out of its pause.
    Resumed,
}

/// One switch between states, with its reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Index of the event that caused it.
    pub at_event: usize,
    pub from: Inspection,
    pub to: Inspection,
    pub reason: String,
}

/// Replays `events` from normal inspection.
pub fn replay(events: &[Event]) -> (Inspection, Vec<Move>) {
    let mut state = Inspection::Normal;
    let mut moves = Vec::new();
    // Results since entering the current state, newest last.
    let mut since: Vec<bool> = Vec::new();
    let mut rejected_while_tightened = 0u32;
    for (i, event) in events.iter().enumerate() {
        let next = match (*event, state) {
            (Event::Resumed, Inspection::Paused) => {
                Some((Inspection::Tightened, "the owner resumed the touchpoint: checks restart tightened".to_string()))
            }
            (Event::Resumed, _) | (_, Inspection::Paused) => None,
            (Event::ModelChanged, Inspection::Tightened) => None,
            (Event::ModelChanged, _) => Some((Inspection::Tightened, "a new model or version was seen".to_string())),
            (Event::Week { accepted }, _) => {
                since.push(accepted);
                if !accepted && state == Inspection::Tightened {
                    rejected_while_tightened += 1;
                }
                let streak = since.iter().rev().take_while(|a| **a).count();
                let rejected_of_last5 = since.iter().rev().take(5).filter(|a| !**a).count();
                match state {
                    Inspection::Normal if rejected_of_last5 >= 2 => {
                        Some((Inspection::Tightened, "2 of the last 5 weeks were not accepted".into()))
                    }
                    Inspection::Reduced if !accepted => Some((Inspection::Normal, "a week was not accepted".into())),
                    Inspection::Tightened if rejected_while_tightened >= 5 => Some((
                        Inspection::Paused,
                        "5 weeks were not accepted under tightened inspection: the touchpoint is paused".into(),
                    )),
                    Inspection::Tightened if streak >= 5 => {
                        Some((Inspection::Normal, "5 weeks in a row were accepted".into()))
                    }
                    _ => None,
                }
            }
        };
        if let Some((to, reason)) = next {
            moves.push(Move { at_event: i, from: state, to, reason });
            if to == Inspection::Tightened && state != Inspection::Tightened {
                rejected_while_tightened = 0;
            }
            state = to;
            since.clear();
        }
    }
    (state, moves)
}

/// The sample size under `state`: tightened doubles, reduced halves (at
/// least 5). Paused is watched at least as hard as tightened: pausing in
/// Second Look does not stop the vendor's tool, so its outputs keep coming.
pub fn adjust(planned: u64, state: Inspection) -> u64 {
    match state {
        Inspection::Normal => planned,
        Inspection::Tightened | Inspection::Paused => planned * 2,
        Inspection::Reduced => (planned / 2).max(5.min(planned)),
    }
}

/// How sure the acceptance rule must be before it calls a week bad: a tool
/// running exactly at the tolerance has its week accepted 95% of the time.
pub const ACCEPTANCE_CONFIDENCE: f64 = 0.95;

/// A week of `reviewed` random-sample reviews is accepted unless it has
/// more failures than a tool at the tolerance would show 95% of the time
/// (the acceptance number of a sampling plan whose acceptable quality level
/// is the tolerance). 45 reviews at 5%: up to 5 failures are accepted.
pub fn accepted(reviewed: u64, failures: u64, tolerance: f64) -> Option<bool> {
    (reviewed > 0).then(|| failures <= stats::quality::acceptance_number(reviewed, tolerance, ACCEPTANCE_CONFIDENCE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(pattern: &str) -> Vec<Event> {
        let event = |c| match c {
            'M' => Event::ModelChanged,
            'R' => Event::Resumed,
            c => Event::Week { accepted: c == '+' },
        };
        pattern.chars().map(event).collect()
    }

    fn states(pattern: &str) -> Vec<Inspection> {
        let (_, moves) = replay(&weeks(pattern));
        moves.iter().map(|m| m.to).collect()
    }

    #[test]
    fn normal_tightens_after_two_of_five_rejected() {
        assert_eq!(replay(&weeks("+-++-")).0, Inspection::Tightened);
        assert_eq!(replay(&weeks("-++++-")).0, Inspection::Normal, "the first rejection fell out of the last five");
        assert_eq!(replay(&weeks("++-+")).0, Inspection::Normal);
    }

    #[test]
    fn tightened_relaxes_after_five_accepted_in_a_row() {
        assert_eq!(states("--+++++"), [Inspection::Tightened, Inspection::Normal]);
        assert_eq!(replay(&weeks("--++++")).0, Inspection::Tightened);
    }

    #[test]
    fn accepted_weeks_never_reduce_the_checks() {
        // Halving a healthy tool's sample would make a later shift take
        // twice as long to see: a long good run stays at normal.
        assert_eq!(replay(&weeks(&"+".repeat(52))).0, Inspection::Normal);
    }

    #[test]
    fn five_rejections_under_tightened_pause_the_touchpoint() {
        let (state, moves) = replay(&weeks("--"));
        assert_eq!(state, Inspection::Tightened);
        assert_eq!(moves[0].reason, "2 of the last 5 weeks were not accepted");
        assert_eq!(replay(&weeks("------")).0, Inspection::Tightened, "4 more after tightening");
        assert_eq!(replay(&weeks("-------")).0, Inspection::Paused, "5 more after tightening");
        assert_eq!(replay(&weeks("--+-+-+-+-")).0, Inspection::Tightened, "4 rejected so far while tightened");
        assert_eq!(replay(&weeks("--+-+-+-+-+-")).0, Inspection::Paused, "the 5th, though never 2 in a row");
        assert_eq!(replay(&weeks("-------++++++")).0, Inspection::Paused, "paused stays paused");
    }

    #[test]
    fn resuming_a_paused_touchpoint_restarts_tightened() {
        assert_eq!(states("-------R"), [Inspection::Tightened, Inspection::Paused, Inspection::Tightened]);
        assert_eq!(replay(&weeks("-------R----")).0, Inspection::Tightened, "a fresh count of 5 after resuming");
        assert_eq!(replay(&weeks("-------R-----")).0, Inspection::Paused);
        assert_eq!(states("+R"), [], "resuming means nothing unless paused");
    }

    #[test]
    fn a_model_change_tightens_at_once() {
        assert_eq!(states("+++M"), [Inspection::Tightened]);
        assert_eq!(states("++++++++++M+++++"), [Inspection::Tightened, Inspection::Normal]);
    }

    #[test]
    fn sizes_follow_the_state() {
        assert_eq!(adjust(45, Inspection::Normal), 45);
        assert_eq!(adjust(45, Inspection::Tightened), 90);
        assert_eq!(adjust(45, Inspection::Reduced), 22);
        assert_eq!(adjust(8, Inspection::Reduced), 5);
        assert_eq!(adjust(3, Inspection::Reduced), 3);
        assert_eq!(adjust(45, Inspection::Paused), 90, "paused is watched harder, never less");
        assert_eq!(accepted(45, 5, 0.05), Some(true));
        assert_eq!(accepted(45, 6, 0.05), Some(false));
        assert_eq!(accepted(90, 8, 0.05), Some(true));
        assert_eq!(accepted(10, 2, 0.05), Some(true), "two of ten is not yet evidence at 5%");
        assert_eq!(accepted(0, 0, 0.05), None);
    }
}
