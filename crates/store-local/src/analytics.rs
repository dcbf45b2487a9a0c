//! Analytics counters in the SQLite database that also holds the status records.

use crate::sqlite::SqliteStatusStore;
use async_trait::async_trait;
use code24_store::{AnalyticsStore, Counter, StoreError};
use rusqlite::params;

pub(crate) const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS analytics (
    site_id TEXT NOT NULL,
    day TEXT NOT NULL,
    page TEXT NOT NULL,
    event TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, day, page, event)
);";

#[async_trait]
impl AnalyticsStore for SqliteStatusStore {
    async fn count(
        &self,
        site_id: &str,
        day: &str,
        page: &str,
        event: &str,
    ) -> Result<(), StoreError> {
        self.with(|conn| {
            conn.execute(
                "INSERT INTO analytics (site_id, day, page, event, count) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (site_id, day, page, event) DO UPDATE SET count = count + 1",
                params![site_id, day, page, event],
            )?;
            Ok(())
        })
    }

    async fn counters(&self, site_id: &str) -> Result<Vec<Counter>, StoreError> {
        self.with(|conn| {
            let mut statement = conn.prepare(
                "SELECT day, page, event, count FROM analytics WHERE site_id = ?1
                 ORDER BY day, page, event",
            )?;
            let rows = statement.query_map(params![site_id], |row| {
                Ok(Counter {
                    day: row.get(0)?,
                    page: row.get(1)?,
                    event: row.get(2)?,
                    count: row.get::<_, i64>(3)?.max(0) as u64,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_counts_are_all_kept_and_sites_are_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("code24.db");
        let mut tasks = Vec::new();
        for i in 0..40 {
            // Separate connections, as separate processes would have.
            let store = Arc::new(SqliteStatusStore::open(&path).unwrap());
            tasks.push(tokio::spawn(async move {
                let event = if i % 4 == 0 { "cta_click" } else { "page_view" };
                store.count("a", "2026-11-26", "/", event).await.unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let store = SqliteStatusStore::open(&path).unwrap();
        store
            .count("b", "2026-11-26", "/", "page_view")
            .await
            .unwrap();
        let a = store.counters("a").await.unwrap();
        let counts: Vec<(&str, u64)> = a.iter().map(|c| (c.event.as_str(), c.count)).collect();
        assert_eq!(counts, [("cta_click", 10), ("page_view", 30)]);
        assert_eq!(store.counters("b").await.unwrap().len(), 1);
        assert!(store.counters("c").await.unwrap().is_empty());
    }
}
