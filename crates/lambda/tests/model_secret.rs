//! The model API key read from Secrets Manager (moto on 127.0.0.1, `CODE24_MOTO_ENDPOINT`).

use code24_lambda::api_key_from_secret;

fn endpoint() -> String {
    std::env::var("CODE24_MOTO_ENDPOINT").expect(
        "CODE24_MOTO_ENDPOINT must point at a moto server (bash .ci/run starts one on 127.0.0.1)",
    )
}

#[tokio::test]
async fn the_key_is_read_plain_or_from_json_and_a_bad_secret_is_named() {
    let config = code24_store_aws::local_config(&endpoint()).await;
    let client = aws_sdk_secretsmanager::Client::new(&config);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut arns = Vec::new();
    for (suffix, value) in [
        ("plain", " sk-plain-key \n"),
        ("json", r#"{"apiKey": "sk-json-key"}"#),
        ("wrong-json", r#"{"key": "sk-elsewhere"}"#),
    ] {
        let out = client
            .create_secret()
            .name(format!("code24-model-{suffix}-{nanos}"))
            .secret_string(value)
            .send()
            .await
            .unwrap();
        arns.push(out.arn.unwrap());
    }
    assert_eq!(
        api_key_from_secret(&client, &arns[0]).await.unwrap(),
        "sk-plain-key"
    );
    assert_eq!(
        api_key_from_secret(&client, &arns[1]).await.unwrap(),
        "sk-json-key"
    );
    let err = api_key_from_secret(&client, &arns[2]).await.unwrap_err();
    assert!(err.contains("apiKey") && err.contains(&arns[2]), "{err}");
    let missing = format!("code24-no-such-secret-{nanos}");
    let err = api_key_from_secret(&client, &missing).await.unwrap_err();
    assert!(err.contains(&missing), "{err}");
}
