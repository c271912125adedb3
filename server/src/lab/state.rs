//! `Lab`: the lab's own slice of the state — the attacker's copies, the CSRF target's transfers,
//! the storage probes' reports, the evil site's and the partner app's ports and the app a replay goes through. One
//! `Arc`. (The clock is its own slice; the switches set the security policy.)

use std::sync::{Arc, OnceLock};

use app::api::sites::SecureSites;
use axum::Router;

use super::probes::Probes;
use super::stolen::Stolen;
use super::transfers::Transfers;

#[derive(Clone, Debug, Default)]
pub struct Lab(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    stolen: Stolen,
    /// What the CSRF target endpoints did.
    transfers: Transfers,
    /// What the storage lab's probes reported.
    probes: Probes,
    /// The evil site's port, once it listens.
    evil_port: OnceLock<u16>,
    /// The partner app's port, once it listens.
    partner_port: OnceLock<u16>,
    /// Workshop mode: the evil site's and the partner's https ports, and this machine's names.
    secure: OnceLock<SecureSites>,
    /// The orders service's `/api/orders`, when authlab was told where it runs.
    orders_url: OnceLock<String>,
    /// The whole app, so a replay goes through every layer a real request would.
    app: OnceLock<Router>,
}

impl Lab {
    pub fn stolen(&self) -> &Stolen {
        &self.0.stolen
    }

    pub fn transfers(&self) -> &Transfers {
        &self.0.transfers
    }

    pub fn probes(&self) -> &Probes {
        &self.0.probes
    }

    /// Hands the lab the finished app (once; later calls are ignored).
    pub fn install(&self, app: Router) {
        let _ = self.0.app.set(app);
    }

    pub fn app(&self) -> Option<Router> {
        self.0.app.get().cloned()
    }

    pub fn set_evil_port(&self, port: u16) {
        let _ = self.0.evil_port.set(port);
    }

    pub fn evil_port(&self) -> Option<u16> {
        self.0.evil_port.get().copied()
    }

    pub fn set_partner_port(&self, port: u16) {
        let _ = self.0.partner_port.set(port);
    }

    pub fn partner_port(&self) -> Option<u16> {
        self.0.partner_port.get().copied()
    }

    pub fn set_secure(&self, secure: SecureSites) {
        let _ = self.0.secure.set(secure);
    }

    pub fn secure(&self) -> Option<&SecureSites> {
        self.0.secure.get()
    }

    pub fn set_orders_url(&self, url: String) {
        let _ = self.0.orders_url.set(url);
    }

    pub fn orders_url(&self) -> Option<&str> {
        self.0.orders_url.get().map(String::as_str)
    }

    /// Forgets every copy, transfer and probe report.
    pub fn forget(&self) {
        self.0.stolen.clear();
        self.0.transfers.clear();
        self.0.probes.clear();
    }
}
