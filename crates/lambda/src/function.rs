//! Which Code24 Lambda function a process is: every step of both workflows, the API, the
//! status sync and the monitor, each by the name the state machines and `template.yaml`
//! use (`code24-brand`, `code24-api`, ...). On AWS one binary (`functions/all`) runs as
//! every function, told which by its `Handler` (`_HANDLER`); under `cargo lambda watch`,
//! which runs a binary per function name, each `functions/{name}` binary is one of them.

use code24_pipeline::Step;

/// One Lambda function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Step(Step),
    Api,
    StatusSync,
    Monitor,
}

impl Function {
    /// Every function, the steps first.
    pub fn all() -> Vec<Function> {
        let mut all: Vec<Function> = Step::ALL.into_iter().map(Function::Step).collect();
        all.extend([Function::Api, Function::StatusSync, Function::Monitor]);
        all
    }

    /// The function's name: its binary under `cargo lambda watch`, its `Handler` on AWS.
    pub fn name(self) -> String {
        match self {
            Function::Step(step) => step.function_name(),
            Function::Api => "code24-api".into(),
            Function::StatusSync => "code24-status-sync".into(),
            Function::Monitor => "code24-monitor".into(),
        }
    }

    pub fn from_name(name: &str) -> Option<Function> {
        Function::all().into_iter().find(|f| f.name() == name)
    }

    /// The function this process is: its `Handler` (`_HANDLER`, set by Lambda from
    /// `template.yaml`), else its function name (`AWS_LAMBDA_FUNCTION_NAME`, as
    /// `cargo lambda watch` sets it). The error names both and every function there is.
    pub fn from_env() -> Result<Function, String> {
        let var = |name: &str| std::env::var(name).ok();
        Function::from_handler_or_name(
            var("_HANDLER").as_deref(),
            var("AWS_LAMBDA_FUNCTION_NAME").as_deref(),
        )
    }

    /// [`Function::from_env`] on the two values: the handler unless it is empty or the
    /// generic `bootstrap`, else the function name.
    pub fn from_handler_or_name(
        handler: Option<&str>,
        function_name: Option<&str>,
    ) -> Result<Function, String> {
        let handler = handler.filter(|h| !h.is_empty() && *h != "bootstrap");
        let name = handler
            .or(function_name.filter(|n| !n.is_empty()))
            .ok_or("neither _HANDLER nor AWS_LAMBDA_FUNCTION_NAME names a function")?;
        Function::from_name(name).ok_or_else(|| {
            let known: Vec<String> = Function::all().into_iter().map(Function::name).collect();
            format!(
                "'{name}' is not a Code24 function (the functions: {})",
                known.join(", ")
            )
        })
    }
}

/// Runs `function` as a Lambda function until the runtime stops it.
pub async fn run_function(function: Function) -> Result<(), lambda_runtime::Error> {
    match function {
        Function::Step(step) if step.is_optimization() => crate::run_optimization_step(step).await,
        Function::Step(step) => crate::run_step(step).await,
        Function::Api => crate::run_api().await,
        Function::StatusSync => crate::run_status_sync().await,
        Function::Monitor => crate::run_monitor().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_one_name() {
        let all = Function::all();
        assert_eq!(all.len(), Step::ALL.len() + 3);
        for f in &all {
            assert_eq!(Function::from_name(&f.name()), Some(*f));
        }
        assert_eq!(
            Function::from_name("code24-brand"),
            Some(Function::Step(Step::Brand))
        );
        assert_eq!(Function::from_name("bootstrap"), None);
    }

    #[test]
    fn the_handler_names_the_function_else_the_function_name_does() {
        let of = |h, n| Function::from_handler_or_name(h, n);
        assert_eq!(
            of(Some("code24-api"), Some("stack-Api-1")),
            Ok(Function::Api)
        );
        assert_eq!(
            of(Some("bootstrap"), Some("code24-monitor")),
            Ok(Function::Monitor)
        );
        assert_eq!(
            of(None, Some("code24-deploy")),
            Ok(Function::Step(Step::Deploy))
        );
        assert!(of(Some(""), None).unwrap_err().contains("neither"));
        let unknown = of(Some("code24-nope"), None).unwrap_err();
        assert!(
            unknown.contains("'code24-nope'") && unknown.contains("code24-brand"),
            "{unknown}"
        );
    }
}
