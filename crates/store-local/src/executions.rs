//! Durable state machine executions in the local SQLite database: each execution's
//! definition, input, status and latest checkpoint, and its event history. This is what
//! lets `code24 asl resume` finish executions whose process was killed and
//! `code24 asl redrive` restart a failed one from the state that failed.

use crate::sqlite::SqliteStatusStore;
use crate::DbError;
use code24_asl::{Checkpoint, Execution, HistoryEvent, Journal};
use code24_store::StoreError;
use rusqlite::{params, OptionalExtension};
use serde_json::Value;

/// What is stored of one execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRecord {
    pub name: String,
    pub definition: String,
    pub input: Value,
    /// RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
    pub status: String,
    pub checkpoint: Option<Checkpoint>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub started_at: String,
}

pub(crate) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS executions (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL,
        checkpoint TEXT,
        output TEXT,
        error TEXT,
        cause TEXT,
        started_at TEXT NOT NULL
    );
    -- One event per row: how databases made before execution_event_batches kept them.
    -- Still read, no longer written.
    CREATE TABLE IF NOT EXISTS execution_events (
        name TEXT NOT NULL,
        id INTEGER NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (name, id)
    ) WITHOUT ROWID;
    -- The events one checkpoint adds, as one JSON array starting at first_id: a
    -- checkpoint is one insert whatever its size (a 10,000-item Map adds 40,000 events
    -- at once; one row each made the B-tree inserts most of an `asl run`).
    CREATE TABLE IF NOT EXISTS execution_event_batches (
        name TEXT NOT NULL,
        first_id INTEGER NOT NULL,
        events TEXT NOT NULL,
        UNIQUE (name, first_id)
    );";

fn to_text<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn status_text(execution: &Execution) -> Result<String, StoreError> {
    to_text(&execution.status).map(|s| s.trim_matches('"').to_string())
}

fn append_events(
    tx: &rusqlite::Transaction,
    name: &str,
    events: &[HistoryEvent],
) -> Result<(), DbError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO execution_event_batches (name, first_id, events) VALUES (?1, ?2, ?3)",
    )?;
    // Batches of at most BATCH_EVENTS: a checkpoint of 40,000 events is 40 inserts, and
    // never holds their whole text at once.
    for batch in events.chunks(BATCH_EVENTS) {
        stmt.execute(params![name, batch[0].id as i64, to_text(&batch)?])?;
    }
    Ok(())
}

/// The most events one row of execution_event_batches holds.
const BATCH_EVENTS: usize = 1_000;

impl SqliteStatusStore {
    /// Records a new execution; `AlreadyExists` if the name is taken (names are unique,
    /// as in Step Functions).
    pub fn create_execution(
        &self,
        name: &str,
        definition: &str,
        input: &Value,
        started_at: &str,
    ) -> Result<(), StoreError> {
        let input = to_text(input)?;
        self.with(|c| {
            let changed = c.execute(
                "INSERT OR IGNORE INTO executions (name, definition, input, status, started_at) VALUES (?1, ?2, ?3, 'RUNNING', ?4)",
                params![name, definition, input, started_at],
            )?;
            if changed == 0 {
                return Err(StoreError::AlreadyExists(name.to_string()).into());
            }
            Ok(())
        })
    }

    pub fn execution(&self, name: &str) -> Result<Option<ExecutionRecord>, StoreError> {
        self.with(|c| {
            let row = c
                .query_row(
                    "SELECT name, definition, input, status, checkpoint, output, error, cause, started_at FROM executions WHERE name = ?1",
                    params![name],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, Option<String>>(4)?,
                            r.get::<_, Option<String>>(5)?,
                            r.get::<_, Option<String>>(6)?,
                            r.get::<_, Option<String>>(7)?,
                            r.get::<_, String>(8)?,
                        ))
                    },
                )
                .optional()?;
            let Some((name, definition, input, status, checkpoint, output, error, cause, started_at)) = row else {
                return Ok(None);
            };
            Ok(Some(ExecutionRecord {
                name,
                definition,
                input: from_text(&input)?,
                status,
                checkpoint: checkpoint.as_deref().map(from_text).transpose()?,
                output: output.as_deref().map(from_text).transpose()?,
                error,
                cause,
                started_at,
            }))
        })
    }

    /// Names of executions that were running when their process stopped.
    pub fn unfinished_executions(&self) -> Result<Vec<String>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT name FROM executions WHERE status = 'RUNNING' ORDER BY started_at, name",
            )?;
            let names = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(names)
        })
    }

    /// The history of an execution, in order: its batches, and the single-event rows a
    /// database made before batches holds. Where two give the same event id, the one
    /// written later wins.
    pub fn execution_events(&self, name: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        self.with(|c| {
            let mut out: Vec<HistoryEvent> = Vec::new();
            let mut stmt =
                c.prepare_cached("SELECT event FROM execution_events WHERE name = ?1 ORDER BY id")?;
            for row in stmt.query_map(params![name], |r| r.get::<_, String>(0))? {
                out.push(from_text(&row?)?);
            }
            let mut stmt = c.prepare_cached(
                "SELECT events FROM execution_event_batches WHERE name = ?1 ORDER BY first_id",
            )?;
            for row in stmt.query_map(params![name], |r| r.get::<_, String>(0))? {
                out.extend(from_text::<Vec<HistoryEvent>>(&row?)?);
            }
            // Stable: for equal ids the later write stays after the earlier; keep it.
            out.sort_by_key(|e| e.id);
            out.reverse();
            out.dedup_by_key(|e| e.id);
            out.reverse();
            Ok(out)
        })
    }

    /// Marks a failed, timed-out or aborted execution as running again (a redrive).
    pub fn reopen_execution(&self, name: &str) -> Result<bool, StoreError> {
        self.with(|c| {
            let changed = c.execute(
                "UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL
                 WHERE name = ?1 AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED') AND checkpoint IS NOT NULL",
                params![name],
            )?;
            Ok(changed == 1)
        })
    }
}

