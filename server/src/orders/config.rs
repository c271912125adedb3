//! The orders service's command line: where it listens, the one URL it knows of authlab, and
//! which page origins may call it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::Uri;
use clap::Parser;

use super::verify::Expect;

#[derive(Debug, Parser)]
#[command(
    name = "orders",
    about = "A second service that trusts authlab's tokens without calling back: it fetches authlab's public keys from the JWKS URL and verifies every token offline."
)]
pub struct OrdersCli {
    /// Address to listen on
    #[arg(long, env = "ORDERS_ADDR", default_value = "127.0.0.1:3002")]
    pub addr: SocketAddr,
    /// authlab's JSON Web Key Set: the only thing orders knows about authlab
    #[arg(
        long,
        env = "AUTHLAB_JWKS_URL",
        default_value = "http://127.0.0.1:3000/.well-known/jwks.json"
    )]
    pub jwks_url: String,
    /// authlab's introspection endpoint: where orders asks about a session cookie, or whether a
    /// token was revoked (one call per request: the cost the offline check does not pay)
    #[arg(
        long,
        env = "AUTHLAB_INTROSPECTION_URL",
        default_value = "http://127.0.0.1:3000/api/introspect"
    )]
    pub introspection_url: String,
    /// The file holding orders' client secret for introspection (authlab generates it as
    /// <data-dir>/secrets/orders-client.key); without it orders cannot ask authlab anything
    #[arg(long, env = "ORDERS_CLIENT_SECRET_FILE")]
    pub client_secret_file: Option<PathBuf>,
    /// The issuer a token must name (authlab's `iss`)
    #[arg(long, env = "ORDERS_ISSUER", default_value = "authlab")]
    pub issuer: String,
    /// Page origins allowed to call orders from the browser (CORS), comma-separated
    #[arg(
        long = "allow-origin",
        env = "ORDERS_ALLOW_ORIGINS",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:3000,http://localhost:3000"
    )]
    pub allow_origins: Vec<String>,
    /// Seconds before an unknown kid may make orders fetch the key set again
    #[arg(long, env = "ORDERS_MIN_REFETCH_SECONDS", default_value_t = 10)]
    pub min_refetch_seconds: u64,
    /// Log filter (RUST_LOG wins when set)
    #[arg(long, default_value = "info")]
    pub log: String,
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct OrdersConfig {
    pub addr: SocketAddr,
    pub jwks_url: Uri,
    pub introspection_url: Uri,
    pub client_secret_file: Option<PathBuf>,
    pub expect: Expect,
    pub allow_origins: Vec<String>,
    pub min_refetch: Duration,
}

/// An http:// URL with a host, or a sentence naming the flag.
fn http_url(flag: &str, text: &str) -> Result<Uri, String> {
    let url: Uri = text
        .parse()
        .map_err(|err| format!("{flag} {text:?}: {err}"))?;
    if url.scheme_str() != Some("http") || url.host().is_none() {
        return Err(format!(
            "{flag} {text:?}: an http:// URL with a host is expected"
        ));
    }
    Ok(url)
}

impl OrdersCli {
    pub fn config(self) -> Result<OrdersConfig, String> {
        Ok(OrdersConfig {
            addr: self.addr,
            jwks_url: http_url("--jwks-url", &self.jwks_url)?,
            introspection_url: http_url("--introspection-url", &self.introspection_url)?,
            client_secret_file: self.client_secret_file,
            expect: Expect {
                issuer: self.issuer,
                audience: app::api::orders::ORDERS_AUDIENCE.to_owned(),
                leeway_seconds: 5,
            },
            allow_origins: self.allow_origins,
            min_refetch: Duration::from_secs(self.min_refetch_seconds),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jwks_url_must_be_http_with_a_host() {
        let cli = |url: &str| OrdersCli::try_parse_from(["orders", "--jwks-url", url]).unwrap();
        assert!(cli("http://127.0.0.1:3000/.well-known/jwks.json")
            .config()
            .is_ok());
        for bad in ["ftp://x/keys", "/keys", "not a url"] {
            assert!(cli(bad).config().is_err(), "{bad}");
            let introspection =
                OrdersCli::try_parse_from(["orders", "--introspection-url", bad]).unwrap();
            assert!(introspection.config().is_err(), "{bad}");
        }
        let config = OrdersCli::try_parse_from(["orders"])
            .unwrap()
            .config()
            .unwrap();
        assert_eq!(config.expect.audience, "orders");
        assert_eq!(config.allow_origins.len(), 2);
    }
}
