//! The event history of an execution, shaped like the Step Functions console shows it,
//! and the clock that stamps it (real, or virtual when the runtime's time is paused).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// One history event, e.g. `TaskStateEntered` or `ExecutionFailed`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    pub id: u64,
    pub previous_event_id: u64,
    pub timestamp: DateTime<Utc>,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
    pub details: Value,
}

/// Called for each event as it happens (live progress).
pub type Observer = Arc<dyn Fn(&HistoryEvent) + Send + Sync>;

/// Wall-clock time derived from tokio's clock: with a paused runtime (the virtual clock),
/// Waits and retry backoffs advance this instantly and exactly.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    wall_start: DateTime<Utc>,
    start: tokio::time::Instant,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            wall_start: Utc::now(),
            start: tokio::time::Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = tokio::time::Instant::now() - self.start;
        self.wall_start + chrono::Duration::from_std(elapsed).unwrap_or(chrono::TimeDelta::MAX)
    }
}

/// The growing history of one execution, shared by its parallel branches.
#[derive(Clone)]
pub struct History {
    events: Arc<Mutex<Vec<HistoryEvent>>>,
    observer: Option<Observer>,
    clock: Clock,
}

impl History {
    pub fn new(clock: Clock, observer: Option<Observer>) -> History {
        History::resumed(clock, observer, Vec::new())
    }

    /// A history that continues `events` (a resumed or redriven execution).
    pub fn resumed(clock: Clock, observer: Option<Observer>, events: Vec<HistoryEvent>) -> History {
        History {
            events: Arc::new(Mutex::new(events)),
            observer,
            clock,
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn record(&self, event_type: &str, state_name: Option<&str>, details: Value) {
        let event = {
            let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
            let id = events.len() as u64 + 1;
            let event = HistoryEvent {
                id,
                previous_event_id: id - 1,
                timestamp: self.clock.now(),
                event_type: event_type.to_string(),
                state_name: state_name.map(str::to_string),
                details,
            };
            match &self.observer {
                Some(_) => {
                    events.push(event.clone());
                    Some(event)
                }
                None => {
                    events.push(event);
                    None
                }
            }
        };
        if let (Some(observer), Some(event)) = (&self.observer, event) {
            observer(&event);
        }
    }

    pub fn events(&self) -> Vec<HistoryEvent> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
