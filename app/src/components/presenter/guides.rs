//! The guided scenarios: numbered slides of narration, each optionally doing one scenario step
//! to both schemes. Plain data, and the link format that points at a guide and a slide.
//!
//! The narration is compiled into the server only (`ssr`): the page fetches it from
//! `GET /api/guides` when the presenter opens, so its 10 KB of text cost the wasm nothing.

use crate::api::Carrier;
use crate::components::scenario::steps::Step;

/// What arriving at a slide with "next" does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// One scenario step, to both schemes.
    Step(Step),
    /// Both columns on these carriers (session, JWT), alice logged in to each.
    Carry(Carrier, Carrier),
    /// Run the carrier × state grid.
    Grid,
}

pub struct Slide {
    #[cfg(feature = "ssr")]
    pub text: &'static str,
    pub action: Option<Act>,
}

pub struct Guide {
    /// Names the guide in a link: `?present=<slug>&step=<n>`.
    pub slug: &'static str,
    pub title: &'static str,
    pub slides: &'static [Slide],
}

#[cfg_attr(not(feature = "ssr"), allow(unused_variables))]
const fn slide(text: &'static str, action: Option<Act>) -> Slide {
    Slide {
        #[cfg(feature = "ssr")]
        text,
        action,
    }
}

const fn say(text: &'static str) -> Slide {
    slide(text, None)
}

const fn act(step: Step, text: &'static str) -> Slide {
    slide(text, Some(Act::Step(step)))
}

const fn carry(session: Carrier, jwt: Carrier, text: &'static str) -> Slide {
    slide(text, Some(Act::Carry(session, jwt)))
}

pub const GUIDES: [Guide; 7] = [
    Guide {
        slug: "logout",
        title: "Why logout is different",
        slides: &[
            say("Two ways to stay logged in. They look the same to the user — until something goes wrong. Press → to start."),
            act(Step::LogIn, "Alice logs in to both. The session scheme writes a row on the server and sets an HttpOnly cookie; the JWT scheme signs a token and hands it to the page."),
            act(Step::Steal, "An attacker copies both credentials — malware, a leaked log, a shared screen. (Here the copies stay on the server: the page never sees them.)"),
            act(Step::LogOut, "Alice logs out of both. The session row is deleted. The JWT's refresh family ends — but the access token itself is untouched: nothing on the server knew about it."),
            act(Step::Replay, "The attacker replays both copies. The cookie points at a row that is gone: refused. The token still verifies: accepted."),
            act(Step::Expire, "Only time ends the stolen token: six minutes later it is past exp, and refused."),
            say("Stateless means the server cannot forget a token early — unless it keeps state again: a denylist, looked up on every request."),
        ],
    },
    Guide {
        slug: "stolen",
        title: "Stolen token",
        slides: &[
            say("What can a thief do with a copied credential, and what stops them? Press → to start."),
            act(Step::LogIn, "Alice logs in to both schemes."),
            act(Step::Steal, "The attacker copies both credentials."),
            act(Step::Replay, "Replayed while Alice is still logged in, both copies work: a bearer credential is whoever holds it."),
            act(Step::LogOut, "Alice logs out. The session row is deleted; the token is not revoked."),
            act(Step::Revoke, "Revoking the token puts its jti on the denylist: the replay is refused — at the price of a lookup per request."),
            act(Step::Tamper, "Editing the token (role → admin) breaks the signature: refused."),
            act(Step::AlgNone, "Claiming alg: none to skip the signature: refused, in any casing."),
        ],
    },
    Guide {
        slug: "forgery",
        title: "Forged tokens",
        slides: &[
            say("A JWT is readable by anyone; only the signature makes it trustworthy. Press → to start."),
            act(Step::LogIn, "Alice logs in; the page decodes her token: the payload is plain base64url."),
            act(Step::Tamper, "Change role to admin and keep the old signature: the server recomputes it and refuses."),
            act(Step::AlgNone, "Remove the signature and claim alg: none: refused before any key is touched."),
            act(Step::RotateKey, "An admin rotates the signing key: every token signed with the old key stops verifying at once."),
            say("Labs → Forge a token: the attacker's console tries algorithm confusion, and cracks a weak HS256 key from a word list in milliseconds. Only a long random key stops that."),
        ],
    },
    Guide {
        slug: "storage",
        title: "Where should I keep my token?",
        slides: &[
            say("The question learners ask most. The labs below answer it by experiment, in this very browser. Press → to start."),
            act(Step::LogIn, "Alice logs in to both: the session id goes into an HttpOnly cookie, the JWT into localStorage (pick sessionStorage or memory in the JWT column)."),
            say("Labs → Where to keep a token → Run the experiments. Every cell is measured: reload, new tab, script on the page, another site's request. Restart is the one a page cannot test."),
            say("Labs → XSS: an injected script reads a stored token and can send it anywhere. The HttpOnly cookie stays hidden — yet the script still acts as Alice while it runs. A token kept in memory leaks the moment the page sends it."),
            say("Labs → CSRF: another site's form carries the cookie by itself; SameSite=Lax and the origin check stop it. Turn both off and mallory gets the coins. The bearer token never goes along."),
            say("So: a cookie trades XSS theft for CSRF, which SameSite and an origin check close; a stored token trades CSRF for XSS theft. Either way, keep scripts out: escaping and a Content-Security-Policy."),
        ],
    },
    Guide {
        slug: "nodes",
        title: "Scaling out",
        slides: &[
            say("One server is easy. What changes when a load balancer spreads requests over two nodes? Start two with make nodes STORE=memory (or sqlite, redis). Press → to start."),
            act(Step::LogIn, "Alice logs in to both schemes on node a."),
            say("Switch both columns to Node b and ask who you are. The JWT verifies on b with the same key and no lookup. The session is found only if b reads the same store."),
            say("With node-local memory, b answers 401 and deletes the cookie — for node a too, since cookies ignore the port. A shared store fixes it: SQLite on one machine, Redis anywhere."),
            say("Revocation is state as well: a token revoked on a is refused on b only if both read the same denylist. A stateless scheme needs shared state the moment it must forget."),
        ],
    },
    Guide {
        slug: "carriers",
        title: "It's not cookies vs tokens",
        slides: &[
            say("\"Cookies or tokens?\" mixes two choices: where the credential travels (a cookie the browser attaches, or a header the page adds) and where the login lives (a record on the server, or claims signed into a JWT). Press → to start."),
            carry(Carrier::Cookie, Carrier::Header, "The usual pairing: alice's session id rides in an HttpOnly cookie, her JWT in Authorization from localStorage. Browser holds: the page can read the token, never the id."),
            carry(Carrier::Header, Carrier::Cookie, "Swap the carriers. The session id now rides in X-Session-Id, kept in localStorage: page script reads it, as it read the token. The JWT rides in an HttpOnly cookie: the page cannot read it, and the decoder shows the claims from the server's answer instead."),
            say("Readability followed the carrier, not the scheme. So does CSRF: a cookie goes along with another site's request by itself (SameSite and the origin check stop it), a header never does. Logout did not move: the server can forget a record, not a signature."),
            slide("The grid runs all four pairs in this browser, each question answered by doing it. Read the last column: the carrier decides XSS readability, automatic sending and the cookie size limit; the state model decides logout, lookups per request, and the other node.", Some(Act::Grid)),
            say("A JWT is an alternative to the session id, not to the cookie. Pick the carrier for the browser's threats, and the state model for the server's needs: revocation, lookups, scaling."),
        ],
    },
    Guide {
        slug: "rights",
        title: "Yesterday's rights",
        slides: &[
            say("A credential carries the user's rights as they were when it was made. What happens when an admin changes them? Press → to start."),
            act(Step::LogIn, "Alice logs in to both: her session record keeps a copy of her role, her token has it signed in."),
            say("Labs → Rights that change: open the admin console as bob and make alice an admin. The users table says admin; her session's copy still says user — marked stale."),
            say("Ask who you are in both columns: both still say user. The server has every session record, so it can fix them: rewrite them at the change, or load the user on every request (one query each, shown in the trace)."),
            say("The token keeps its claims until exp; a refresh re-reads the user and signs the new role. Each fix brings state back: a 30 s lifetime, a per-user check on every request, or the denylist."),
            say("Disable alice: no login, no refresh. Reset her password: every session and refresh family ends at once — an access token already out lives on until exp, unless the per-user check is on."),
        ],
    },
];

