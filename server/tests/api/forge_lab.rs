//! In-process tests of the forge lab's weak key: crackable from the word list it hands out, and
//! never accepted by the verifier.

use crate::common;

use axum::http::StatusCode;
use common::jwt::{assert_refused, me, post_json};
use common::{body_json, TestApp};
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};

#[tokio::test]
async fn the_weak_lab_token_is_crackable_and_still_refused() {
    let app = TestApp::new().await;
    let response = app.send(post_json("/api/lab/weak-token", &json!({}))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer = body_json(response).await;
    let token = answer["token"].as_str().unwrap();
    let words: Vec<&str> = answer["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(words.len() >= 20);
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&["authlab-api"]);
    let cracked: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| {
            decode::<Value>(
                token,
                &DecodingKey::from_secret(word.as_bytes()),
                &validation,
            )
            .is_ok()
        })
        .collect();
    assert_eq!(cracked.len(), 1, "exactly one word signs it");
    let refused = assert_refused(me(&app, token).await, "unknown_key").await;
    assert!(refused.to_string().contains("never ours"), "{refused}");
}
