//! CORS, with tower-http's `CorsLayer`: the partner app's origins (and only they) may read the
//! API's answers from their pages, for bearer calls without credentials — no cookie of this
//! site goes along, so nothing ambient is lent. Answers name the headers a caller may read.
//! The CORS lab's switches replace that with one of the two classic mistakes.

use std::convert::Infallible;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::future::{BoxFuture, Either};
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceBuilder, ServiceExt};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::policy::{CorsMistake, Policy};
use crate::kit::checks;

fn cors(policy: &Policy) -> CorsLayer {
    let policy = policy.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, _parts| policy.trusts(origin.as_bytes()),
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            header::WWW_AUTHENTICATE,
            HeaderName::from_static("x-authlab-trace-id"),
        ])
}

/// CORS only where it can matter: a request without an `Origin` header (the page's own reads,
/// curl, the benchmark) goes straight on; one with it passes `cors_lab` and `cors`. Saves the
/// two layers' cost (about 1 µs) on every plain request.
#[derive(Clone)]
pub struct CorsGate(pub Policy);

impl<S> Layer<S> for CorsGate
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    type Service = Gated<S>;

    fn layer(&self, inner: S) -> Gated<S> {
        let cors = ServiceBuilder::new()
            .layer(axum::middleware::from_fn_with_state(
                self.0.clone(),
                cors_lab,
            ))
            .layer(cors(&self.0))
            .service(inner.clone());
        Gated {
            plain: inner,
            cors: BoxCloneSyncService::new(cors),
        }
    }
}

#[derive(Clone)]
pub struct Gated<S> {
    plain: S,
    cors: BoxCloneSyncService<Request, Response, Infallible>,
}

impl<S> Service<Request> for Gated<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<S::Future, BoxFuture<'static, Result<Response, Infallible>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.plain.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.headers().contains_key(header::ORIGIN) {
            Either::Right(Box::pin(self.cors.clone().oneshot(request)))
        } else {
            Either::Left(self.plain.call(request))
        }
    }
}

/// Middleware, outside `cors`: notes in the trace what CORS answered a request from another
/// origin (the headers that let its script read the answer, or their absence); and while a CORS
/// lab switch is on, answers the way a misconfigured server does — every preflight allowed, and
/// `Access-Control-Allow-Origin` set to the caller's origin (or `*`) with
/// `Access-Control-Allow-Credentials: true`.
pub async fn cors_lab(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let Some(origin) = cross_origin(&request) else {
        return next.run(request).await;
    };
    let started = Instant::now();
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = match policy.cors_mistake() {
        None => next.run(request).await,
        Some(mistake) => mistaken(mistake, &origin, preflight, request, next).await,
    };
    let headers = response.headers_mut();
    let allowed = headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .and_then(|v| v.to_str().ok());
    let credentials = headers.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    let what = if preflight { "preflight" } else { "answer" };
    let detail = match allowed {
        Some(allowed) if credentials => format!(
            "{what} to {}: Access-Control-Allow-Origin: {allowed}, Allow-Credentials: true",
            shown(&origin)
        ),
        Some(allowed) => format!(
            "{what} to {}: Access-Control-Allow-Origin: {allowed} (no credentials)",
            shown(&origin)
        ),
        None => format!(
            "{what} to {}: no Access-Control-Allow-Origin — its script may not read this",
            shown(&origin)
        ),
    };
    checks::note_since("CORS", started, allowed.is_some(), detail);
    response
}

/// The `Origin` of a request from another origin (not this host's own), if any.
fn cross_origin(request: &Request) -> Option<HeaderValue> {
    let origin = request.headers().get(header::ORIGIN)?;
    let host = request.headers().get(header::HOST);
    let same = match (origin.to_str().ok(), host.and_then(|h| h.to_str().ok())) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host)),
        _ => false,
    };
    (!same).then(|| origin.clone())
}

/// An origin as the trace shows it: at most 60 printable characters.
fn shown(origin: &HeaderValue) -> String {
    origin
        .to_str()
        .unwrap_or("(not text)")
        .chars()
        .take(60)
        .collect()
}

/// The answer of a server that made `mistake`.
async fn mistaken(
    mistake: CorsMistake,
    origin: &HeaderValue,
    preflight: bool,
    request: Request,
    next: Next,
) -> Response {
    let allowed = match mistake {
        CorsMistake::ReflectAnyOrigin => origin.clone(),
        CorsMistake::WildcardWithCredentials => HeaderValue::from_static("*"),
    };
    let mut response = if preflight {
        let asked = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        if let Some(asked) = asked {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
        }
        response
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}
