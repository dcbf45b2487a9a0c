//! The `code24` command: builds a website from a brief on the embedded ASL engine with
//! local storage, shows workflow status, and runs any state machine offline
//! (`code24 asl run`). Errors end the process with one readable line and a non-zero exit.

/// Writes a line of results to stdout. A closed stdout ends the command with an error
/// instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}"))?
    }};
}

mod asl;
mod audit;
mod dashboard;
mod graph;
mod monitor;
mod optimize;
mod progress;
mod serve;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use code24_domain::Brief;
use code24_local::{default_data_dir, local_services, local_services_and_database};
use code24_local::{BuildOptions, FaultPlan, Workflows};
use code24_pipeline::{status_view, SiteConfig};
use code24_store::WorkflowStatus;
use code24_store_local::SqliteStatusStore;
use serde_json::json;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: the engine allocates many small JSON values; glibc malloc spent over half
/// the time of a state-transition benchmark (callgrind).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "code24",
    version,
    about = "Turn a business brief into a researched, branded, fast, accessible website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a site from a brief with the BuildWorkflow state machine.
    Build(Box<BuildArgs>),
    /// Show a workflow's status.
    Status {
        workflow_id: String,
        /// Print the status object as JSON (the shape of GET /status/{workflowId}).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// What a build would cost on AWS, from its recorded history.
    Cost {
        workflow_id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// A deployed site's versions: list them, or make an earlier one live again.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    /// Check every live site (or one) over HTTP: the page answers 200, is within the
    /// weight budget, and its internal links answer. Records the results; exit 1 and an
    /// ALERT line on stderr for an unhealthy site.
    Monitor {
        #[arg(long)]
        site: Option<String>,
        /// Base URL the sites are served under (`code24 serve` serves them here).
        #[arg(
            long,
            env = "CODE24_SITE_BASE_URL",
            default_value = "http://127.0.0.1:8024/sites"
        )]
        site_base_url: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Audit any page: the SEO, accessibility, best-practice and performance checks that
    /// can be decided from its HTML, CSS and headers (Lighthouse ids). Private, loopback
    /// and metadata addresses are refused.
    Audit {
        url: String,
        /// The site's goal (e.g. online_orders), for the call-to-action audit.
        #[arg(long)]
        primary_goal: Option<String>,
        #[arg(long)]
        json: bool,
        /// Allow 127.0.0.1 and ::1 (local testing); other private addresses stay refused.
        #[arg(long)]
        allow_loopback: bool,
    },
    /// Serve the API, the dashboard and the deployed sites on 127.0.0.1 (workflows run
    /// in this process, on a bounded pool of workers).
    Serve(serve::ServeArgs),
    /// Optimize a live page with the OptimizationWorkflow: audit, benchmark, plan, a
    /// patched copy published as a new version, and an A/B test against the original.
    Optimize(optimize::OptimizeArgs),
    /// Amazon States Language tools.
    Asl {
        #[command(subcommand)]
        command: asl::AslCommand,
    },
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Every published version of a site, and which one is live.
    Versions {
        site_id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Make a published version live again (no version is changed or deleted).
    Rollback {
        site_id: String,
        version: u64,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Args)]
pub struct StoreArgs {
    /// Where status, artifacts and sites are kept [default: $CODE24_HOME or ./.code24]
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    /// A brief as JSON: {"name", "description", "businessType", "primaryGoal"}, and
    /// optionally "language", "location", "contact", "offerings", "links". Flags given
    /// beside it override its fields.
    #[arg(long)]
    brief: Option<PathBuf>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long)]
    business_type: Option<String>,
    #[arg(long)]
    primary_goal: Option<String>,
    /// The site's language: en, fr, de or es [default: en].
    #[arg(long)]
    language: Option<String>,
    /// Where the business is or which area it serves.
    #[arg(long)]
    location: Option<String>,
    /// The phone number visitors call, e.g. "+44 117 496 0000".
    #[arg(long)]
    phone: Option<String>,
    /// The email address visitors write to.
    #[arg(long)]
    email: Option<String>,
    /// The street address, linked to a map on the contact page.
    #[arg(long)]
    address: Option<String>,
    /// Opening hours, as they should read, e.g. "Mon–Sat 8:00–18:00".
    #[arg(long)]
    hours: Option<String>,
    /// Print only the final status object as JSON.
    #[arg(long)]
    json: bool,
    /// Seconds between the elite workers (the ASL Wait states).
    #[arg(long, default_value_t = 0)]
    coordination_delay: u64,
    /// Waits and retry backoffs take no real time.
    #[arg(long)]
    virtual_clock: bool,
    #[command(flatten)]
    urls: UrlArgs,
    /// Rebuild this site (an id an earlier build printed) as a new version of it. Without
    /// it, every build gets a site of its own. Refused if another business owns the site.
    #[arg(long = "site", value_name = "SITE_ID")]
    site_id: Option<String>,
    /// The language model the workers write with: `bedrock:<model-id>` or
    /// `openai:<model>@<base-url>` (key from CODE24_MODEL_API_KEY). Unset: the built-in
    /// deterministic generator.
    #[arg(long, env = "CODE24_MODEL", default_value = "")]
    model: String,
    /// Testing aid: make a step fail, e.g. `Brand=2` (twice, with Code24.TransientError),
    /// `Developer` (always), `Deploy:hang`, `Brand:panic`, `Brand=1:Code24.InvalidInput`.
    /// The grammar is `code24 asl run`'s (`code24_asl::faults`).
    #[arg(
        long = "inject-fault",
        value_name = "STEP[=TIMES][:ERROR|:hang|:panic]"
    )]
    faults: Vec<String>,
    #[command(flatten)]
    store: StoreArgs,
}

