//! The transfers the CSRF lab's target carried out, newest last.

use app::api::lab::TransferView;

use crate::kit::bounded::BoundedLog;

/// At most this many transfers are remembered; the oldest goes first.
const KEPT: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct Transfers(BoundedLog<TransferView, KEPT>);

impl Transfers {
    pub fn push(&self, transfer: TransferView) {
        self.0.push(transfer);
    }

    pub fn list(&self) -> Vec<TransferView> {
        self.0.list()
    }

    pub fn clear(&self) {
        self.0.clear();
    }
}
