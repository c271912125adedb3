//! `Client`: who is asking, as far as the server can tell — the peer's address (when the server
//! knows it: not in in-process tests) and its `User-Agent`, cut to 200 characters.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;

pub struct Client {
    pub addr: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client {
            addr: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip()),
            user_agent: parts
                .headers
                .get(USER_AGENT)
                .and_then(|ua| ua.to_str().ok())
                .map(|ua| ua.chars().take(200).collect()),
        })
    }
}
