//! Durable state machine executions in the local SQLite database: each execution's
//! definition, input, status and latest checkpoint, and its event history. This is what
//! lets `code24 asl resume` finish executions whose process was killed and
//! `code24 asl redrive` restart a failed one from the state that failed.

use crate::sqlite::SqliteStatusStore;
use crate::StoreError;
use code24_asl::{Checkpoint, Execution, HistoryEvent, Journal};
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
    -- WITHOUT ROWID: events are found by (name, id), so one B-tree instead of a table and
    -- an index, half the pages written per event. A database made before keeps its table.
    CREATE TABLE IF NOT EXISTS execution_events (
        name TEXT NOT NULL,
        id INTEGER NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (name, id)
    ) WITHOUT ROWID;";

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
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO execution_events (name, id, event) VALUES (?1, ?2, ?3)",
    )?;
    for e in events {
        stmt.execute(params![name, e.id as i64, to_text(e)?])?;
    }
    Ok(())
}

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
                return Err(StoreError::AlreadyExists(name.to_string()));
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

    /// The history of an execution, in order.
    pub fn execution_events(&self, name: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT event FROM execution_events WHERE name = ?1 ORDER BY id")?;
            let rows = stmt.query_map(params![name], |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for row in rows {
                out.push(from_text(&row?)?);
            }
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
