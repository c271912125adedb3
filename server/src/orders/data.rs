//! The orders each demo user has: the service's own data, which authlab knows nothing about.

use app::api::orders::Order;

/// The caller's orders (none for a user orders has never seen).
pub fn orders_of(username: &str) -> Vec<Order> {
    let order = |id: &str, item: &str, coins| Order {
        id: id.to_owned(),
        item: item.to_owned(),
        coins,
    };
    match username {
        "alice" => vec![
            order("A-1001", "a looking-glass", 40),
            order("A-1002", "a pack of cards", 12),
        ],
        "bob" => vec![order("B-2001", "a server rack", 900)],
        _ => Vec::new(),
    }
}
