//! Keeping the server's memory small without slowing its requests. The server allocates with
//! mimalloc (see `main.rs`). Every login hashes with argon2id, which allocates 19 MiB; mimalloc
//! keeps a freed block committed for its purge delay (10 ms) and purges it only when it next
//! does some bookkeeping, so after a few logins the server sat at ~47 MiB resident.
//!
//! A purge delay of 0 fixed that for the wrong price: every freed page went back to the OS at
//! once, and under load the server re-faulted them. Over 3 s of `/api/jwt/me` load it made 1,009
//! `madvise` calls and took 3,037 page faults (the floor: 21 and 40). Instead, the hashing job
//! hands its memory back itself when it finishes: 28.5 MiB resident after 100 logins, and the
//! request path keeps mimalloc's default.

/// Returns this thread's freed memory to the OS now. Call it on the thread that just freed a
/// large block (the blocking pool's thread, after a hash); it costs a few µs.
pub fn return_freed_memory() {
    // SAFETY: `mi_collect` only walks mimalloc's own bookkeeping for the calling thread and
    // its arenas; it frees nothing that is still in use. When mimalloc is not the global
    // allocator (the tests), its heaps are empty and this does nothing.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
