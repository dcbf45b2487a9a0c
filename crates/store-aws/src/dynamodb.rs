//! Workflow status in DynamoDB. One item per workflow (`workflowId` key) holding the
//! record as JSON plus `status`, `currentStep` and timestamps as attributes, so that
//! conditions and updates act on them. Invariants: a record is created once
//! (`attribute_not_exists`), and only a `running` record can be finished.

use crate::aws_error;
use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use code24_store::{SiteOwner, StatusStore, StoreError, WorkflowRecord, WorkflowStatus};
use std::collections::HashMap;

pub struct DynamoDbStatusStore {
    client: Client,
    table: String,
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

fn is_conditional_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata, R>(
    e: &SdkError<E, R>,
) -> bool {
    e.as_service_error().and_then(|se| se.code()) == Some("ConditionalCheckFailedException")
}

/// Creates an on-demand table with string keys; `Ok(false)` if it exists already.
pub(crate) async fn create_on_demand_table(
    client: &Client,
    table: &str,
    hash_key: &str,
    range_key: Option<&str>,
) -> Result<bool, StoreError> {
    use aws_sdk_dynamodb::types::{
        AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    };
    let invalid = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Aws {
        operation: "CreateTable".into(),
        message: e.to_string(),
    };
    let mut request = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest);
    for (name, kind) in [(Some(hash_key), KeyType::Hash), (range_key, KeyType::Range)] {
        let Some(name) = name else { continue };
        request = request
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(invalid)?,
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name(name)
                    .key_type(kind)
                    .build()
                    .map_err(invalid)?,
            );
    }
    match request.send().await {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_resource_in_use_exception()) =>
        {
            Ok(false)
        }
        Err(e) => Err(aws_error("CreateTable", e)),
    }
}

impl DynamoDbStatusStore {
    /// Creates the table this store expects (on-demand, keyed by `workflowId`, as
    /// `template.yaml` declares it), for local servers and tests. `Ok(false)` if a table
    /// of that name exists already.
    pub async fn create_table(client: &Client, table: &str) -> Result<bool, StoreError> {
        create_on_demand_table(client, table, "workflowId", None).await
    }

    pub fn new(client: Client, table: impl Into<String>) -> DynamoDbStatusStore {
        DynamoDbStatusStore {
            client,
            table: table.into(),
        }
    }

    fn item(record: &WorkflowRecord) -> Result<HashMap<String, AttributeValue>, StoreError> {
        let body = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut item = HashMap::from([
            ("workflowId".to_string(), s(&record.workflow_id)),
            ("status".to_string(), s(record.status.as_str())),
            ("workflowType".to_string(), s(&record.workflow_type)),
            ("createdAt".to_string(), s(&record.created_at)),
            ("updatedAt".to_string(), s(&record.updated_at)),
            ("record".to_string(), s(&body)),
        ]);
        if let Some(step) = &record.current_step {
            item.insert("currentStep".into(), s(step));
        }
        Ok(item)
    }

    fn decode(item: &HashMap<String, AttributeValue>) -> Result<WorkflowRecord, StoreError> {
        let text = item
            .get("record")
            .and_then(|v| v.as_s().ok())
            .ok_or_else(|| StoreError::Corrupt("status item has no record".into()))?;
        let mut record: WorkflowRecord =
            serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // Progress is updated in place, outside the JSON body.
        if record.status == WorkflowStatus::Running {
            record.current_step = item.get("currentStep").and_then(|v| v.as_s().ok()).cloned();
            if let Some(t) = item.get("updatedAt").and_then(|v| v.as_s().ok()) {
                record.updated_at = t.clone();
            }
        }
        Ok(record)
    }
}

#[async_trait]
impl StatusStore for DynamoDbStatusStore {
    async fn create(&self, record: &WorkflowRecord) -> Result<(), StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(record)?))
            .condition_expression("attribute_not_exists(workflowId)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_conditional_failure(&e) => {
                Err(StoreError::AlreadyExists(record.workflow_id.clone()))
            }
            Err(e) => Err(aws_error("PutItem", e)),
        }
    }

    async fn get(&self, workflow_id: &str) -> Result<Option<WorkflowRecord>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("workflowId", s(workflow_id))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| aws_error("GetItem", e))?;
        out.item.as_ref().map(Self::decode).transpose()
    }

    async fn set_step(&self, workflow_id: &str, step: &str, at: &str) -> Result<(), StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("workflowId", s(workflow_id))
            .update_expression("SET currentStep = :step, updatedAt = :at")
            .condition_expression("#status = :running")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":step", s(step))
            .expression_attribute_values(":at", s(at))
            .expression_attribute_values(":running", s("running"))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            // A finished or missing workflow has no current step to note.
            Err(e) if is_conditional_failure(&e) => Ok(()),
            Err(e) => Err(aws_error("UpdateItem", e)),
        }
    }

    async fn finish(&self, record: &WorkflowRecord) -> Result<bool, StoreError> {
        if record.status == WorkflowStatus::Running {
            return Err(StoreError::Corrupt(
                "finish needs a completed or failed record".into(),
            ));
        }
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(Self::item(record)?))
            .condition_expression("attribute_exists(workflowId) AND #status = :running")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":running", s("running"))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if is_conditional_failure(&e) => match self.get(&record.workflow_id).await? {
                Some(_) => Ok(false),
                None => Err(StoreError::NotFound(record.workflow_id.clone())),
            },
            Err(e) => Err(aws_error("PutItem", e)),
        }
    }

    async fn claim_site(&self, site_id: &str, owner: &SiteOwner) -> Result<SiteOwner, StoreError> {
        // Site owners share the status table under keys no workflow id can have
        // (`site:` + id); they have no `record`, so `list` skips them.
        let key = format!("site:{site_id}");
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("workflowId", s(&key))
            .item("siteOwner", s(&owner.name))
            .item("createdBy", s(&owner.workflow_id))
            .condition_expression("attribute_not_exists(workflowId)")
            .send()
            .await;
        match result {
            Ok(_) => return Ok(owner.clone()),
            Err(e) if is_conditional_failure(&e) => {}
            Err(e) => return Err(aws_error("PutItem", e)),
        }
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("workflowId", s(&key))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| aws_error("GetItem", e))?;
        let attr = |name: &str| {
            out.item
                .as_ref()
                .and_then(|i| i.get(name))
                .and_then(|v| v.as_s().ok())
                .cloned()
                .ok_or_else(|| StoreError::Corrupt(format!("site owner item {key} has no {name}")))
        };
        Ok(SiteOwner {
            name: attr("siteOwner")?,
            workflow_id: attr("createdBy")?,
        })
    }

    async fn list(&self, limit: usize) -> Result<Vec<WorkflowRecord>, StoreError> {
        // A Scan is enough for the dashboard's recent list at this scale; a GSI on
        // createdAt replaces it when tables grow.
        let mut records = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("attribute_exists(#record)")
                .expression_attribute_names("#record", "record")
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| aws_error("Scan", e))?;
            for item in out.items() {
                records.push(Self::decode(item)?);
            }
            start = out.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        records.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(a.workflow_id.cmp(&b.workflow_id))
        });
        records.truncate(limit);
        Ok(records)
    }
}
