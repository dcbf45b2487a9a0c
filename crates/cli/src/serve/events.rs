//! Live progress: an execution's history and state statuses as Server-Sent Events.

use super::*;

impl Server {
    /// `GET /executions/{id}/events`: Server-Sent Events. Each history event after
    /// `after` as `history` (its id the SSE id, so a reconnect resumes), then the states'
    /// statuses as `states`; when the execution has ended, its status object as `end`.
    pub(super) fn event_stream(self: Arc<Self>, id: &str, after: u64) -> Reply {
        struct Cursor {
            server: Arc<Server>,
            id: String,
            last: u64,
            first: bool,
            done: bool,
            idle: u32,
        }
        let cursor = Cursor {
            server: self,
            id: id.to_string(),
            last: after,
            first: true,
            done: false,
            idle: 0,
        };
        let stream = futures::stream::unfold(cursor, |mut c| async move {
            if c.done {
                return None;
            }
            loop {
                if !c.first {
                    tokio::time::sleep(EVENT_POLL).await;
                }
                c.first = false;
                let record = c.server.api.status.get(&c.id).await.ok().flatten();
                let Some(record) = record else {
                    c.done = true;
                    let text = "event: end\ndata: {\"status\":\"unknown\"}\n\n";
                    return Some((Ok::<_, Infallible>(Frame::data(Bytes::from(text))), c));
                };
                // Read "ended" before the events, so no event after it can be missed.
                let live = c.server.is_live(&c.id, record.status);
                let events = c.server.pool.history(&c.id).unwrap_or_default();
                let start = events.first().map(|e| e.timestamp);
                let mut text = String::new();
                let after = c.last;
                for e in events.iter().filter(|e| e.id > after) {
                    text.push_str(&format!(
                        "id: {}\nevent: history\ndata: {}\n\n",
                        e.id,
                        dashboard::history_json(e, start)
                    ));
                    c.last = e.id;
                }
                if !text.is_empty() || !live {
                    let runs = crate::graph::state_runs(&events, !live);
                    text.push_str(&format!(
                        "event: states\ndata: {}\n\n",
                        dashboard::runs_json(&runs)
                    ));
                }
                if !live {
                    let record = c
                        .server
                        .api
                        .status
                        .get(&c.id)
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or(record);
                    text.push_str(&format!(
                        "event: end\ndata: {}\n\n",
                        code24_pipeline::status_view(&record)
                    ));
                    c.done = true;
                }
                if text.is_empty() {
                    c.idle += 1;
                    if c.idle % 50 == 0 {
                        text.push_str(": still running\n\n");
                    } else {
                        continue;
                    }
                }
                return Some((Ok(Frame::data(Bytes::from(text))), c));
            }
        });
        let body = BodyExt::boxed_unsync(StreamBody::new(stream));
        let mut response = Response::new(body);
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            hyper::header::HeaderValue::from_static("text/event-stream"),
        );
        headers.insert(
            "cache-control",
            hyper::header::HeaderValue::from_static("no-store"),
        );
        response
    }
}
