//! A step the state machine runs again (a retry after a timeout, a redrive) does its work
//! once: here, a Deploy given the same payload publishes no second version.

use code24_local::{local_services, BuildOptions, FaultPlan, Workflows};
use code24_pipeline::summary::{
    from_json, AnalyticsSummary, BrandSummary, Deployment, DesignSummary,
    MarketIntelligenceSummary, SiteSummary,
};
use code24_pipeline::{handle, SiteConfig, Step};

#[tokio::test]
async fn a_deploy_that_runs_again_publishes_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let services = local_services(dir.path(), SiteConfig::default()).unwrap();
    let workflows = Workflows::new(services.clone(), FaultPlan::none()).unwrap();
    let brief = code24_domain::Brief::from_fields(
        "Crumb & Co.",
        "Sourdough bakery in Leeds with a small cafe",
        "food_and_beverage",
        "online_orders",
    )
    .unwrap();
    let options = BuildOptions {
        coordination_delay_seconds: Some(0),
        ..BuildOptions::default()
    };
    let (record, execution) = workflows.build(&brief, &options).await.unwrap();
    assert_eq!(record.output["deployment"]["version"], 1);
    // The output's summaries read back as the types the steps wrote them with (the
    // dashboard reads them so).
    let output = &record.output;
    let deployment: Deployment = from_json(&output["deployment"]).expect("deployment");
    assert_eq!(
        (deployment.site_id.as_str(), deployment.version),
        ("crumb-co", 1)
    );
    let market: MarketIntelligenceSummary =
        from_json(&output["marketIntelligence"]).expect("market intelligence");
    assert!(!market.audiences.is_empty());
    let brand: BrandSummary = from_json(&output["eliteResults"]["brand"]).expect("brand");
    assert!(brand.minimum_text_contrast >= 4.5, "{brand:?}");
    let design: DesignSummary = from_json(&output["eliteResults"]["designer"]).expect("design");
    assert!(
        design.pages.iter().any(|p| p.path == "index.html"),
        "{design:?}"
    );
    let site: SiteSummary = from_json(&output["eliteResults"]["developer"]).expect("site");
    assert!(site.files.iter().any(|f| f == "index.html"));
    let analytics: AnalyticsSummary = from_json(&output["analytics"]).expect("analytics");
    assert!(!analytics.cookies);
    let payload = execution
        .history
        .iter()
        .find(|e| e.event_type == "TaskScheduled" && e.state_name.as_deref() == Some("Deploy"))
        .map(|e| e.details.value()["parameters"]["Payload"].clone())
        .unwrap();
    let again = handle(Step::Deploy, &services, payload).await.unwrap();
    assert_eq!(again["summary"]["version"], 1, "{again}");
    let versions = services.sites.versions("crumb-co").await.unwrap();
    assert_eq!(versions, vec![1]);
}
