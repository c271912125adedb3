//! The request trace: every `/api` request, with the credential it carried, each check the
//! server ran (in order, with its outcome and cost) and the status it answered. The checks are
//! collected from wherever they run (see `kit::checks`). Nothing secret is kept: credentials
//! appear as kind, size and a short hash.

mod middleware;
mod stream;
mod tracer;

pub use middleware::{handle, record, ACTOR_HEADER, TRACE_ID_HEADER};
pub use stream::routes;
pub use tracer::{CookieNames, Tracer};
