//! The invalid-brief rules of `shared/briefs/README.md` as request bodies, each with the
//! field its 4xx error must name. One list, so the router tests and the tests of the
//! deployed `api` function check the same rules.

use serde_json::{json, Value};

/// Bodies that `POST /trigger/build` must reject, built from a `valid` brief: each of the
/// four fields missing, blank, of the wrong type and oversized, a bad value of each optional
/// field (`language`, `location`, `contact.*`, `offerings`, `links`), then invalid JSON, a body
/// that is not an object, and a body over [`crate::MAX_BODY_BYTES`].
pub fn invalid_brief_bodies(valid: &Value) -> Vec<(Vec<u8>, &'static str)> {
    let mut cases: Vec<(Vec<u8>, &'static str)> = Vec::new();
    for field in ["name", "description", "businessType", "primaryGoal"] {
        let mut missing = valid.clone();
        if let Some(object) = missing.as_object_mut() {
            object.remove(field);
        }
        let variants = [
            missing,
            with(valid, field, json!("   ")),
            with(valid, field, json!(42)),
            with(valid, field, json!("x".repeat(3000))),
        ];
        for body in variants {
            cases.push((body.to_string().into_bytes(), field));
        }
    }
    let optional: [(&str, Value, &'static str); 8] = [
        ("language", json!("it"), "language"),
        ("location", json!(["Leeds"]), "location"),
        ("contact", json!({"phone": "call us"}), "contact.phone"),
        ("contact", json!({"email": "no-at-sign"}), "contact.email"),
        ("contact", json!({"fax": "0113 496 0000"}), "contact.fax"),
        ("offerings", json!([{"price": "£5"}]), "offerings[0].name"),
        (
            "offerings",
            Value::Array((0..13).map(|i| json!({"name": format!("o{i}")})).collect()),
            "offerings",
        ),
        (
            "links",
            json!([{"label": "X", "url": "javascript:alert(1)"}]),
            "links[0].url",
        ),
    ];
    for (key, value, field) in optional {
        cases.push((with(valid, key, value).to_string().into_bytes(), field));
    }
    cases.push((b"{not json".to_vec(), "body"));
    cases.push((b"[1,2]".to_vec(), "body"));
    cases.push((vec![b' '; crate::MAX_BODY_BYTES + 4096], "body"));
    cases
}

fn with(valid: &Value, field: &str, value: Value) -> Value {
    let mut body = valid.clone();
    body[field] = value;
    body
}
