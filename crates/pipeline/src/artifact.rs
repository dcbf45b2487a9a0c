//! The artifacts the steps write and read: one name per artifact, used for the key under
//! `$.artifacts` in both state machines (each Task's `ResultPath`) and for the file in the
//! artifact store (`workflows/{id}/{file}.json`). Payloads carry only the key and a small
//! summary; a step loads what it needs by [`Artifact`].
//!
//! Invariant: every `$.artifacts.{name}` in `infra/statemachines/*.asl.json` is one of
//! these, written by the step [`Artifact::written_by`] names (`tests/tests/layout.rs`).

use crate::steps::Step;

/// One artifact of a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Artifact {
    MarketResearch,
    CompetitiveAnalysis,
    MarketIntelligence,
    Brand,
    Design,
    Site,
    Deployment,
    Analytics,
    SiteAnalysis,
    Benchmark,
    Plan,
    Implementation,
    Monitoring,
}

impl Artifact {
    /// The BuildWorkflow's artifacts, in the order they are written.
    pub const BUILD: [Artifact; 8] = [
        Artifact::MarketResearch,
        Artifact::CompetitiveAnalysis,
        Artifact::MarketIntelligence,
        Artifact::Brand,
        Artifact::Design,
        Artifact::Site,
        Artifact::Deployment,
        Artifact::Analytics,
    ];
    /// The OptimizationWorkflow's artifacts, in the order they are written.
    pub const OPTIMIZE: [Artifact; 5] = [
        Artifact::SiteAnalysis,
        Artifact::Benchmark,
        Artifact::Plan,
        Artifact::Implementation,
        Artifact::Monitoring,
    ];

    /// The name under `$.artifacts` in the execution state.
    pub fn key(self) -> &'static str {
        match self {
            Artifact::MarketResearch => "marketResearch",
            Artifact::CompetitiveAnalysis => "competitiveAnalysis",
            Artifact::MarketIntelligence => "marketIntelligence",
            Artifact::Brand => "brand",
            Artifact::Design => "design",
            Artifact::Site => "site",
            Artifact::Deployment => "deployment",
            Artifact::Analytics => "analytics",
            Artifact::SiteAnalysis => "siteAnalysis",
            Artifact::Benchmark => "benchmark",
            Artifact::Plan => "plan",
            Artifact::Implementation => "implementation",
            Artifact::Monitoring => "monitoring",
        }
    }

    /// The file name (without `.json`) in the artifact store: the key in kebab case.
    pub fn file_stem(self) -> String {
        let mut stem = String::new();
        for c in self.key().chars() {
            if c.is_ascii_uppercase() {
                stem.push('-');
            }
            stem.push(c.to_ascii_lowercase());
        }
        stem
    }

    /// Where a workflow keeps this artifact in the artifact store.
    pub fn store_key(self, workflow_id: &str) -> String {
        format!("workflows/{workflow_id}/{}.json", self.file_stem())
    }

    /// The step whose result this artifact is.
    pub fn written_by(self) -> Step {
        match self {
            Artifact::MarketResearch => Step::MarketResearch,
            Artifact::CompetitiveAnalysis => Step::CompetitiveAnalysis,
            Artifact::MarketIntelligence => Step::CombineMarketIntelligence,
            Artifact::Brand => Step::Brand,
            Artifact::Design => Step::Designer,
            Artifact::Site => Step::Developer,
            Artifact::Deployment => Step::Deploy,
            Artifact::Analytics => Step::AnalyticsSetup,
            Artifact::SiteAnalysis => Step::SiteAnalysis,
            Artifact::Benchmark => Step::Benchmarking,
            Artifact::Plan => Step::OptimizationStrategy,
            Artifact::Implementation => Step::Implementation,
            Artifact::Monitoring => Step::OptimizationMonitoring,
        }
    }

    /// The artifact named `key` under `$.artifacts`, if there is one.
    pub fn from_key(key: &str) -> Option<Artifact> {
        Artifact::BUILD
            .into_iter()
            .chain(Artifact::OPTIMIZE)
            .find(|a| a.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_files_and_steps_are_one_to_one() {
        let all: Vec<Artifact> = Artifact::BUILD
            .into_iter()
            .chain(Artifact::OPTIMIZE)
            .collect();
        for a in &all {
            assert_eq!(Artifact::from_key(a.key()), Some(*a));
            let others = all
                .iter()
                .filter(|b| b.written_by() == a.written_by())
                .count();
            assert_eq!(others, 1, "{a:?}");
        }
        assert_eq!(Artifact::MarketResearch.file_stem(), "market-research");
        assert_eq!(Artifact::Brand.file_stem(), "brand");
        assert_eq!(
            Artifact::SiteAnalysis.store_key("w1"),
            "workflows/w1/site-analysis.json"
        );
        assert_eq!(Artifact::from_key("designer"), None);
    }
}
