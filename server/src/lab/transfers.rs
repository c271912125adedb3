//! The CSRF lab's target: `POST /api/session/transfer` and `POST /api/jwt/transfer` "send lab
//! coins" for the logged-in user. Nothing real moves; each transfer is remembered so the page
//! can show what another site managed to do in your name.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use app::api::lab::TransferView;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;

use crate::api::form::ApiForm;
use crate::error::ApiError;
use crate::jwt_auth::BearerAccess;
use crate::session_auth::SessionUser;
use crate::AppState;

/// At most this many transfers are remembered; the oldest goes first.
const KEPT: usize = 20;
const MAX_AMOUNT: u32 = 1_000;

#[derive(Clone, Debug, Default)]
pub struct Transfers(Arc<Mutex<VecDeque<TransferView>>>);

impl Transfers {
    fn push(&self, transfer: TransferView) {
        let mut list = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if list.len() == KEPT {
            list.pop_front();
        }
        list.push_back(transfer);
    }

    pub fn list(&self) -> Vec<TransferView> {
        let list = self.0.lock().unwrap_or_else(|p| p.into_inner());
        list.iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// What a form (or the page) asks for.
#[derive(Debug, Deserialize)]
pub struct TransferForm {
    pub to: String,
    pub amount: u32,
}

pub async fn by_session(
    State(state): State<AppState>,
    user: SessionUser,
    headers: HeaderMap,
    ApiForm(form): ApiForm<TransferForm>,
) -> Result<Json<TransferView>, ApiError> {
    transfer(&state, "session", &user.auth.username, &headers, form)
}

pub async fn by_jwt(
    State(state): State<AppState>,
    access: BearerAccess,
    headers: HeaderMap,
    ApiForm(form): ApiForm<TransferForm>,
) -> Result<Json<TransferView>, ApiError> {
    transfer(&state, "jwt", &access.claims.sub, &headers, form)
}

fn transfer(
    state: &AppState,
    scheme: &str,
    username: &str,
    headers: &HeaderMap,
    form: TransferForm,
) -> Result<Json<TransferView>, ApiError> {
    let to = form.to.trim();
    if to.is_empty() || to.chars().count() > 32 {
        return Err(unprocessable("`to` must be 1 to 32 characters"));
    }
    if !(1..=MAX_AMOUNT).contains(&form.amount) {
        return Err(unprocessable(format!(
            "`amount` must be 1 to {MAX_AMOUNT} coins"
        )));
    }
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("not sent");
    let view = TransferView {
        scheme: scheme.to_owned(),
        username: username.to_owned(),
        to: to.to_owned(),
        amount: form.amount,
        at: state.clock.now().unix_timestamp(),
        site: site.chars().take(20).collect(),
    };
    tracing::info!(scheme, site = %view.site, "lab: transfer carried out");
    state.lab.transfers.push(view.clone());
    Ok(Json(view))
}

fn unprocessable(message: impl Into<String>) -> ApiError {
    ApiError::Rejected {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: message.into(),
    }
}
