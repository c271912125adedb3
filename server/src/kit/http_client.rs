//! One small HTTP/1 client for the calls one service makes to another (orders fetching keys and
//! asking authlab about a token, the BFF calling orders): a request, a time limit, a size
//! limit, and the answer's status and bytes — or one sentence saying what went wrong.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use hyper_util::client::legacy::connect::HttpConnector;

/// A pooled client over plain HTTP (loopback services; no TLS).
pub type HttpClient = hyper_util::client::legacy::Client<HttpConnector, Body>;

/// A new client with its own connection pool.
pub fn client() -> HttpClient {
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http()
}

/// Sends `request`; the answer's status and at most `max_bytes` of its body, within `timeout`.
pub async fn send(
    client: &HttpClient,
    request: Request<Body>,
    timeout: Duration,
    max_bytes: usize,
) -> Result<(StatusCode, Bytes), String> {
    let uri = request.uri().clone();
    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|err| format!("{uri} did not answer ({err})"))?;
        let status = response.status();
        let body = http_body_util::Limited::new(response.into_body(), max_bytes)
            .collect()
            .await
            .map_err(|err| format!("reading {uri}'s answer: {err}"))?
            .to_bytes();
        Ok((status, body))
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .unwrap_or_else(|_| Err(format!("{uri}: no answer within {} s", timeout.as_secs())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_closed_port_is_one_sentence_not_a_panic() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let request = Request::get(format!("http://127.0.0.1:{port}/x"))
            .body(Body::empty())
            .unwrap();
        let err = send(&client(), request, Duration::from_secs(2), 1024)
            .await
            .unwrap_err();
        assert!(err.contains("did not answer"), "{err}");
    }
}