pub fn by_slug(slug: &str) -> Option<usize> {
    GUIDES.iter().position(|guide| guide.slug == slug)
}

/// Reads `?present=<slug>&step=<n>` (1-based); a step out of range is clamped.
pub fn parse_link(search: &str) -> Option<(usize, usize)> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut guide = None;
    let mut step = 1usize;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("present", slug)) => guide = by_slug(slug),
            Some(("step", n)) => step = n.parse().unwrap_or(1),
            _ => {}
        }
    }
    let guide = guide?;
    let last = GUIDES[guide].slides.len();
    Some((guide, step.clamp(1, last) - 1))
}

/// The link to `slide` (0-based) of `guide`: carries nothing but the two.
/// Every guide's narration, slide by slide, in `GUIDES` order: what `GET /api/guides` answers.
#[cfg(feature = "ssr")]
pub fn texts() -> Vec<Vec<&'static str>> {
    GUIDES
        .iter()
        .map(|guide| guide.slides.iter().map(|slide| slide.text).collect())
        .collect()
}

pub fn link(guide: usize, slide: usize) -> String {
    format!("?present={}&step={}", GUIDES[guide].slug, slide + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip_and_clamp() {
        for (guide, g) in GUIDES.iter().enumerate() {
            for slide in 0..g.slides.len() {
                assert_eq!(parse_link(&link(guide, slide)), Some((guide, slide)));
            }
        }
        assert_eq!(
            parse_link("?present=logout&step=99"),
            Some((0, GUIDES[0].slides.len() - 1))
        );
        assert_eq!(parse_link("?step=2&present=stolen"), Some((1, 1)));
        assert_eq!(parse_link("?present=nope&step=2"), None);
        assert_eq!(parse_link(""), None);
    }

    #[test]
    fn every_guide_opens_with_words_and_logs_in_before_it_acts() {
        for guide in &GUIDES {
            assert!(guide.slides[0].action.is_none(), "{}", guide.slug);
            let first_action = guide.slides.iter().find_map(|s| s.action);
            assert!(
                matches!(first_action, Some(Act::Step(Step::LogIn) | Act::Carry(..))),
                "{}",
                guide.slug
            );
        }
    }

    #[test]
    fn the_carrier_guide_walks_both_pairings_and_ends_on_the_grid() {
        let guide = &GUIDES[by_slug("carriers").unwrap()];
        let carried: Vec<_> = guide
            .slides
            .iter()
            .filter_map(|s| match s.action {
                Some(Act::Carry(session, jwt)) => Some((session, jwt)),
                _ => None,
            })
            .collect();
        assert_eq!(
            carried,
            [
                (Carrier::Cookie, Carrier::Header),
                (Carrier::Header, Carrier::Cookie)
            ]
        );
        let last_action = guide.slides.iter().rev().find_map(|s| s.action);
        assert_eq!(last_action, Some(Act::Grid));
    }
}
