//! The one call orders makes to authlab besides fetching keys: introspection (RFC 7662). A
//! session cookie means nothing to orders, and an offline check cannot know of a revocation;
//! asking authlab answers both, at the price of a call per request. orders proves itself with
//! the client secret authlab generated into its data directory.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use app::api::orders::Introspection;
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Uri};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::base::secrets::{self, Secret};
use crate::guard::visitor::LAB_COOKIE;
use crate::kit::http_client::{self, HttpClient};

const TIMEOUT: Duration = Duration::from_secs(3);
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// How orders reaches authlab's introspection endpoint.
#[derive(Clone)]
pub struct Authlab(Arc<Inner>);

struct Inner {
    url: Uri,
    client: HttpClient,
    secret_file: Option<PathBuf>,
    /// Read once, at the first question (authlab may create the file after orders starts).
    secret: OnceLock<Secret>,
}

/// authlab's answer, and what asking cost.
pub struct Asked {
    pub answer: Introspection,
    pub millis: f64,
}

impl Authlab {
    pub fn new(url: Uri, secret_file: Option<PathBuf>) -> Self {
        Self(Arc::new(Inner {
            url,
            client: http_client::client(),
            secret_file,
            secret: OnceLock::new(),
        }))
    }

    fn password(&self) -> Result<String, String> {
        if let Some(secret) = self.0.secret.get() {
            return Ok(secret.as_password());
        }
        let path = self.0.secret_file.as_ref().ok_or(
            "orders has no client secret for authlab (--client-secret-file): it cannot ask",
        )?;
        let secret = secrets::load(path).map_err(|err| err.to_string())?;
        Ok(self.0.secret.get_or_init(|| secret).as_password())
    }

    /// Asks authlab about `token` (`hint`: `access_token` or `session_cookie`), in the visitor's
    /// `lab` when the browser's request named one.
    pub async fn introspect(
        &self,
        token: &str,
        hint: &str,
        lab: Option<&str>,
    ) -> Result<Asked, String> {
        let basic = STANDARD.encode(format!("orders:{}", self.password()?));
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .append_pair("token_type_hint", hint)
            .finish();
        let mut request = Request::post(self.0.url.clone());
        if let Some(lab) =
            lab.and_then(|lab| HeaderValue::from_str(&format!("{LAB_COOKIE}={lab}")).ok())
        {
            request = request.header(header::COOKIE, lab);
        }
        let request = request
            .header(header::AUTHORIZATION, format!("Basic {basic}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .map_err(|err| err.to_string())?;
        let started = Instant::now();
        let (status, body) =
            http_client::send(&self.0.client, request, TIMEOUT, MAX_ANSWER_BYTES).await?;
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        if !status.is_success() {
            return Err(format!("authlab answered {status} to orders' question"));
        }
        let answer = serde_json::from_slice(&body)
            .map_err(|err| format!("authlab's answer is not an introspection: {err}"))?;
        Ok(Asked { answer, millis })
    }
}
