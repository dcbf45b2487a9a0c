//! The GET routes of this server alone: the dashboard's pages and forms, the OpenAPI
//! document, execution lists and histories; the sites' files and the event streams are
//! dispatched from here to their modules.

use super::*;

impl Server {
    /// The GET routes of this server alone: the dashboard, the OpenAPI document, the
    /// execution list, histories and event streams, and the sites' files. `None` for
    /// the API's routes.
    pub(super) async fn page(
        self: Arc<Self>,
        decoded: &str,
        query: Option<&str>,
        headers: &hyper::HeaderMap,
    ) -> Option<Reply> {
        let now = self.clock.now_rfc3339();
        let reply = match decoded {
            "/" | "/dashboard" => match self.api.status.list(50).await {
                Ok(records) => html_reply(200, dashboard::home(&records, self.pool.load(), &now)),
                Err(e) => storage_error(e),
            },
            "/dashboard/style.css" => respond(
                200,
                "text/css; charset=utf-8",
                "no-cache",
                dashboard::STYLE.as_bytes().to_vec(),
            ),
            "/dashboard/live.js" => respond(
                200,
                "text/javascript; charset=utf-8",
                "no-cache",
                dashboard::SCRIPT.as_bytes().to_vec(),
            ),
            "/openapi.json" => respond(
                200,
                "application/json",
                "no-cache",
                OPENAPI.as_bytes().to_vec(),
            ),
            "/executions" => {
                let limit = query_param(query, "limit")
                    .and_then(|l| l.parse::<usize>().ok())
                    .unwrap_or(50)
                    .clamp(1, 1000);
                match self.api.status.list(limit).await {
                    Ok(records) => json_reply(
                        200,
                        &json!({
                            "executions": records.iter().map(|r| dashboard::summary(r, &now)).collect::<Vec<_>>(),
                            "load": self.pool.load(),
                        }),
                    ),
                    Err(e) => storage_error(e),
                }
            }
            p if p.starts_with("/executions/") => {
                let rest = &p["/executions/".len()..];
                let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
                let id = id.to_string();
                if code24_pipeline::handler::check_workflow_id(&id).is_err() {
                    return Some(json_reply(
                        400,
                        &json!({"error": "invalid workflowId", "field": "workflowId",
                            "message": "use 1-80 characters of A-Z, a-z, 0-9, '-' and '_'"}),
                    ));
                }
                match tail {
                    "" => self.execution_page(&id, &now).await,
                    "history" => self.execution_history(&id),
                    "events" => {
                        let after = headers
                            .get("last-event-id")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                            .or_else(|| query_param(query, "after"))
                            .and_then(|v| v.parse::<u64>().ok())
                            .unwrap_or(0);
                        match self.api.status.get(&id).await {
                            Ok(Some(_)) => self.clone().event_stream(&id, after),
                            Ok(None) => not_found(&format!("workflow {id}")),
                            Err(e) => storage_error(e),
                        }
                    }
                    _ => not_found(&format!("route {p}")),
                }
            }
            p if p.starts_with("/sites/") => {
                let rest = &p["/sites/".len()..];
                let last = rest.rsplit('/').next().unwrap_or_default();
                if matches!(last, "analytics" | "versions") {
                    return None;
                }
                self.site_file(rest, headers).await
            }
            _ => return None,
        };
        Some(reply)
    }

    /// A form on the dashboard: urlencoded fields become the trigger's JSON body; a
    /// started workflow opens its execution page, a refused one says why.
    pub(super) async fn dashboard_trigger(&self, kind: &str, body: &[u8]) -> Reply {
        let route = match kind {
            "build" => "/trigger/build",
            "optimize" => "/trigger/optimize",
            _ => return not_found(&format!("dashboard form {kind}")),
        };
        let Some(fields) = code24_domain::text::form_fields(body) else {
            return html_reply(
                400,
                dashboard::error_page("the form's fields are not UTF-8"),
            );
        };
        let json = Value::Object(dashboard::form_body(fields)).to_string();
        let reply = self.api.handle("POST", route, None, json.as_bytes()).await;
        match reply.body["workflowId"].as_str() {
            Some(id) if reply.status == 202 => see_other(&format!(
                "/executions/{}",
                code24_domain::site::encode_segment(id)
            )),
            _ => {
                let message = match (reply.body["field"].as_str(), reply.body["message"].as_str()) {
                    (Some(field), Some(m)) => format!("{field}: {m}"),
                    (None, Some(m)) => m.to_string(),
                    _ => reply.body.to_string(),
                };
                html_reply(reply.status.max(400), dashboard::error_page(&message))
            }
        }
    }

    pub(super) async fn execution_page(&self, id: &str, now: &str) -> Reply {
        let record = match self.api.status.get(id).await {
            Ok(Some(r)) => r,
            Ok(None) => return not_found(&format!("workflow {id}")),
            Err(e) => return storage_error(e),
        };
        let definition = match self.database.execution(id) {
            Ok(Some(e)) => serde_json::from_str(&e.definition).unwrap_or(Value::Null),
            Ok(None) => Value::Null,
            Err(e) => return storage_error(e),
        };
        let definition = if definition.is_null() {
            let text = if code24_pipeline::WorkflowKind::of(&record)
                == code24_pipeline::WorkflowKind::Optimize
            {
                code24_local::OPTIMIZE_DEFINITION
            } else {
                code24_local::BUILD_DEFINITION
            };
            serde_json::from_str(text).unwrap_or(Value::Null)
        } else {
            definition
        };
        let events = match self.pool.history(id) {
            Ok(e) => e,
            Err(e) => return storage_error(e),
        };
        let live = self.is_live(id, record.status);
        html_reply(
            200,
            dashboard::execution_page(&record, &definition, &events, live, now),
        )
    }

    /// Whether the execution may still add events: its record is running, or it is in
    /// the pool, or its journal says it runs.
    pub(super) fn is_live(&self, id: &str, status: WorkflowStatus) -> bool {
        status == WorkflowStatus::Running
            || self.pool.is_active(id)
            || self
                .database
                .execution(id)
                .ok()
                .flatten()
                .is_some_and(|e| e.status == "RUNNING")
    }

    pub(super) fn execution_history(&self, id: &str) -> Reply {
        match self.database.execution(id) {
            Ok(Some(_)) => {}
            Ok(None) => return not_found(&format!("execution {id}")),
            Err(e) => return storage_error(e),
        }
        match self.pool.history(id) {
            Ok(events) => json_reply(200, &json!({"events": events})),
            Err(e) => storage_error(e),
        }
    }
}