/// Where sites and the API are served, for canonical links, analytics and forms.
#[derive(Args)]
pub struct UrlArgs {
    /// Base URL sites are served under, for canonical links.
    #[arg(
        long,
        env = "CODE24_SITE_BASE_URL",
        default_value = "http://127.0.0.1:8024/sites"
    )]
    site_base_url: String,
    /// Base URL of the Code24 API, for analytics and forms.
    #[arg(
        long,
        env = "CODE24_API_BASE_URL",
        default_value = "http://127.0.0.1:8024"
    )]
    api_base_url: String,
}

impl UrlArgs {
    pub fn site_config(&self) -> SiteConfig {
        SiteConfig {
            site_base_url: self.site_base_url.clone(),
            api_base_url: self.api_base_url.clone(),
        }
    }
}

pub(crate) fn data_dir(args: &StoreArgs) -> Result<PathBuf> {
    let dir = args.data_dir.clone().unwrap_or_else(default_data_dir);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create data directory {}", dir.display()))?;
    dir.canonicalize()
        .with_context(|| format!("cannot resolve data directory {}", dir.display()))
}

/// Largest brief file: the body limit of `POST /trigger/build`.
pub(crate) const MAX_BRIEF_FILE_BYTES: usize = code24_api::MAX_BODY_BYTES;
/// Largest state machine definition: Step Functions' 1 MB (1,048,576 bytes) quota.
pub(crate) const MAX_DEFINITION_BYTES: usize = 1024 * 1024;
/// Largest execution input: Step Functions' 256 KiB payload quota.
pub(crate) const MAX_INPUT_BYTES: usize = code24_asl::MAX_PAYLOAD_BYTES;