impl Journal for SqliteStatusStore {
    fn checkpoint(
        &self,
        execution: &str,
        new_events: &[HistoryEvent],
        next: &Checkpoint,
    ) -> Result<(), String> {
        let run = || -> Result<(), StoreError> {
            let checkpoint = to_text(next)?;
            self.with(|c| {
                let tx = c.transaction()?;
                append_events(&tx, execution, new_events)?;
                tx.execute(
                    "UPDATE executions SET checkpoint = ?2 WHERE name = ?1",
                    params![execution, checkpoint],
                )?;
                tx.commit()?;
                Ok(())
            })
        };
        run().map_err(|e| e.to_string())
    }

    fn finish(
        &self,
        execution: &str,
        new_events: &[HistoryEvent],
        result: &Execution,
    ) -> Result<(), String> {
        let run = || -> Result<(), StoreError> {
            let status = status_text(result)?;
            let output = result.output.as_ref().map(to_text).transpose()?;
            self.with(|c| {
                let tx = c.transaction()?;
                append_events(&tx, execution, new_events)?;
                tx.execute(
                    "UPDATE executions SET status = ?2, output = ?3, error = ?4, cause = ?5 WHERE name = ?1",
                    params![execution, status, output, result.error, result.cause],
                )?;
                tx.commit()?;
                Ok(())
            })
        };
        run().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use code24_asl::{Checkpoint, EventDetails, HistoryEvent, Journal};

    fn event(id: u64, label: &str) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: id - 1,
            timestamp: chrono::DateTime::UNIX_EPOCH,
            event_type: "PassStateEntered".into(),
            state_name: Some("P".into()),
            details: EventDetails::of(&serde_json::json!({"label": label})),
        }
    }

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            state: "P".into(),
            input: serde_json::json!({}),
            variables: Default::default(),
        }
    }

    #[test]
    fn checkpoints_of_many_events_read_back_in_order_with_rows_of_an_older_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStatusStore::open(&dir.path().join("status.db")).unwrap();
        store
            .create_execution("e", "{}", &serde_json::json!({}), "2026-12-01T00:00:00Z")
            .unwrap();
        // Events 1 and 2 as a database made before batches holds them, one row each.
        store
            .with(|c| {
                for e in [event(1, "old"), event(2, "old")] {
                    c.execute(
                        "INSERT INTO execution_events (name, id, event) VALUES ('e', ?1, ?2)",
                        params![e.id as i64, to_text(&e)?],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        // Then two checkpoints: 2,500 events (three batches), then one more.
        let first: Vec<_> = (3..=2_502).map(|id| event(id, "new")).collect();
        store.checkpoint("e", &first, &checkpoint()).unwrap();
        store
            .checkpoint("e", &[event(2_503, "last")], &checkpoint())
            .unwrap();
        store.checkpoint("e", &[], &checkpoint()).unwrap();
        let batches: i64 = store
            .with(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM execution_event_batches WHERE name = 'e'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(
            batches, 4,
            "1,000 events a row, and no row for an empty checkpoint"
        );
        let events = store.execution_events("e").unwrap();
        let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
        assert_eq!(ids, (1..=2_503).collect::<Vec<_>>());
        assert_eq!(events[0].details.value()["label"], "old");
        assert_eq!(events[2].details.value()["label"], "new");
        assert_eq!(events[2_502].details.value()["label"], "last");
        // A batch written again for the same events (a checkpoint repeated after a
        // crash) replaces the first, and an id held by both forms is the batch's.
        store
            .checkpoint("e", &[event(2, "again")], &checkpoint())
            .unwrap();
        let events = store.execution_events("e").unwrap();
        assert_eq!(events.len(), 2_503);
        assert_eq!(events[1].details.value()["label"], "again");
    }
}
