//! Workshop mode's https: the generated certificate serves the app, and a client that trusts
//! exactly that certificate (as an attendee who compared the fingerprint) gets the answer.

use crate::common;

use std::sync::Arc;

use common::TestApp;
use server::start::tls;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

#[tokio::test]
async fn the_app_answers_over_https_with_the_generated_certificate() {
    let app = TestApp::new().await;
    let identity = tls::identity(app.data_dir.path(), &["localhost".to_owned()]).unwrap();
    let config = tls::server_config(&identity).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tls::serve(listener, app.router.clone(), config));

    let mut roots = RootCertStore::empty();
    roots.add(identity.cert.clone()).unwrap();
    let client = ClientConfig::builder_with_provider(tls::provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = TlsConnector::from(Arc::new(client))
        .connect(name, tcp)
        .await
        .unwrap();
    tls.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"ok\""), "{answer}");

    // The same data directory at the next start: the same certificate.
    let again = tls::identity(app.data_dir.path(), &["localhost".to_owned()]).unwrap();
    assert_eq!(again.fingerprint, identity.fingerprint);
}
