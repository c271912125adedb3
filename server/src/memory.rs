//! Keeping the server's memory small. Every login hashes with argon2id, which allocates 19 MiB;
//! glibc's malloc raises its mmap threshold after the first such block is freed and from then on
//! keeps these blocks in per-thread arenas, so RSS climbs to 100+ MiB after a few logins.
//! A fixed threshold makes every large block an mmap that goes back to the OS when freed.

/// Allocations at least this large are mmapped and unmapped when freed.
const MMAP_THRESHOLD_BYTES: i32 = 1 << 20;

/// Call once at start-up, before other threads exist.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_large_blocks_to_the_os() {
    // SAFETY: mallopt only changes allocator tuning; it is called before any other thread runs.
    let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) };
    debug_assert_eq!(ok, 1, "mallopt(M_MMAP_THRESHOLD) failed");
}

/// Other allocators return large blocks by themselves.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_blocks_to_the_os() {}
