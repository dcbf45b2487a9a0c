//! The deployable layout agrees with itself: every step has a Lambda binary under
//! `functions/` named as the state machine's substitutions expect.

use code24_pipeline::Step;
use std::path::Path;

/// Every optimization step has a sample event carrying the request, the site id and the
/// artifacts of the steps before it, in the state machine's order.
#[test]
fn optimization_step_events_carry_what_each_step_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut seen = 0;
    for step in Step::OPTIMIZE.into_iter().filter(|s| s.is_optimization()) {
        let name = step
            .function_name()
            .trim_start_matches("code24-")
            .to_string();
        let text = std::fs::read_to_string(root.join("events").join(format!("{name}.json")))
            .unwrap_or_else(|_| panic!("no events/{name}.json"));
        let event: serde_json::Value = serde_json::from_str(&text).unwrap();
        let request =
            code24_domain::optimization::optimize::OptimizeRequest::from_value(&event["request"]);
        assert!(request.is_ok(), "{name}: {request:?}");
        assert_eq!(
            event["artifacts"].as_object().unwrap().len(),
            seen,
            "{name}"
        );
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn every_step_has_a_function_binary_with_its_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for step in Step::ALL {
        let dir_name = step
            .function_name()
            .trim_start_matches("code24-")
            .to_string();
        let manifest = root.join("functions").join(&dir_name).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap_or_else(|_| panic!("no {}", manifest.display()));
        assert!(
            text.contains(&format!("name = \"{}\"", step.function_name())),
            "{} is not named {}",
            manifest.display(),
            step.function_name()
        );
        let main =
            std::fs::read_to_string(root.join("functions").join(&dir_name).join("src/main.rs"))
                .unwrap();
        assert!(
            main.contains(&format!("Step::{}", step.name())),
            "{dir_name} runs another step"
        );
    }
}

/// The sample events in `events/` drive the real handlers: run in pipeline order against
/// a fresh local store, every step event succeeds (each reads what the previous wrote).
#[test]
fn sample_step_events_run_through_the_handlers_in_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    let services =
        code24_local::local_services(dir.path(), code24_pipeline::SiteConfig::default()).unwrap();
    let rt = code24_asl::runtime(false).unwrap();
    rt.block_on(async {
        let event = |step: Step| -> serde_json::Value {
            let name = step
                .function_name()
                .trim_start_matches("code24-")
                .to_string();
            let path = root.join("events").join(format!("{name}.json"));
            serde_json::from_str(
                &std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no {}", path.display())),
            )
            .unwrap()
        };
        let first = event(Step::MarketResearch);
        let record = code24_store::WorkflowRecord {
            workflow_id: first["workflowId"].as_str().unwrap().into(),
            workflow_type: "build".into(),
            status: code24_store::WorkflowStatus::Running,
            current_step: None,
            created_at: "2026-11-25T20:00:00.000Z".into(),
            updated_at: "2026-11-25T20:00:00.000Z".into(),
            input: first["brief"].clone(),
            output: serde_json::json!({}),
            error: None,
        };
        services.status.create(&record).await.unwrap();
        for step in Step::BUILD
            .into_iter()
            .filter(|s| *s != Step::RecordFailure)
        {
            let out = code24_pipeline::handle(step, &services, event(step)).await;
            assert!(out.is_ok(), "{step}: {:?}", out.err());
        }
        let done = services
            .status
            .get(&record.workflow_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(done.status, code24_store::WorkflowStatus::Completed);
        // RecordFailure on a finished workflow changes nothing.
        let out =
            code24_pipeline::handle(Step::RecordFailure, &services, event(Step::RecordFailure))
                .await
                .unwrap();
        assert_eq!(out["recorded"], false);
    });
    for api_event in [
        "api-trigger-build.json",
        "api-status.json",
        "api-trigger-build-invalid.json",
        "status-sync-timed-out.json",
        "api-trigger-optimize.json",
    ] {
        let text = std::fs::read_to_string(root.join("events").join(api_event)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v.is_object(), "{api_event}");
    }
}

