//! Fault injection, with the one grammar every `--inject-fault` flag takes, for a state of
//! any definition (`code24 asl run`) and for a step of Code24's workflows (`code24 build`,
//! `optimize`, `serve`):
//!
//! ```text
//! NAME[=TIMES][:KIND]
//! ```
//!
//! - `NAME`: the state or step (`Charge`, `Brand`).
//! - `=TIMES`: fail this many times, then work; without it, fail every time.
//! - `:KIND`: an error name (`Payments.Declined`, `Code24.TransientError`), `hang` (never
//!   answer, so the state's `TimeoutSeconds` fires: `States.Timeout`), or `panic` (the
//!   step's handler panics; steps only). Without it, the default of where it is used:
//!   `States.TaskFailed` for a state, `Code24.TransientError` for a step.
//!
//! The name and the error are split off at the last `=` and `:`, so a state's name may
//! hold either.

use std::collections::HashMap;
use std::sync::Mutex;

/// What an injected fault does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Fail with this error name.
    Error(String),
    /// Never answer: the state's `TimeoutSeconds` fires.
    Hang,
    /// The handler panics (a step's Lambda function only).
    Panic,
}

/// One parsed `NAME[=TIMES][:KIND]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub name: String,
    /// `u32::MAX`: every time.
    pub times: u32,
    /// `None`: the default of where the fault is used.
    pub kind: Option<FaultKind>,
}

impl Fault {
    /// Parses `NAME[=TIMES][:KIND]`; the error says what in `spec` is wrong.
    pub fn parse(spec: &str) -> Result<Fault, String> {
        let (head, kind) = match spec.rsplit_once(':') {
            Some((head, kind)) if !head.is_empty() => {
                let kind = match kind {
                    "" => return Err(format!("fault '{spec}': nothing after ':'")),
                    "hang" => FaultKind::Hang,
                    "panic" => FaultKind::Panic,
                    error => FaultKind::Error(error.to_string()),
                };
                (head, Some(kind))
            }
            _ => (spec, None),
        };
        let (name, times) = match head.rsplit_once('=') {
            Some((name, times)) => (
                name,
                times
                    .parse::<u32>()
                    .map_err(|_| format!("fault '{spec}': '{times}' is not a count"))?,
            ),
            None => (head, u32::MAX),
        };
        if name.is_empty() {
            return Err(format!("fault '{spec}': no state or step name"));
        }
        Ok(Fault {
            name: name.to_string(),
            times,
            kind,
        })
    }
}

/// Faults by name, each firing its number of times; shared by every attempt of an
/// execution (and by the executions of one plan).
#[derive(Debug, Default)]
pub struct Faults {
    remaining: Mutex<HashMap<String, (FaultKind, u32)>>,
}

impl Faults {
    pub fn new() -> Faults {
        Faults::default()
    }

    /// Makes `name` fail `times` times (`u32::MAX`: every time) as `kind` says.
    pub fn inject(self, name: &str, kind: FaultKind, times: u32) -> Faults {
        self.remaining
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), (kind, times));
        self
    }

    /// Adds one parsed fault, with `default` as its kind if it names none.
    pub fn add(self, fault: Fault, default: &FaultKind) -> Faults {
        let kind = fault.kind.unwrap_or_else(|| default.clone());
        self.inject(&fault.name, kind, fault.times)
    }

    /// The fault `name` has left, if any, counting it as fired.
    pub fn take(&self, name: &str) -> Option<FaultKind> {
        let mut remaining = self.remaining.lock().unwrap_or_else(|e| e.into_inner());
        let (kind, left) = remaining.get_mut(name)?;
        if *left == 0 {
            return None;
        }
        if *left != u32::MAX {
            *left -= 1;
        }
        Some(kind.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(spec: &str) -> (String, u32, Option<FaultKind>) {
        let f = Fault::parse(spec).unwrap();
        (f.name, f.times, f.kind)
    }

    #[test]
    fn one_grammar_for_states_and_steps() {
        let error = |e: &str| Some(FaultKind::Error(e.into()));
        assert_eq!(parsed("Brand"), ("Brand".into(), u32::MAX, None));
        assert_eq!(parsed("Brand=2"), ("Brand".into(), 2, None));
        assert_eq!(
            parsed("Deploy:hang"),
            ("Deploy".into(), u32::MAX, Some(FaultKind::Hang))
        );
        assert_eq!(
            parsed("Deploy=1:panic"),
            ("Deploy".into(), 1, Some(FaultKind::Panic))
        );
        assert_eq!(
            parsed("Charge=2:Payments.Declined"),
            ("Charge".into(), 2, error("Payments.Declined"))
        );
        // The name keeps everything before the last '=' and ':'.
        assert_eq!(parsed("a:b=3:E"), ("a:b".into(), 3, error("E")));
        assert_eq!(parsed(":E"), (":E".into(), u32::MAX, None));
        for (bad, says) in [
            ("Brand=x", "'x' is not a count"),
            ("Brand=-1", "'-1' is not a count"),
            ("Brand:", "nothing after ':'"),
            ("=2", "no state or step name"),
            ("", "no state or step name"),
        ] {
            let e = Fault::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn a_fault_fires_its_times_then_the_name_works() {
        let faults = Faults::new()
            .add(Fault::parse("A=2").unwrap(), &FaultKind::Error("D".into()))
            .add(
                Fault::parse("B:hang").unwrap(),
                &FaultKind::Error("D".into()),
            );
        assert_eq!(faults.take("A"), Some(FaultKind::Error("D".into())));
        assert_eq!(faults.take("A"), Some(FaultKind::Error("D".into())));
        assert_eq!(faults.take("A"), None);
        for _ in 0..5 {
            assert_eq!(faults.take("B"), Some(FaultKind::Hang));
        }
        assert_eq!(faults.take("C"), None);
    }
}
