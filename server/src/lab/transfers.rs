//! The transfers the CSRF lab's target carried out, newest last.

use app::api::lab::TransferView;

use std::sync::Arc;

use crate::kit::bounded::BoundedLog;
use crate::kit::visit;

/// At most this many transfers are remembered; the oldest goes first.
const KEPT: usize = 64;

/// Each transfer with the lab it was made in.
#[derive(Clone, Debug, Default)]
pub struct Transfers(BoundedLog<(Option<Arc<str>>, TransferView), KEPT>);

impl Transfers {
    pub fn push(&self, transfer: TransferView) {
        self.0.push((visit::current(), transfer));
    }

    /// The current request's lab's transfers (its last 20).
    pub fn list(&self) -> Vec<TransferView> {
        let owner = visit::current();
        let mine: Vec<TransferView> = self
            .0
            .filtered(|(of, _)| *of == owner)
            .into_iter()
            .map(|(_, transfer)| transfer)
            .collect();
        mine[mine.len().saturating_sub(20)..].to_vec()
    }

    pub fn clear(&self) {
        let owner = visit::current();
        self.0.retain(|(of, _)| *of != owner);
    }
}
