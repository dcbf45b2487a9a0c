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
    pub details: EventDetails,
}

/// An event's details, kept as the JSON text they serialise to. A history can hold
/// hundreds of thousands of events, and a parsed `Value` costs about ten times the
/// memory of its text; events are written once and read rarely (a page of history, the
/// dashboard), so they are parsed when read.
#[derive(Debug, Clone)]
pub struct EventDetails(Box<serde_json::value::RawValue>);

impl EventDetails {
    /// The details as a JSON value.
    pub fn value(&self) -> Value {
        serde_json::from_str(self.0.get()).unwrap_or(Value::Null)
    }

    /// The JSON text of the details.
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

impl EventDetails {
    /// Details serialised straight from borrowed data, without building (and copying
    /// the input into) a `Value` first.
    pub fn of(details: &impl Serialize) -> EventDetails {
        let text = serde_json::to_string(details).unwrap_or_else(|_| "null".to_string());
        EventDetails(
            serde_json::value::RawValue::from_string(text)
                .unwrap_or_else(|_| serde_json::value::RawValue::NULL.to_owned()),
        )
    }
}

impl From<Value> for EventDetails {
    fn from(v: Value) -> EventDetails {
        EventDetails::of(&v)
    }
}

impl PartialEq for EventDetails {
    fn eq(&self, other: &EventDetails) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Serialize for EventDetails {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for EventDetails {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EventDetails, D::Error> {
        // Through a Value, so that any deserializer (not only serde_json's) can be used.
        Value::deserialize(d).map(EventDetails::from)
    }
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
    /// Most events the history may hold (STANDARD executions); `None`: no limit.
    limit: Option<usize>,
    /// Set once an event did not fit: the execution must then fail.
    exceeded: Arc<std::sync::atomic::AtomicBool>,
}

/// Events that end an execution: recorded even in the last slot under the limit.
const CLOSING_EVENTS: [&str; 4] = [
    "ExecutionSucceeded",
    "ExecutionFailed",
    "ExecutionTimedOut",
    "ExecutionAborted",
];

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
            limit: None,
            exceeded: Arc::default(),
        }
    }

    /// The same history with a limit on its number of events.
    pub fn with_limit(mut self, limit: Option<usize>) -> History {
        self.limit = limit;
        self
    }

    /// The failure of an execution whose history reached its limit, once it has.
    pub fn quota_failure(&self) -> Option<crate::Failure> {
        self.exceeded
            .load(std::sync::atomic::Ordering::SeqCst)
            .then(|| {
                crate::Failure::new(
                    crate::error::names::RUNTIME,
                    format!(
                        "The execution reached the maximum number of history events ({}) of a STANDARD state machine.",
                        self.limit.unwrap_or_default()
                    ),
                )
            })
    }

    /// `Err` once the history has reached its limit.
    pub fn check_quota(&self) -> Result<(), crate::Failure> {
        match self.quota_failure() {
            Some(f) => Err(f),
            None => Ok(()),
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Appends an event and returns its id (0 if the history's quota dropped it).
    pub fn record(
        &self,
        event_type: &str,
        state_name: Option<&str>,
        details: impl Into<EventDetails>,
    ) -> u64 {
        let details = details.into();
        let (id, event) = {
            let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(limit) = self.limit {
                let room = if CLOSING_EVENTS.contains(&event_type) {
                    limit
                } else {
                    limit.saturating_sub(1)
                };
                if events.len() >= room {
                    self.exceeded
                        .store(true, std::sync::atomic::Ordering::SeqCst);
                    return 0;
                }
            }
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
                    (id, Some(event))
                }
                None => {
                    events.push(event);
                    (id, None)
                }
            }
        };
        if let (Some(observer), Some(event)) = (&self.observer, event) {
            observer(&event);
        }
        id
    }

    /// Calls `f` with the events from index `from` on (not copied), and returns what it
    /// gives with how many events there are in all.
    pub fn with_events_from<T>(
        &self,
        from: usize,
        f: impl FnOnce(&[HistoryEvent]) -> T,
    ) -> (T, usize) {
        let events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        let from = from.min(events.len());
        (f(&events[from..]), events.len())
    }

    /// How many events have been recorded.
    pub fn len(&self) -> usize {
        self.events.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the events out, leaving the history empty: for the end of a run, so that
    /// the finished execution does not hold a second copy.
    pub fn take(&self) -> Vec<HistoryEvent> {
        std::mem::take(&mut *self.events.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn events(&self) -> Vec<HistoryEvent> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl HistoryEvent {
    /// The event as Step Functions' GetExecutionHistory returns it: a details object named
    /// for the event type (`stateEnteredEventDetails`, `taskFailedEventDetails`, ...), with
    /// `input` and `output` as JSON strings and Task resources split into type and name.
    pub fn to_aws(&self) -> Value {
        let mut event = serde_json::Map::new();
        event.insert(
            "timestamp".into(),
            Value::String(
                self.timestamp
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            ),
        );
        event.insert("type".into(), Value::String(self.event_type.clone()));
        event.insert("id".into(), Value::from(self.id));
        event.insert(
            "previousEventId".into(),
            Value::from(self.previous_event_id),
        );
        let key = if self.event_type.ends_with("StateEntered") {
            "stateEnteredEventDetails".to_string()
        } else if self.event_type.ends_with("StateExited") {
            "stateExitedEventDetails".to_string()
        } else {
            let mut chars = self.event_type.chars();
            let first = chars
                .next()
                .map(|c| c.to_ascii_lowercase())
                .unwrap_or_default();
            format!("{first}{}EventDetails", chars.as_str())
        };
        let mut details = match self.details.value() {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        for field in ["input", "output", "parameters"] {
            if let Some(v) = details.get_mut(field) {
                if !v.is_string() || field != "parameters" {
                    *v = Value::String(v.to_string());
                }
            }
        }
        if let Some(Value::String(resource)) = details.get("resource").cloned() {
            let (resource_type, name) = match resource.strip_prefix("arn:aws:states:::") {
                Some(rest) => rest
                    .split_once(':')
                    .map(|(t, n)| (t.to_string(), n.to_string()))
                    .unwrap_or((rest.to_string(), String::new())),
                None => ("lambda".to_string(), resource.clone()),
            };
            details.insert("resourceType".into(), Value::String(resource_type));
            details.insert("resource".into(), Value::String(name));
        }
        if !details.is_empty() {
            event.insert(key, Value::Object(details));
        }
        Value::Object(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_take_the_get_execution_history_shape() {
        let e = HistoryEvent {
            id: 3,
            previous_event_id: 2,
            timestamp: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            event_type: "TaskStateEntered".into(),
            state_name: Some("Brand".into()),
            details: json!({"name": "Brand", "input": {"a": 1}}).into(),
        };
        assert_eq!(
            e.to_aws(),
            json!({"timestamp": "2026-01-01T00:00:00.000Z", "type": "TaskStateEntered", "id": 3, "previousEventId": 2,
                   "stateEnteredEventDetails": {"name": "Brand", "input": "{\"a\":1}"}})
        );
        let s = HistoryEvent {
            event_type: "TaskScheduled".into(),
            details: json!({"resource": "arn:aws:states:::lambda:invoke", "parameters": {"FunctionName": "f"}}).into(),
            ..e
        };
        let aws = s.to_aws();
        assert_eq!(aws["taskScheduledEventDetails"]["resourceType"], "lambda");
        assert_eq!(aws["taskScheduledEventDetails"]["resource"], "invoke");
        assert_eq!(
            aws["taskScheduledEventDetails"]["parameters"],
            "{\"FunctionName\":\"f\"}"
        );
    }
}
