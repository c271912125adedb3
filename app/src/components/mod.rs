//! Pieces of the page.

pub mod demo_accounts;
pub mod login_form;
pub mod panel;
pub mod scheme_column;
