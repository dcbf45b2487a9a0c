//! The state machine graph of the dashboard: an ASL definition laid out in layers (each
//! state one layer below the furthest state that leads to it, as the Step Functions
//! console draws it), Parallel and Map states as boxes holding their branches, and the
//! whole drawn as SVG with each state coloured by its status in an execution's history.
//!
//! Pure: a definition and a history in, SVG text out.

use code24_asl::HistoryEvent;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

const NODE_W: i64 = 180;
const NODE_H: i64 = 36;
const GAP_X: i64 = 24;
const GAP_Y: i64 = 34;
const PAD: i64 = 14;
const TITLE_H: i64 = 26;

/// Where a state stands in an execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateStatus {
    NotStarted,
    Running,
    Succeeded,
    /// It failed; the execution may have caught that and gone on.
    Failed,
}

impl StateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StateStatus::NotStarted => "not-started",
            StateStatus::Running => "running",
            StateStatus::Succeeded => "succeeded",
            StateStatus::Failed => "failed",
        }
    }
}

/// What one state did in an execution.
#[derive(Debug, Clone, PartialEq)]
pub struct StateRun {
    pub status: StateStatus,
    /// Milliseconds from entering to leaving it (to now, or the end, if it never left).
    pub duration_ms: Option<i64>,
    /// Task attempts beyond the first.
    pub retries: u32,
    /// The last error it raised, if any.
    pub error: Option<String>,
}

/// The status, timing, retries and errors of each state an execution entered.
pub fn state_runs(events: &[HistoryEvent], ended: bool) -> HashMap<String, StateRun> {
    let mut runs: HashMap<String, StateRun> = HashMap::new();
    let mut entered = HashMap::new();
    let last = events.last().map(|e| e.timestamp);
    for e in events {
        let Some(name) = &e.state_name else { continue };
        let run = runs.entry(name.clone()).or_insert(StateRun {
            status: StateStatus::Running,
            duration_ms: None,
            retries: 0,
            error: None,
        });
        let kind = e.event_type.as_str();
        if kind.ends_with("StateEntered") {
            entered.insert(name.clone(), e.timestamp);
            run.status = StateStatus::Running;
        } else if kind.ends_with("StateExited") {
            run.status = StateStatus::Succeeded;
            if let Some(start) = entered.get(name) {
                run.duration_ms = Some((e.timestamp - *start).num_milliseconds());
            }
        } else if kind == "TaskScheduled" {
            if run.duration_ms.is_none() && run.error.is_some() {
                run.retries += 1;
            }
        } else if kind.ends_with("Failed") || kind.ends_with("TimedOut") {
            let error = e.details.value()["error"]
                .as_str()
                .unwrap_or(kind)
                .to_string();
            run.error = Some(error);
        }
    }
    for (name, run) in runs.iter_mut() {
        if run.status == StateStatus::Running {
            if let (Some(start), Some(end)) = (entered.get(name), last) {
                run.duration_ms = Some((end - *start).num_milliseconds());
            }
            // It never left: either the execution is still in it, or it failed there
            // (a caught error moves on without leaving the state).
            if ended || run.error.is_some() && !is_current(events, name) {
                run.status = StateStatus::Failed;
            }
        }
    }
    runs
}

/// Whether `name` is the state the most recent StateEntered event entered.
fn is_current(events: &[HistoryEvent], name: &str) -> bool {
    events
        .iter()
        .rev()
        .find(|e| e.event_type.ends_with("StateEntered"))
        .and_then(|e| e.state_name.as_deref())
        == Some(name)
}

#[derive(Debug, Clone)]
struct Node {
    name: String,
    kind: String,
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    container: bool,
}

#[derive(Debug, Clone)]
struct Edge {
    from: (i64, i64),
    to: (i64, i64),
    catch: bool,
}

#[derive(Debug, Default)]
struct Layout {
    w: i64,
    h: i64,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl Layout {
    fn shifted(mut self, dx: i64, dy: i64) -> Layout {
        for n in &mut self.nodes {
            n.x += dx;
            n.y += dy;
        }
        for e in &mut self.edges {
            e.from = (e.from.0 + dx, e.from.1 + dy);
            e.to = (e.to.0 + dx, e.to.1 + dy);
        }
        self
    }
}

/// The states a state leads to: (target, via a Catch).
fn successors(state: &Value) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut push = |v: &Value, catch: bool| {
        if let Some(n) = v.as_str() {
            if !out.iter().any(|(m, _): &(String, bool)| m == n) {
                out.push((n.to_string(), catch));
            }
        }
    };
    push(&state["Next"], false);
    for c in state["Choices"].as_array().into_iter().flatten() {
        push(&c["Next"], false);
    }
    push(&state["Default"], false);
    for c in state["Catch"].as_array().into_iter().flatten() {
        push(&c["Next"], true);
    }
    out
}

