//! The services allowed to ask authlab about credentials: one, orders, which proves itself with
//! HTTP Basic and the secret authlab generated into its data directory (orders reads the file).

use std::sync::Arc;

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use subtle::ConstantTimeEq;

use crate::base::secrets::Secret;

/// The client id orders introspects as.
pub const ORDERS_CLIENT: &str = "orders";

/// The registered clients' secrets. One `Arc`.
#[derive(Clone, Debug)]
pub struct Clients(Arc<Secret>);

impl Clients {
    pub fn new(orders: Secret) -> Self {
        Self(Arc::new(orders))
    }

    /// The client the request's `Authorization: Basic` proves, or why it proves none.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<&'static str, &'static str> {
        let value = headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or("no Authorization: Basic header: only a registered service may ask")?;
        let encoded = value
            .strip_prefix("Basic ")
            .ok_or("the Authorization header is not of the Basic scheme")?;
        let decoded = STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or("the Basic credentials are not base64 of id:secret")?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or("the Basic credentials are not base64 of id:secret")?;
        let expected = self.0.as_password();
        let matches: bool = secret.as_bytes().ct_eq(expected.as_bytes()).into();
        if id == ORDERS_CLIENT && matches {
            Ok(ORDERS_CLIENT)
        } else {
            Err("unknown client or wrong secret")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn basic(id: &str, secret: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")));
        headers.insert(AUTHORIZATION, HeaderValue::from_str(&value).unwrap());
        headers
    }

    #[test]
    fn only_orders_with_its_secret_is_a_client() {
        let dir = tempfile::tempdir().unwrap();
        let secret = crate::base::secrets::load_or_create(&dir.path().join("s")).unwrap();
        let password = secret.as_password();
        let clients = Clients::new(secret);
        assert_eq!(
            clients.authenticate(&basic("orders", &password)),
            Ok("orders")
        );
        assert!(clients.authenticate(&basic("orders", "guess")).is_err());
        assert!(clients.authenticate(&basic("partner", &password)).is_err());
        assert!(clients.authenticate(&HeaderMap::new()).is_err());
        let mut garbled = HeaderMap::new();
        garbled.insert(AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert!(clients.authenticate(&garbled).is_err());
    }
}