/// Reads a UTF-8 text file of at most `limit` bytes. Never reads more than `limit + 1`
/// bytes, so `/dev/zero` or a huge file is refused at once, naming the limit.
pub(crate) fn read_file(path: &Path, what: &str, limit: usize) -> Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if bytes.len() > limit {
        bail!(
            "{what} {} is over the limit of {limit} bytes",
            path.display()
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{what} {} is not UTF-8 (at byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn load_brief(args: &BuildArgs) -> Result<Brief> {
    let mut value = match &args.brief {
        Some(path) => {
            code24_domain::json::parse_strict(&read_file(path, "brief file", MAX_BRIEF_FILE_BYTES)?)
                .map_err(|e| {
                    anyhow!(
                        "invalid brief: body: {} is not valid JSON (line {}, column {}): {e}",
                        path.display(),
                        e.line(),
                        e.column()
                    )
                })?
        }
        None => json!({}),
    };
    let Some(obj) = value.as_object_mut() else {
        bail!("invalid brief: body: must be a JSON object");
    };
    for (key, flag) in [
        ("name", &args.name),
        ("description", &args.description),
        ("businessType", &args.business_type),
        ("primaryGoal", &args.primary_goal),
        ("language", &args.language),
        ("location", &args.location),
    ] {
        if let Some(v) = flag {
            obj.insert(key.to_string(), json!(v));
        }
    }
    for (key, flag) in [
        ("phone", &args.phone),
        ("email", &args.email),
        ("address", &args.address),
        ("hours", &args.hours),
    ] {
        let Some(v) = flag else { continue };
        let contact = obj.entry("contact").or_insert_with(|| json!({}));
        match contact.as_object_mut() {
            Some(c) => {
                c.insert(key.to_string(), json!(v));
            }
            None => bail!("invalid brief: contact: must be a JSON object"),
        }
    }
    Ok(Brief::from_value(&value)?)
}

/// The engine's runtime (see `code24_asl::runtime`) with IO enabled, which a model
/// backend's HTTP client needs.
fn build_runtime(virtual_clock: bool) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(virtual_clock)
        .build()
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let brief = load_brief(&args)?;
    let mut faults = FaultPlan::none();
    for spec in &args.faults {
        faults = faults.parse_into(spec).map_err(|e| anyhow!(e))?;
    }
    let dir = data_dir(&args.store)?;
    let config = args.urls.site_config();
    let runtime = build_runtime(args.virtual_clock)?;
    if !args.model.trim().is_empty() && args.virtual_clock {
        bail!("--virtual-clock cannot be used with --model: a model answers in real time");
    }
    let api_key = std::env::var("CODE24_MODEL_API_KEY").ok();
    let model = runtime.block_on(code24_model::backend_from_setting(
        &args.model,
        api_key,
        code24_model::RetryPolicy::default(),
    ))?;
    let (mut services, journal) = local_services_and_database(&dir, config)?;
    services.model = model;
    let workflows = Workflows::new(services, faults)?.with_journal(journal);
    let progress = (!args.json).then(progress::Progress::new);
    let options = BuildOptions {
        workflow_id: None,
        coordination_delay_seconds: Some(args.coordination_delay),
        observer: progress.as_ref().map(|p| p.observer()),
        site_id: args.site_id.clone(),
    };
    let started = std::time::Instant::now();
    let record = runtime.block_on(async {
        let (id, input) = workflows.start_build(&brief, &options).await?;
        if let Some(p) = &progress {
            p.started(&brief.name, &id);
        }
        let (record, _) = workflows.run_build(&id, input, &options).await?;
        Ok::<_, anyhow::Error>(record)
    })?;
    let view = status_view(&record);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        progress::summary(&view, started.elapsed());
    }
    Ok(if record.status == WorkflowStatus::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn status(workflow_id: &str, json_out: bool, store: &StoreArgs) -> Result<ExitCode> {
    let dir = data_dir(store)?;
    let services = local_services(&dir, SiteConfig::default())?;
    let runtime = code24_asl::runtime(false)?;
    let record = runtime
        .block_on(services.status.get(workflow_id))?
        .ok_or_else(|| anyhow!("no workflow with id '{workflow_id}' in {}", dir.display()))?;
    let view = status_view(&record);
    if json_out {
        out!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        progress::describe(&view);
    }
    Ok(ExitCode::SUCCESS)
}

fn site(command: SiteCommand) -> Result<ExitCode> {
    use code24_store::SiteStore as _;
    let runtime = code24_asl::runtime(false)?;
    match command {
        SiteCommand::Versions {
            site_id,
            json,
            store,
        } => {
            let sites = code24_store_local::FsSiteStore::new(data_dir(&store)?.join("sites"));
            let versions = runtime.block_on(sites.versions(&site_id))?;
            if versions.is_empty() {
                bail!("no published versions of site '{site_id}'");
            }
            let live = runtime.block_on(sites.live_version(&site_id))?;
            if json {
                out!(
                    "{}",
                    json!({"siteId": site_id, "versions": versions, "live": live})
                );
            } else {
                for v in versions {
                    let marker = if Some(v) == live { "  (live)" } else { "" };
                    out!("{v}{marker}");
                }
            }
        }
        SiteCommand::Rollback {
            site_id,
            version,
            store,
        } => {
            let sites = code24_store_local::FsSiteStore::new(data_dir(&store)?.join("sites"));
            runtime
                .block_on(sites.rollback(&site_id, version))
                .map_err(|e| match e {
                    code24_store::StoreError::NotFound(_) => {
                        anyhow!("site '{site_id}' has no version {version}")
                    }
                    other => anyhow!(other),
                })?;
            out!("version {version} of {site_id} is live");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cost(workflow_id: &str, json_out: bool, store: &StoreArgs) -> Result<ExitCode> {
    let dir = data_dir(store)?;
    let db = SqliteStatusStore::open(&dir.join("status.db"))?;
    if db.execution(workflow_id)?.is_none() {
        bail!("no recorded execution '{workflow_id}' in {}", dir.display());
    }
    let report = code24_local::cost::estimate(&db.execution_events(workflow_id)?);
    if json_out {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for l in &report.lines {
            out!(
                "{:<34} {:>12.3} {:<20} ${:.8}",
                l.item,
                l.quantity,
                l.unit,
                l.usd
            );
        }
        out!(
            "{:<34} {:>12} {:<20} ${:.8}",
            "Total",
            "",
            "",
            report.total_usd
        );
        out!("Prices: {}", report.prices_as_of);
    }
    Ok(ExitCode::SUCCESS)
}

/// Transparent huge pages off for this process, before anything allocates. mimalloc
/// asks for huge pages on its arena, so the kernel zeroed 2 MiB for each fresh region a
/// short command touched: 44% of a one-state `asl run` and a quarter of a 1,000-item
/// Map's was `clear_page`, most of it before `main` (the runtime's first allocation).
/// A numbered `.init_array` entry runs before the unnumbered constructors, mimalloc's
/// among them; the kernel checks the flag at each page fault.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array.00101"]
static DISABLE_TRANSPARENT_HUGE_PAGES: extern "C" fn() = {
    extern "C" fn disable() {
        // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
    disable
};

fn main() -> ExitCode {
    // mimalloc keeps freed memory committed for a while by default; returning it to the
    // OS soon keeps a 10,000-item Map at about 30 MB instead of 41 MB (bench/asl_run_vs_moto.py).
    // SAFETY: mi_option_set only stores an option value; it is called before any thread
    // of ours starts.
    // The option numbers are those of `mi_option_e` in mimalloc 3's mimalloc.h, which
    // libmimalloc-sys 0.1.49 builds but does not name.
    const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(*args),
        Command::Status {
            workflow_id,
            json,
            store,
        } => status(&workflow_id, json, &store),
        Command::Asl { command } => asl::run(command),
        Command::Monitor {
            site,
            site_base_url,
            json,
            store,
        } => data_dir(&store)
            .and_then(|dir| monitor::run(&dir, site.as_deref(), &site_base_url, json)),
        Command::Audit {
            url,
            primary_goal,
            json,
            allow_loopback,
        } => audit::run(&url, primary_goal.as_deref(), json, allow_loopback),
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::Optimize(args) => optimize::run(args),
        Command::Site { command } => site(command),
        Command::Cost {
            workflow_id,
            json,
            store,
        } => cost(&workflow_id, json, &store),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", error_line(&e));
            ExitCode::from(2)
        }
    }
}

/// One readable line for an error: its message, then each cause that the text so far
/// does not already say (errors that print their source would otherwise repeat it).
fn error_line(e: &anyhow::Error) -> String {
    let mut line = format!("error: {e}");
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line.replace('\n', " ")
}

#[cfg(test)]
mod error_line_tests {
    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::other("database or disk is full");
        let e = anyhow::Error::new(io).context("cannot save: database or disk is full");
        assert_eq!(
            super::error_line(&e),
            "error: cannot save: database or disk is full"
        );
        let e = anyhow::Error::new(std::io::Error::other("No such file")).context("cannot read x");
        assert_eq!(super::error_line(&e), "error: cannot read x: No such file");
    }
}
