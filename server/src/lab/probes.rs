//! What the storage lab's probes reported, per experiment (a nonce): from a new tab, and from
//! another site's frame.

use app::api::lab::ProbeReport;
use serde::Deserialize;

use crate::kit::bounded::BoundedLog;

/// At most this many experiments are remembered; the oldest goes first.
const KEPT: usize = 16;

/// Where a report came from.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum From {
    Tab,
    CrossSite,
}

#[derive(Clone, Debug, Default)]
pub struct Reports {
    pub tab: Option<ProbeReport>,
    pub cross_site: Option<ProbeReport>,
}

#[derive(Clone, Debug, Default)]
pub struct Probes(BoundedLog<(String, Reports), KEPT>);

impl Probes {
    pub fn record(&self, nonce: &str, from: From, report: ProbeReport) {
        self.0.upsert(
            |(n, _)| n == nonce,
            || (nonce.to_owned(), Reports::default()),
            |(_, reports)| match from {
                From::Tab => reports.tab = Some(report),
                From::CrossSite => reports.cross_site = Some(report),
            },
        );
    }

    pub fn get(&self, nonce: &str) -> Reports {
        self.0
            .find_map(|(n, r)| (n == nonce).then(|| r.clone()))
            .unwrap_or_default()
    }

    pub fn clear(&self) {
        self.0.clear();
    }
}
