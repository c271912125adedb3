//! Keeping the server's memory small. The server allocates with mimalloc (see `main.rs`). Every
//! login hashes with argon2id, which allocates 19 MiB; by default mimalloc keeps such a freed
//! block committed for a while and commits its arenas eagerly, so the server sat at ~50 MiB
//! resident after a few logins (glibc's malloc, tuned, held ~17 MiB). Purging at once and
//! committing on demand bring it to ~30 MiB, flat over further logins, at no measurable cost
//! per request. (Set through the environment before start, `MIMALLOC_ARENA_EAGER_COMMIT=0`
//! reaches ~16 MiB; set here, after mimalloc has started, the first arena is already committed.)

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_arena_eager_commit` in mimalloc 2's `mi_option_e`.
const ARENA_EAGER_COMMIT: mi_option_t = 4;
/// `mi_option_purge_delay` (milliseconds) in mimalloc 2's `mi_option_e`.
const PURGE_DELAY: mi_option_t = 15;

/// Call once at start-up, first thing in `main`.
pub fn return_large_blocks_to_the_os() {
    // SAFETY: setting an option only changes allocator tuning; both are read when used.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
}
