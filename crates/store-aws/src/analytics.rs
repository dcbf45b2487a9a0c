//! Analytics counters in DynamoDB: one item per site, day, page and event (`siteId`
//! partition, `counter` sort key `{day}#{event}#{page}`), incremented with an atomic
//! `ADD`, so concurrent beacons never lose a count and a site's summary is one Query.

use crate::aws_error;
use crate::dynamodb::create_on_demand_table;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use code24_store::{AnalyticsStore, Counter, StoreError};

pub struct DynamoDbAnalyticsStore {
    client: Client,
    table: String,
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_string())
}

impl DynamoDbAnalyticsStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoDbAnalyticsStore {
        DynamoDbAnalyticsStore {
            client,
            table: table.into(),
        }
    }

    /// Creates the table as `template.yaml` declares it; `Ok(false)` if it exists.
    pub async fn create_table(client: &Client, table: &str) -> Result<bool, StoreError> {
        create_on_demand_table(client, table, "siteId", Some("counter")).await
    }
}

#[async_trait]
impl AnalyticsStore for DynamoDbAnalyticsStore {
    async fn count(
        &self,
        site_id: &str,
        day: &str,
        page: &str,
        event: &str,
    ) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("siteId", s(site_id))
            .key("counter", s(&format!("{day}#{event}#{page}")))
            .update_expression("ADD #count :one SET #day = :day, #page = :page, #event = :event")
            .expression_attribute_names("#count", "count")
            .expression_attribute_names("#day", "day")
            .expression_attribute_names("#page", "page")
            .expression_attribute_names("#event", "event")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":day", s(day))
            .expression_attribute_values(":page", s(page))
            .expression_attribute_values(":event", s(event))
            .send()
            .await
            .map_err(|e| aws_error("UpdateItem", e))?;
        Ok(())
    }

    async fn counters(&self, site_id: &str) -> Result<Vec<Counter>, StoreError> {
        let pages = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("siteId = :site")
            .expression_attribute_values(":site", s(site_id))
            .into_paginator()
            .items()
            .send();
        let items: Vec<_> = pages
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(|e| aws_error("Query", e))?;
        let text = |item: &std::collections::HashMap<String, AttributeValue>, name: &str| {
            item.get(name)
                .and_then(|v| v.as_s().ok())
                .cloned()
                .ok_or_else(|| StoreError::Corrupt(format!("counter item without {name}")))
        };
        let mut counters = items
            .iter()
            .map(|item| {
                let count = item
                    .get("count")
                    .and_then(|v| v.as_n().ok())
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| StoreError::Corrupt("counter item without count".into()))?;
                Ok(Counter {
                    day: text(item, "day")?,
                    page: text(item, "page")?,
                    event: text(item, "event")?,
                    count,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        counters.sort_by(|a, b| (&a.day, &a.page, &a.event).cmp(&(&b.day, &b.page, &b.event)));
        Ok(counters)
    }
}