/// The edges that close a loop: from a state to one on the depth-first path to it.
fn back_edges(edges: &[Vec<usize>]) -> std::collections::HashSet<(usize, usize)> {
    let mut back = std::collections::HashSet::new();
    // 0: unvisited, 1: on the path, 2: done.
    let mut mark = vec![0u8; edges.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    if !edges.is_empty() {
        stack.push((0, 0));
        mark[0] = 1;
    }
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(&target) = edges[node].get(*next) {
            *next += 1;
            match mark[target] {
                0 => {
                    mark[target] = 1;
                    stack.push((target, 0));
                }
                1 => {
                    back.insert((node, target));
                }
                _ => {}
            }
        } else {
            mark[node] = 2;
            stack.pop();
        }
    }
    back
}

/// Lays out one state list (a machine, a branch or an item processor).
fn layout_states(machine: &Value) -> Layout {
    let states = match machine["States"].as_object() {
        Some(s) => s,
        None => return Layout::default(),
    };
    let Some(start) = machine["StartAt"].as_str() else {
        return Layout::default();
    };
    // Discovery order (normal transitions before catches) fixes the order within a layer.
    let mut order: Vec<String> = Vec::new();
    let mut queue = VecDeque::from([start.to_string()]);
    while let Some(name) = queue.pop_front() {
        if order.contains(&name) || !states.contains_key(&name) {
            continue;
        }
        let next = successors(&states[&name]);
        order.push(name);
        let (normal, catches): (Vec<_>, Vec<_>) = next.into_iter().partition(|(_, c)| !c);
        queue.extend(normal.into_iter().chain(catches).map(|(n, _)| n));
    }
    // Longest-path layers; an edge back to a state on the current depth-first path is a
    // loop and does not push its target down.
    let index: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = order
        .iter()
        .map(|name| {
            successors(&states[name])
                .iter()
                .filter_map(|(n, _)| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let back = back_edges(&edges);
    let mut layer = vec![0usize; order.len()];
    for _ in 0..order.len() {
        let mut changed = false;
        for (i, targets) in edges.iter().enumerate() {
            for &j in targets {
                if !back.contains(&(i, j)) && layer[j] < layer[i] + 1 {
                    layer[j] = layer[i] + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Each state's box, with the branches of Parallel and Map states inside.
    let mut boxes: Vec<(Node, Layout)> = order
        .iter()
        .map(|name| {
            let state = &states[name];
            let kind = state["Type"].as_str().unwrap_or("State").to_string();
            let inner: Vec<Layout> = match kind.as_str() {
                "Parallel" => state["Branches"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(layout_states)
                    .collect(),
                "Map" => {
                    let processor = if state["ItemProcessor"].is_object() {
                        &state["ItemProcessor"]
                    } else {
                        &state["Iterator"]
                    };
                    vec![layout_states(processor)]
                }
                _ => Vec::new(),
            };
            if inner.is_empty() {
                let node = Node {
                    name: name.clone(),
                    kind,
                    x: 0,
                    y: 0,
                    w: NODE_W.max(name.chars().count() as i64 * 7 + 28),
                    h: NODE_H,
                    container: false,
                };
                return (node, Layout::default());
            }
            let mut content = Layout::default();
            let mut x = PAD;
            for branch in inner {
                let (bw, bh) = (branch.w, branch.h);
                let placed = branch.shifted(x, TITLE_H + PAD);
                content.nodes.extend(placed.nodes);
                content.edges.extend(placed.edges);
                x += bw + GAP_X;
                content.h = content.h.max(bh);
            }
            let w = (x - GAP_X + PAD).max(NODE_W);
            let h = TITLE_H + PAD + content.h + PAD;
            let node = Node {
                name: name.clone(),
                kind,
                x: 0,
                y: 0,
                w,
                h,
                container: true,
            };
            (node, content)
        })
        .collect();
    let layers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut out = Layout::default();
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, l) in layer.iter().enumerate() {
        rows[*l].push(i);
    }
    let row_w = |row: &Vec<usize>, boxes: &Vec<(Node, Layout)>| -> i64 {
        row.iter().map(|&i| boxes[i].0.w).sum::<i64>() + GAP_X * (row.len() as i64 - 1).max(0)
    };
    let width = rows.iter().map(|r| row_w(r, &boxes)).max().unwrap_or(0);
    let mut y = 0;
    for row in &rows {
        let row_h = row.iter().map(|&i| boxes[i].0.h).max().unwrap_or(0);
        let mut x = (width - row_w(row, &boxes)) / 2;
        for &i in row {
            let (node, _) = &mut boxes[i];
            node.x = x;
            node.y = y;
            x += node.w + GAP_X;
        }
        y += row_h + GAP_Y;
    }
    out.w = width;
    out.h = (y - GAP_Y).max(0);
    let position: HashMap<String, (i64, i64, i64, i64)> = boxes
        .iter()
        .map(|(n, _)| (n.name.clone(), (n.x, n.y, n.w, n.h)))
        .collect();
    for (node, _) in &boxes {
        for (next, catch) in successors(&states[&node.name]) {
            if let Some(&(x, y, w, _)) = position.get(&next) {
                out.edges.push(Edge {
                    from: (node.x + node.w / 2, node.y + node.h),
                    to: (x + w / 2, y),
                    catch,
                });
            }
        }
    }
    for (node, content) in boxes {
        let (dx, dy) = (node.x, node.y);
        out.nodes.push(node);
        let inner = content.shifted(dx, dy);
        out.nodes.extend(inner.nodes);
        out.edges.extend(inner.edges);
    }
    out
}

fn escape(text: &str) -> String {
    code24_domain::text::escape_html(text)
}

/// The definition drawn as SVG, each state's `<g>` carrying `data-state` and
/// `data-status` (and a class for its colour) from `runs`.
pub fn svg(definition: &Value, runs: &HashMap<String, StateRun>, label: &str) -> String {
    let layout = layout_states(definition).shifted(PAD, PAD);
    let (w, h) = (layout.w + 2 * PAD, layout.h + 2 * PAD);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="graph" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    out.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 10 5 0 10z" fill="#5b6470"/></marker></defs>"##);
    // Edges first, so the states are drawn over them; containers before the states
    // inside them.
    for e in &layout.edges {
        let mid = (e.from.1 + e.to.1) / 2;
        let _ = write!(
            out,
            r#"<path class="edge{}" d="M{} {} C{} {mid} {} {mid} {} {}" marker-end="url(#arrow)"/>"#,
            if e.catch { " catch" } else { "" },
            e.from.0,
            e.from.1,
            e.from.0,
            e.to.0,
            e.to.0,
            e.to.1,
        );
    }
    let mut nodes = layout.nodes.clone();
    nodes.sort_by_key(|n| !n.container);
    for node in &nodes {
        let run = runs.get(&node.name);
        let status = run.map_or(StateStatus::NotStarted, |r| r.status);
        let mut title = format!("{} ({}): {}", node.name, node.kind, status.as_str());
        if let Some(ms) = run.and_then(|r| r.duration_ms) {
            let _ = write!(title, ", {ms} ms");
        }
        if let Some(r) = run.filter(|r| r.retries > 0) {
            let _ = write!(title, ", retries: {}", r.retries);
        }
        if let Some(e) = run.and_then(|r| r.error.as_deref()) {
            let _ = write!(title, ", error {e}");
        }
        let _ = write!(
            out,
            r#"<g class="state {} {}" data-state="{}" data-status="{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6"/>"#,
            status.as_str(),
            if node.container { "container" } else { "task" },
            escape(&node.name),
            status.as_str(),
            escape(&title),
            node.x,
            node.y,
            node.w,
            node.h,
        );
        let (tx, ty) = if node.container {
            (node.x + 10, node.y + 17)
        } else {
            (node.x + node.w / 2, node.y + node.h / 2 + 5)
        };
        let anchor = if node.container { "start" } else { "middle" };
        let _ = write!(
            out,
            r#"<text x="{tx}" y="{ty}" text-anchor="{anchor}">{}</text></g>"#,
            escape(&node.name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(id: u64, kind: &str, state: Option<&str>, ms: i64, details: Value) -> HistoryEvent {
        HistoryEvent {
            id,
            previous_event_id: id - 1,
            timestamp: chrono::DateTime::from_timestamp_millis(1_700_000_000_000 + ms).unwrap(),
            event_type: kind.to_string(),
            state_name: state.map(str::to_string),
            details: details.into(),
        }
    }

    #[test]
    fn the_build_workflow_is_drawn_with_every_state_once_and_branches_inside_the_parallel() {
        let definition: Value = serde_json::from_str(code24_local::BUILD_DEFINITION).unwrap();
        let layout = layout_states(&definition);
        let names: Vec<&str> = layout.nodes.iter().map(|n| n.name.as_str()).collect();
        for name in [
            "PrepareInput",
            "MarketResearch",
            "Brand",
            "Deploy",
            "BuildFailed",
        ] {
            assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name}");
        }
        let find = |n: &str| layout.nodes.iter().find(|x| x.name == n).unwrap();
        let parallel = find("MarketIntelligence");
        assert!(parallel.container);
        for branch in ["MarketResearch", "CompetitiveAnalysis"] {
            let b = find(branch);
            assert!(
                b.x >= parallel.x && b.x + b.w <= parallel.x + parallel.w,
                "{branch}"
            );
            assert!(
                b.y > parallel.y && b.y + b.h <= parallel.y + parallel.h,
                "{branch}"
            );
        }
        // Every transition goes down the page: the states are in order.
        assert!(find("Brand").y > parallel.y + parallel.h);
        assert!(find("Designer").y > find("Brand").y);
        assert!(find("RecordFailure").y > find("RecordResult").y);
        // No two boxes of one layer overlap.
        for a in layout.nodes.iter().filter(|n| !n.container) {
            for b in layout
                .nodes
                .iter()
                .filter(|n| !n.container && n.name != a.name)
            {
                let apart =
                    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{} overlaps {}", a.name, b.name);
            }
        }
        assert!(layout.edges.iter().any(|e| e.catch));
    }

    #[test]
    fn a_loop_back_to_an_earlier_state_keeps_it_above() {
        let definition = json!({"StartAt": "Poll", "States": {
            "Poll": {"Type": "Task", "Resource": "arn:x", "Next": "Done?"},
            "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "Finish"}], "Default": "Wait"},
            "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Poll"},
            "Finish": {"Type": "Succeed"}}});
        let layout = layout_states(&definition);
        let y = |n: &str| layout.nodes.iter().find(|x| x.name == n).unwrap().y;
        assert!(y("Poll") < y("Done?") && y("Done?") < y("Wait"));
        assert_eq!(layout.edges.len(), 4);
    }

    #[test]
    fn a_state_that_was_retried_then_caught_is_failed_and_the_one_after_it_running() {
        let events = vec![
            event(1, "ExecutionStarted", None, 0, json!({})),
            event(2, "TaskStateEntered", Some("Brand"), 10, json!({})),
            event(3, "TaskScheduled", Some("Brand"), 11, json!({})),
            event(
                4,
                "TaskFailed",
                Some("Brand"),
                20,
                json!({"error": "Code24.TransientError"}),
            ),
            event(5, "TaskScheduled", Some("Brand"), 40, json!({})),
            event(
                6,
                "TaskFailed",
                Some("Brand"),
                50,
                json!({"error": "Code24.TransientError"}),
            ),
            event(7, "PassStateEntered", Some("BrandFailed"), 60, json!({})),
            event(8, "PassStateExited", Some("BrandFailed"), 61, json!({})),
            event(9, "TaskStateEntered", Some("RecordFailure"), 62, json!({})),
        ];
        let runs = state_runs(&events, false);
        assert_eq!(runs["Brand"].status, StateStatus::Failed);
        assert_eq!(runs["Brand"].retries, 1);
        assert_eq!(
            runs["Brand"].error.as_deref(),
            Some("Code24.TransientError")
        );
        assert_eq!(runs["BrandFailed"].status, StateStatus::Succeeded);
        assert_eq!(runs["BrandFailed"].duration_ms, Some(1));
        assert_eq!(runs["RecordFailure"].status, StateStatus::Running);
        assert!(!runs.contains_key("Designer"));
        let definition: Value = serde_json::from_str(code24_local::BUILD_DEFINITION).unwrap();
        let svg = svg(&definition, &runs, "BuildWorkflow");
        assert!(svg.contains(r#"data-state="Brand" data-status="failed""#));
        assert!(svg.contains(r#"data-state="RecordFailure" data-status="running""#));
        assert!(svg.contains(r#"data-state="Designer" data-status="not-started""#));
        assert!(svg.contains("retries: 1, error Code24.TransientError"));
        // Once the execution ended, nothing is still running.
        assert_eq!(
            state_runs(&events, true)["RecordFailure"].status,
            StateStatus::Failed
        );
    }
}
