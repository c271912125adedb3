//! The room: where each visitor's page is in the guides, and the presenter's step that pages
//! with "follow me" on move to (a `follow` event on the trace stream).

use serde::{Deserialize, Serialize};

/// A place in the guides: the guide and its slide, both counted from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct At {
    pub guide: usize,
    pub slide: usize,
}

/// What `POST /api/room/at` answers: for the presenter, the room in one line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AtAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// Tells the server where this page is in the guides (`None`: the presenter panel is closed);
/// the presenter gets the room's summary back. Browser only.
pub async fn report(at: Option<At>) -> Option<String> {
    super::http::post_json::<AtAnswer>("/api/room/at", &at)
        .await
        .value()
        .and_then(|answer| answer.summary)
}
