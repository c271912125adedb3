//! Pieces of the page.

pub mod carrier_choice;
pub mod checks_view;
pub mod demo_accounts;
pub mod exchange;
pub mod grid;
pub mod jwt;
pub mod keep;
pub mod lab;
pub mod labs;
pub mod login_form;
pub mod nodes;
pub mod panel;
pub mod presenter;
pub mod scenario;
pub mod scheme_column;
pub mod session;
pub mod ticker;