/// CloudFront serves the sites with the same sandbox as `code24 serve`.
#[test]
fn the_deployed_sites_carry_the_same_sandbox_as_the_local_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let template = std::fs::read_to_string(root.join("template.yaml")).unwrap();
    let policy = template
        .lines()
        .find_map(|l| l.trim().strip_prefix("ContentSecurityPolicy: \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("template.yaml has a ContentSecurityPolicy for the sites");
    assert_eq!(policy, code24_domain::site::SITE_CSP);
    assert!(!policy.contains("allow-same-origin"));
    assert!(template.contains("ResponseHeadersPolicyId: !Ref SiteHeaders"));
}

/// What a Lambda links is the pipeline and its AWS adapters, never the local runtime: no
/// function's dependency tree (normal dependencies, as `cargo lambda build` sees them)
/// holds the embedded ASL engine, SQLite or the crates built on them. The `code24` CLI's
/// tree, which must hold them, shows the check sees what it looks for.
#[test]
fn no_lambda_links_the_local_runtime() {
    const LOCAL_ONLY: [&str; 5] = [
        "code24-asl",
        "code24-local",
        "code24-store-local",
        "rusqlite",
        "libsqlite3-sys",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut packages = Vec::new();
    for entry in std::fs::read_dir(root.join("functions")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .and_then(|l| l.strip_suffix('"'))
                .unwrap_or_else(|| panic!("{} has no name", manifest.display()))
                .to_string();
            packages.push(name);
        }
    }
    packages.sort();
    assert!(packages.len() >= 18, "{packages:?}");
    packages.push("code24-cli".into());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command.current_dir(&root).args([
        "tree",
        "--offline",
        "--locked",
        "-e",
        "normal",
        "--prefix",
        "depth",
    ]);
    for package in &packages {
        command.args(["-p", package]);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Each root is a line at depth 0; the lines after it, to the next root, are its tree.
    let mut trees: Vec<(String, Vec<String>)> = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let depth_end = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        let name = line[depth_end..]
            .split(' ')
            .next()
            .unwrap_or("")
            .to_string();
        if &line[..depth_end] == "0" {
            trees.push((name, Vec::new()));
        } else if let Some((_, deps)) = trees.last_mut() {
            deps.push(name);
        }
    }
    let mut roots: Vec<String> = trees.iter().map(|(r, _)| r.clone()).collect();
    roots.sort();
    packages.sort();
    assert_eq!(roots, packages, "one tree per package");
    for (package, deps) in &trees {
        let local: Vec<&str> = LOCAL_ONLY
            .into_iter()
            .filter(|l| deps.iter().any(|d| d == l))
            .collect();
        if package == "code24-cli" {
            assert_eq!(local, LOCAL_ONLY, "the CLI runs locally");
        } else {
            assert!(
                deps.iter().any(|d| d == "code24-lambda"),
                "{package} is not a thin binary over code24-lambda"
            );
            assert!(local.is_empty(), "{package} links {local:?}");
        }
    }
}

/// The artifact names in the state machines are the pipeline's: each Task's result lands
/// under `$.artifacts.{key}` of the artifact its step writes (for the Parallel's
/// branches, through the Parallel's ResultSelector), every `$.artifacts.X` the
/// definitions mention is an [`Artifact`], and each workflow writes exactly its own set.
#[test]
fn the_state_machines_name_artifacts_as_the_pipeline_does() {
    use code24_pipeline::Artifact;
    use serde_json::Value;

    /// Every (step, artifact key) a definition gives a Task's result.
    fn results(states: &Value, parallel_keys: Option<&[String]>, found: &mut Vec<(Step, String)>) {
        for state in states.as_object().unwrap().values() {
            match state["Type"].as_str() {
                Some("Task") => {
                    let function = state["Parameters"]["FunctionName"].as_str().unwrap_or("");
                    let name = function
                        .trim_start_matches("${")
                        .trim_end_matches("FunctionArn}");
                    let step = Step::from_name(name)
                        .unwrap_or_else(|| panic!("a Task invokes {function}"));
                    let key = match state["ResultPath"].as_str() {
                        Some(path) => path.strip_prefix("$.artifacts.").map(str::to_string),
                        None => parallel_keys.map(|keys| {
                            assert_eq!(keys.len(), 1, "{name}: one key per branch");
                            keys[0].clone()
                        }),
                    };
                    if let Some(key) = key {
                        found.push((step, key));
                    }
                }
                Some("Parallel") => {
                    let selector = state["ResultSelector"].as_object().unwrap();
                    for (i, branch) in state["Branches"].as_array().unwrap().iter().enumerate() {
                        let keys: Vec<String> = selector
                            .iter()
                            .filter(|(_, v)| v.as_str() == Some(&format!("$[{i}]")))
                            .map(|(k, _)| k.trim_end_matches(".$").to_string())
                            .collect();
                        results(&branch["States"], Some(&keys), found);
                    }
                }
                _ => {}
            }
        }
    }
    fn mentioned(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => {
                if let Some(rest) = s.strip_prefix("$.artifacts.") {
                    out.push(rest.split('.').next().unwrap().to_string());
                }
            }
            Value::Array(items) => items.iter().for_each(|v| mentioned(v, out)),
            Value::Object(map) => map.values().for_each(|v| mentioned(v, out)),
            _ => {}
        }
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (file, expected) in [
        ("build.asl.json", &Artifact::BUILD[..]),
        ("optimize.asl.json", &Artifact::OPTIMIZE[..]),
    ] {
        let text = std::fs::read_to_string(root.join("infra/statemachines").join(file)).unwrap();
        let definition: Value = serde_json::from_str(&text).unwrap();
        let mut found = Vec::new();
        results(&definition["States"], None, &mut found);
        for (step, key) in &found {
            let artifact = Artifact::from_key(key).unwrap_or_else(|| {
                panic!("{file}: {step} writes $.artifacts.{key}, not an Artifact")
            });
            assert_eq!(artifact.written_by(), *step, "{file}: $.artifacts.{key}");
        }
        let written: Vec<Artifact> = found
            .iter()
            .filter_map(|(_, key)| Artifact::from_key(key))
            .collect();
        assert_eq!(written.len(), expected.len(), "{file}: {found:?}");
        for artifact in expected {
            assert!(
                written.contains(artifact),
                "{file} never writes {artifact:?}"
            );
        }
        let mut names = Vec::new();
        mentioned(&definition, &mut names);
        assert!(names.len() >= expected.len(), "{file}: {names:?}");
        for name in names {
            assert!(
                Artifact::from_key(&name).is_some(),
                "{file} mentions $.artifacts.{name}"
            );
        }
    }
}

/// `template.yaml` deploys one binary, `functions/all`, as every function: each
/// `AWS::Serverless::Function` builds `code24-functions` and names itself by its
/// `Handler`, every Handler is a [`code24_lambda::Function`], and every Function is
/// deployed once. Each one also has its own binary of the same name for
/// `cargo lambda watch`, which runs a binary per function name.
#[test]
fn the_template_deploys_the_one_binary_as_every_function() {
    use code24_lambda::Function;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let template = std::fs::read_to_string(root.join("template.yaml")).unwrap();
    // Resources are the two-space-indented keys; a function's lines follow its key.
    let mut functions: Vec<(String, Vec<&str>)> = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in template.lines() {
        let top = line.len() > 2 && line.starts_with("  ") && !line.starts_with("   ");
        if top || (!line.starts_with(' ') && !line.is_empty()) {
            if let Some(done) = current.take() {
                functions.push(done);
            }
            if top {
                current = Some((line.trim().trim_end_matches(':').to_string(), Vec::new()));
            }
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line.trim());
        }
    }
    functions.extend(current);
    functions.retain(|(_, lines)| lines.contains(&"Type: AWS::Serverless::Function"));
    let value = |lines: &[&str], key: &str| -> Option<String> {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    let mut handlers = Vec::new();
    for (resource, lines) in &functions {
        assert_eq!(
            value(lines, "Binary:").as_deref(),
            Some("code24-functions"),
            "{resource}"
        );
        let handler =
            value(lines, "Handler:").unwrap_or_else(|| panic!("{resource} has no Handler"));
        assert!(
            Function::from_name(&handler).is_some(),
            "{resource}'s Handler {handler} is no function"
        );
        handlers.push(handler);
    }
    handlers.sort();
    let mut names: Vec<String> = Function::all().into_iter().map(Function::name).collect();
    names.sort();
    assert_eq!(handlers, names, "each function deployed once");
    for name in names {
        let dir = root
            .join("functions")
            .join(name.trim_start_matches("code24-"));
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
            .unwrap_or_else(|_| panic!("no binary for {name} under cargo lambda watch"));
        // The binary's name: the package's, or a [[bin]]'s (the api's package is
        // code24-api-function, beside the code24-api crate).
        assert!(manifest.contains(&format!("name = \"{name}\"")), "{name}");
    }
}
