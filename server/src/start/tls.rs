//! https for workshop mode: a self-signed certificate generated once into the data directory
//! (`secrets/tls-key.der`, 0600, and `secrets/tls-cert.der` for the names it was made for) and
//! reused at every start, so attendees accept it once; and the https listener that serves the
//! app with it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use sha2::{Digest, Sha256};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::base::secrets::{load_or_create_with, SecretError};

/// A handshake that has not finished in this long is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("generating the certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("the certificate file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

/// The certificate and its key, ready for rustls.
pub struct Identity {
    pub cert: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
    /// SHA-256 of the certificate, as browsers show it (AA:BB:…).
    pub fingerprint: String,
    /// Whether this start made a new certificate (attendees must accept it again).
    pub generated: bool,
}

/// The certificate for `names` from `<data_dir>/secrets/`: the one kept there when it was made
/// for the same names, else a new one (same key).
pub fn identity(data_dir: &Path, names: &[String]) -> Result<Identity, TlsError> {
    let dir = data_dir.join("secrets");
    std::fs::create_dir_all(&dir).map_err(|source| TlsError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let key = load_or_create_with(&dir.join("tls-key.der"), || {
        rcgen::KeyPair::generate()
            .map(|pair| pair.serialize_der())
            .map_err(|err| SecretError::KeyGeneration(err.to_string()))
    })?;
    let key_der = key.expose().to_vec();
    let cert_path = dir.join("tls-cert.der");
    let names_path = dir.join("tls-cert.names");
    let wanted = names.join("\n");
    let kept = std::fs::read_to_string(&names_path).ok();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| TlsError::Io { path, source }
    };
    let (cert, generated) = match (kept, std::fs::read(&cert_path)) {
        (Some(kept), Ok(cert)) if kept == wanted => (cert, false),
        _ => {
            let pair = rcgen::KeyPair::try_from(key_der.as_slice())?;
            let cert = rcgen::CertificateParams::new(names.to_vec())?.self_signed(&pair)?;
            let der = cert.der().to_vec();
            std::fs::write(&cert_path, &der).map_err(io(&cert_path))?;
            std::fs::write(&names_path, &wanted).map_err(io(&names_path))?;
            tracing::info!(names = %names.join(", "), "generated a TLS certificate for workshop mode");
            (der, true)
        }
    };
    let fingerprint = Sha256::digest(&cert)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(Identity {
        cert: CertificateDer::from(cert),
        key: PrivatePkcs8KeyDer::from(key_der),
        fingerprint,
        generated,
    })
}

/// rustls' ring provider. rustls 0.23.48 deprecates it for lacking post-quantum key exchange;
/// aws-lc-rs has it but needs cmake to build, which a fresh machine lacks. A workshop on a LAN
/// with a self-signed certificate does not need it.
#[allow(deprecated)]
pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// rustls with the ring provider, HTTP/1.1 only (what the app's server speaks).
pub fn server_config(identity: &Identity) -> Result<ServerConfig, TlsError> {
    let provider = provider();
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(
            vec![identity.cert.clone()],
            PrivateKeyDer::Pkcs8(identity.key.clone_key()),
        )?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Serves `app` over https on `listener` until Ctrl-C or SIGTERM; each connection knows its
/// peer's address (the login rate limit counts per address).
pub async fn serve(listener: tokio::net::TcpListener, app: Router, config: ServerConfig) {
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let stop = crate::kit::shutdown::signal();
    tokio::pin!(stop);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(error = %err, "https accept failed");
                    continue;
                }
            },
            () = &mut stop => return,
        };
        let acceptor = acceptor.clone();
        let app = app.clone();
        tokio::spawn(async move {
            let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
            else {
                return;
            };
            let app = app.map_request(move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request
            });
            let service = TowerToHyperService::new(app);
            let served = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .with_upgrades()
                .await;
            if let Err(err) = served {
                tracing::debug!(error = %err, "an https connection ended with an error");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_is_made_once_and_again_only_for_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let names = vec!["localhost".to_owned(), "192.168.1.20".to_owned()];
        let first = identity(dir.path(), &names).unwrap();
        assert!(first.generated);
        assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
        let again = identity(dir.path(), &names).unwrap();
        assert!(!again.generated);
        assert_eq!(again.fingerprint, first.fingerprint, "reused at restart");
        let moved = identity(dir.path(), &["localhost".to_owned(), "10.0.0.7".to_owned()]).unwrap();
        assert!(moved.generated);
        assert_ne!(moved.fingerprint, first.fingerprint);
        server_config(&moved).unwrap();
    }
}
