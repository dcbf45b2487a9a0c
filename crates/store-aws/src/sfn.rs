//! Starting workflows on AWS Step Functions. An execution is named by its workflowId, so
//! a retried trigger cannot start a second one. Step Functions already answers a repeated
//! StartExecution (same name, same input) with the running execution; for a finished one
//! it says `ExecutionAlreadyExists`, which is the same start when the input matches and a
//! conflict when it does not.

use aws_sdk_sfn::Client;

/// The execution that runs a workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub execution_arn: String,
}

#[derive(Debug)]
pub enum StartError {
    /// An execution with this name exists with a different input.
    Conflict(String),
    Aws(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Conflict(name) => write!(
                f,
                "an execution named '{name}' already exists with a different input"
            ),
            StartError::Aws(m) => write!(f, "AWS StartExecution failed: {m}"),
        }
    }
}

impl std::error::Error for StartError {}

pub struct ExecutionStarter {
    client: Client,
    state_machine_arn: String,
}

impl ExecutionStarter {
    pub fn new(client: Client, state_machine_arn: impl Into<String>) -> ExecutionStarter {
        ExecutionStarter {
            client,
            state_machine_arn: state_machine_arn.into(),
        }
    }

    pub async fn start(
        &self,
        workflow_id: &str,
        input: &serde_json::Value,
    ) -> Result<Started, StartError> {
        let input_text = input.to_string();
        let result = self
            .client
            .start_execution()
            .state_machine_arn(&self.state_machine_arn)
            .name(workflow_id)
            .input(&input_text)
            .send()
            .await;
        match result {
            Ok(out) => Ok(Started {
                execution_arn: out.execution_arn,
            }),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_execution_already_exists()) =>
            {
                let arn = self.execution_arn(workflow_id);
                let existing = self
                    .client
                    .describe_execution()
                    .execution_arn(&arn)
                    .send()
                    .await
                    .map_err(|e| {
                        StartError::Aws(crate::aws_error("DescribeExecution", e).to_string())
                    })?;
                let same = existing
                    .input
                    .as_deref()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
                    .is_some_and(|v| &v == input);
                if same {
                    Ok(Started { execution_arn: arn })
                } else {
                    Err(StartError::Conflict(workflow_id.to_string()))
                }
            }
            Err(e) => Err(StartError::Aws(
                crate::aws_error("StartExecution", e).to_string(),
            )),
        }
    }

    /// The ARN Step Functions gives the execution named `workflow_id`.
    pub fn execution_arn(&self, workflow_id: &str) -> String {
        format!(
            "{}:{workflow_id}",
            self.state_machine_arn
                .replacen(":stateMachine:", ":execution:", 1)
        )
    }
}
