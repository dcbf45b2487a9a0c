//! The local status store: SQLite in WAL mode. Several processes may use one database;
//! every change is one transaction, so a killed process never leaves a half record.

use crate::DbError;
use async_trait::async_trait;
use code24_store::{SiteOwner, StatusStore, StoreError};
use code24_store::{WorkflowRecord, WorkflowStatus};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

pub struct SqliteStatusStore {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl SqliteStatusStore {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<SqliteStatusStore, StoreError> {
        Ok(SqliteStatusStore::open_connection(path)?)
    }

    fn open_connection(path: &Path) -> Result<SqliteStatusStore, DbError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The write-ahead log is durable as it is; copying it into the database file
        // when the last connection closes made every short `code24` command pay for it
        // (a third of a 1,000-iteration `asl run`). SQLite still checkpoints as the log
        // grows (see below), and the next open reads the log.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        // ... and at 10,000 pages (40 MB) rather than 1,000: a 10,000-item Map journals
        // 8 MB of history in one commit, and copying the log into the database inside
        // that commit was a tenth of its `asl run`.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS workflows (
                workflow_id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                record TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS workflows_created ON workflows(created_at);
            CREATE TABLE IF NOT EXISTS site_owners (
                site_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                workflow_id TEXT NOT NULL
            );",
        )?;
        conn.execute_batch(crate::executions::SCHEMA)?;
        conn.execute_batch(crate::analytics::SCHEMA)?;
        Ok(SqliteStatusStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The ids of the workflows whose records say `running`.
    pub fn running_workflows(&self) -> Result<Vec<String>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT workflow_id FROM workflows WHERE status = 'running' ORDER BY created_at",
            )?;
            let ids = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ids)
        })
    }

    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        Ok(f(&mut conn)?)
    }
}

fn decode(text: &str) -> Result<WorkflowRecord, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn encode(record: &WorkflowRecord) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[async_trait]
impl StatusStore for SqliteStatusStore {
    async fn create(&self, record: &WorkflowRecord) -> Result<(), StoreError> {
        let body = encode(record)?;
        self.with(|c| {
            let changed = c.execute(
                "INSERT OR IGNORE INTO workflows (workflow_id, status, created_at, updated_at, record) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![record.workflow_id, record.status.as_str(), record.created_at, record.updated_at, body],
            )?;
            if changed == 0 {
                return Err(StoreError::AlreadyExists(record.workflow_id.clone()).into());
            }
            Ok(())
        })
    }

    async fn get(&self, workflow_id: &str) -> Result<Option<WorkflowRecord>, StoreError> {
        self.with(|c| {
            let text: Option<String> = c
                .query_row(
                    "SELECT record FROM workflows WHERE workflow_id = ?1",
                    params![workflow_id],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(text.as_deref().map(decode).transpose()?)
        })
    }

    async fn set_step(&self, workflow_id: &str, step: &str, at: &str) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let text: Option<String> = tx
                .query_row("SELECT record FROM workflows WHERE workflow_id = ?1 AND status = 'running'", params![workflow_id], |r| r.get(0))
                .optional()?;
            if let Some(text) = text {
                let mut record = decode(&text)?;
                record.current_step = Some(step.to_string());
                record.updated_at = at.to_string();
                tx.execute(
                    "UPDATE workflows SET updated_at = ?2, record = ?3 WHERE workflow_id = ?1 AND status = 'running'",
                    params![workflow_id, at, encode(&record)?],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    async fn finish(&self, record: &WorkflowRecord) -> Result<bool, StoreError> {
        if record.status == WorkflowStatus::Running {
            return Err(StoreError::Corrupt(
                "finish needs a completed or failed record".into(),
            ));
        }
        let body = encode(record)?;
        self.with(|c| {
            let changed = c.execute(
                "UPDATE workflows SET status = ?2, updated_at = ?3, record = ?4 WHERE workflow_id = ?1 AND status = 'running'",
                params![record.workflow_id, record.status.as_str(), record.updated_at, body],
            )?;
            if changed == 0 {
                let exists: Option<String> = c
                    .query_row("SELECT status FROM workflows WHERE workflow_id = ?1", params![record.workflow_id], |r| r.get(0))
                    .optional()?;
                if exists.is_none() {
                    return Err(StoreError::NotFound(record.workflow_id.clone()).into());
                }
            }
            Ok(changed == 1)
        })
    }

    async fn claim_site(&self, site_id: &str, owner: &SiteOwner) -> Result<SiteOwner, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT OR IGNORE INTO site_owners (site_id, name, workflow_id) VALUES (?1, ?2, ?3)",
                params![site_id, owner.name, owner.workflow_id],
            )?;
            let current = tx.query_row(
                "SELECT name, workflow_id FROM site_owners WHERE site_id = ?1",
                params![site_id],
                |r| {
                    Ok(SiteOwner {
                        name: r.get(0)?,
                        workflow_id: r.get(1)?,
                    })
                },
            )?;
            tx.commit()?;
            Ok(current)
        })
    }

    async fn list(&self, limit: usize) -> Result<Vec<WorkflowRecord>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT record FROM workflows ORDER BY created_at DESC, workflow_id LIMIT ?1",
            )?;
            let rows = stmt.query_map(params![limit as i64], |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for row in rows {
                out.push(decode(&row?)?);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use code24_store::WorkflowError;
    use serde_json::json;

    fn record(id: &str) -> WorkflowRecord {
        WorkflowRecord::running(id, "build", json!({"name": "x"}), "2026-01-01T00:00:00Z")
    }

    #[tokio::test]
    async fn create_is_unique_and_finish_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStatusStore::open(&dir.path().join("status.db")).unwrap();
        store.create(&record("w1")).await.unwrap();
        assert!(matches!(
            store.create(&record("w1")).await,
            Err(StoreError::AlreadyExists(_))
        ));
        store
            .set_step("w1", "Brand", "2026-01-01T00:00:01Z")
            .await
            .unwrap();
        assert_eq!(
            store
                .get("w1")
                .await
                .unwrap()
                .unwrap()
                .current_step
                .as_deref(),
            Some("Brand")
        );
        let mut failed = record("w1");
        failed.status = WorkflowStatus::Failed;
        failed.error = Some(WorkflowError {
            error: "E".into(),
            cause: "C".into(),
            step: "Brand".into(),
        });
        assert!(store.finish(&failed).await.unwrap());
        let mut completed = record("w1");
        completed.status = WorkflowStatus::Completed;
        assert!(
            !store.finish(&completed).await.unwrap(),
            "a finished record must not be overwritten"
        );
        let reopened = SqliteStatusStore::open(&dir.path().join("status.db")).unwrap();
        let got = reopened.get("w1").await.unwrap().unwrap();
        assert_eq!(got.status, WorkflowStatus::Failed);
        assert_eq!(got.error.unwrap().step, "Brand");
        assert!(matches!(
            store
                .finish(&{
                    let mut r = record("nope");
                    r.status = WorkflowStatus::Completed;
                    r
                })
                .await,
            Err(StoreError::NotFound(_))
        ));
    }
}
