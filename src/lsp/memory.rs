//! How the server keeps its memory near what its documents need: glibc's
//! allocator set up at start-up, and memory given back to the system when
//! freed blocks pile up in its arenas (glibc keeps freed small blocks
//! otherwise, and a keystroke frees many: the core's copies of the
//! findings, the version's text, the publish's JSON).

use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" {
    fn malloc_trim(pad: usize) -> std::ffi::c_int;
    fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
}

/// One malloc arena for all threads: the checks and parses run on
/// whichever blocking thread is free, and memory one of them frees is then
/// reused by the next instead of staying in that thread's own arena (with
/// two arenas, a 1 MB record's server held 11.2x - 11.9x its text right
/// after typing, with one 9.2x - 9.8x, and keystrokes were no slower: no
/// two pieces of work on one document run at once). And a
/// fixed threshold above which blocks are mapped on their own, and go back
/// to the system when freed (glibc's default threshold rises to the largest
/// block freed, so a 20 MB record's copies would stay in the heap). It is
/// 4 MiB, not lower: on this kind of virtual machine a fresh 1 MB mapping
/// costs about 1 ms of page faults, and a keystroke in a 1 MB record makes
/// three such blocks (the version's text, the publish's JSON and its frame);
/// from the heap they reuse pages already mapped (keystroke to diagnostics
/// 10.4 ms median with 256 KiB, 7.5 ms with 4 MiB).
///
/// Call at start-up, before any other thread exists.
pub fn set_up_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_ARENA_MAX: std::ffi::c_int = -8;
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        // SAFETY: called at start-up, before any other thread exists;
        // `mallopt` only sets allocator parameters.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
            mallopt(M_MMAP_THRESHOLD, 4 << 20);
        }
    }
}

/// Gives free memory back to the system (blocking: run it off the
/// runtime's threads), and remembers how much is resident after.
#[derive(Debug, Default)]
pub struct Trimmer {
    /// Resident bytes after the last trim (0 before the first).
    resident_after_trim: AtomicUsize,
}

impl Trimmer {
    /// Gives back what is free now.
    pub fn trim(&self) {
        release_memory();
        if let Some(resident) = resident_bytes() {
            self.resident_after_trim.store(resident, Ordering::SeqCst);
        }
    }

    /// Gives back what is free if resident memory grew more than
    /// `allowance` bytes since the last trim; says whether it did. A lint
    /// calls it after its publish with a few times its document's size:
    /// more than a keystroke reuses, so that a keystroke usually reuses
    /// pages already mapped (a trim makes the next keystroke fault them in
    /// again: about 1.5 ms on a 1 MB record if done after every one), and
    /// memory freed and not reused still goes back.
    pub fn trim_if_grown(&self, allowance: usize) -> bool {
        let Some(resident) = resident_bytes() else { return false };
        if resident <= self.resident_after_trim.load(Ordering::SeqCst).saturating_add(allowance) {
            return false;
        }
        self.trim();
        true
    }
}

fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system; it is
    // safe to call at any time from any thread.
    unsafe {
        malloc_trim(0);
    }
}

/// The process's resident memory, where the system says (Linux).
fn resident_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: usize = line["VmRSS:".len()..].trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn reads_resident_memory_and_trims_only_past_the_allowance() {
        let resident = resident_bytes().expect("Linux says");
        assert!(resident > 0);
        let trimmer = Trimmer::default();
        trimmer.trim();
        let after = trimmer.resident_after_trim.load(Ordering::SeqCst);
        assert!(after > 0);
        assert!(!trimmer.trim_if_grown(usize::MAX / 2), "within the allowance");
        trimmer.resident_after_trim.store(0, Ordering::SeqCst);
        assert!(trimmer.trim_if_grown(0), "grown past no allowance");
        assert!(trimmer.resident_after_trim.load(Ordering::SeqCst) > 0);
    }
}
