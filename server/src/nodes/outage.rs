//! Stopping and starting a node from the page. A node asked to stop closes its listener (what
//! it was serving finishes; nothing new is accepted) and opens a private control listener on a
//! fresh loopback port, whose address it answers with; the node that asked keeps that address
//! and sends the start there. The node then listens on its address again. Its memory — a
//! memory store's sessions — lives on: a stopped node is unreachable, not restarted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::routing::post;
use axum::Router;
use tokio::sync::watch;

/// This node's own listener switch: `true` while stopped.
#[derive(Clone, Debug)]
pub struct Outage(Arc<watch::Sender<bool>>);

impl Default for Outage {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(false)))
    }
}

impl Outage {
    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once a stop is asked for.
    pub async fn stop_requested(&self) {
        let _ = self.0.subscribe().wait_for(|stopped| *stopped).await;
    }

    /// Resolves once a start is asked for.
    pub async fn start_requested(&self) {
        let _ = self.0.subscribe().wait_for(|stopped| !*stopped).await;
    }

    /// Asks the listener to stop, and opens the control listener that will take the start: its
    /// base URL, for whoever will start this node again.
    pub async fn stop(&self) -> std::io::Result<String> {
        let control = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}", control.local_addr()?);
        let outage = self.clone();
        let router = Router::new().route(
            "/start",
            post(move || {
                let outage = outage.clone();
                async move {
                    outage.0.send_replace(false);
                    "starting"
                }
            }),
        );
        let outage = self.clone();
        tokio::spawn(async move {
            let serve = axum::serve(control, router)
                .with_graceful_shutdown(async move { outage.start_requested().await });
            if let Err(err) = serve.await {
                tracing::warn!(error = %err, "the control listener failed");
            }
        });
        self.0.send_replace(true);
        tracing::warn!(control = %url, "this node stops listening, from the lab");
        Ok(url)
    }
}

/// The peers this node stopped, by name: where each takes its start.
#[derive(Clone, Debug, Default)]
pub struct Stopped(Arc<Mutex<HashMap<String, String>>>);

impl Stopped {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn insert(&self, name: &str, control: String) {
        self.map().insert(name.to_owned(), control);
    }

    pub fn take(&self, name: &str) -> Option<String> {
        self.map().remove(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map().contains_key(name)
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.map().keys().cloned().collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_opens_a_control_port_that_takes_the_start() {
        let outage = Outage::default();
        assert!(!outage.is_stopped());
        let control = outage.stop().await.unwrap();
        assert!(outage.is_stopped());
        outage.stop_requested().await;
        let port: u16 = control.rsplit(':').next().unwrap().parse().unwrap();
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        stream
            .write_all(b"POST /start HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        let mut answer = vec![0; 64];
        let read = stream.read(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"));
        outage.start_requested().await;
        assert!(!outage.is_stopped());
    }
}
