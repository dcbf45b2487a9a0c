//! The pipeline's steps (the BuildWorkflow's and the OptimizationWorkflow's) and how the
//! state machines name them.

use std::fmt;

/// One Lambda function of a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    MarketResearch,
    CompetitiveAnalysis,
    CombineMarketIntelligence,
    Brand,
    Designer,
    Developer,
    Deploy,
    AnalyticsSetup,
    RecordResult,
    RecordFailure,
    SiteAnalysis,
    Benchmarking,
    OptimizationStrategy,
    Implementation,
    OptimizationMonitoring,
}

impl Step {
    /// Every step, each one Lambda function.
    pub const ALL: [Step; 15] = [
        Step::MarketResearch,
        Step::CompetitiveAnalysis,
        Step::CombineMarketIntelligence,
        Step::Brand,
        Step::Designer,
        Step::Developer,
        Step::Deploy,
        Step::AnalyticsSetup,
        Step::RecordResult,
        Step::RecordFailure,
        Step::SiteAnalysis,
        Step::Benchmarking,
        Step::OptimizationStrategy,
        Step::Implementation,
        Step::OptimizationMonitoring,
    ];

    /// The OptimizationWorkflow's steps, in order, and its bookkeeping.
    pub const OPTIMIZE: [Step; 7] = [
        Step::SiteAnalysis,
        Step::Benchmarking,
        Step::OptimizationStrategy,
        Step::Implementation,
        Step::OptimizationMonitoring,
        Step::RecordResult,
        Step::RecordFailure,
    ];

    /// The BuildWorkflow's steps, in order, and its bookkeeping.
    pub const BUILD: [Step; 10] = [
        Step::MarketResearch,
        Step::CompetitiveAnalysis,
        Step::CombineMarketIntelligence,
        Step::Brand,
        Step::Designer,
        Step::Developer,
        Step::Deploy,
        Step::AnalyticsSetup,
        Step::RecordResult,
        Step::RecordFailure,
    ];

    /// The state name in the ASL and the name used in status records.
    pub fn name(&self) -> &'static str {
        match self {
            Step::MarketResearch => "MarketResearch",
            Step::CompetitiveAnalysis => "CompetitiveAnalysis",
            Step::CombineMarketIntelligence => "CombineMarketIntelligence",
            Step::Brand => "Brand",
            Step::Designer => "Designer",
            Step::Developer => "Developer",
            Step::Deploy => "Deploy",
            Step::AnalyticsSetup => "AnalyticsSetup",
            Step::RecordResult => "RecordResult",
            Step::RecordFailure => "RecordFailure",
            Step::SiteAnalysis => "SiteAnalysis",
            Step::Benchmarking => "Benchmarking",
            Step::OptimizationStrategy => "OptimizationStrategy",
            Step::Implementation => "Implementation",
            Step::OptimizationMonitoring => "OptimizationMonitoring",
        }
    }

    /// The Lambda function name (also the binary name under `functions/`).
    pub fn function_name(&self) -> String {
        let mut out = String::from("code24");
        for c in self.name().chars() {
            if c.is_uppercase() {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    /// The `${...}` placeholder the ASL uses for this function's ARN.
    pub fn substitution_key(&self) -> String {
        format!("{}FunctionArn", self.name())
    }

    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }

    pub fn from_function_name(function: &str) -> Option<Step> {
        let name = function.rsplit(":function:").next().unwrap_or(function);
        let name = name.split(':').next().unwrap_or(name);
        Step::ALL.into_iter().find(|s| s.function_name() == name)
    }

    /// The OptimizationWorkflow's own steps (not the bookkeeping it shares).
    pub fn is_optimization(&self) -> bool {
        matches!(
            self,
            Step::SiteAnalysis
                | Step::Benchmarking
                | Step::OptimizationStrategy
                | Step::Implementation
                | Step::OptimizationMonitoring
        )
    }

    /// Steps that do the work (not the status bookkeeping).
    pub fn is_worker(&self) -> bool {
        !matches!(self, Step::RecordResult | Step::RecordFailure)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Step::ALL {
            assert_eq!(
                Step::from_function_name(&format!(
                    "arn:aws:lambda:eu-west-1:1:function:{}",
                    s.function_name()
                )),
                Some(s)
            );
            assert_eq!(Step::from_name(s.name()), Some(s));
        }
        assert_eq!(Step::Brand.function_name(), "code24-brand");
        assert_eq!(
            Step::CombineMarketIntelligence.function_name(),
            "code24-combine-market-intelligence"
        );
    }
}
