//! Counting work. The loops that once grew faster than their input (acronym
//! expansions, quote masking, genogram layout, position conversion) add the
//! steps they take to a counter of the current thread, so that tests can
//! bound work by count instead of by the clock (`tests/hostile.rs`). A loop
//! adds once per call, not once per step, and nothing is read or written
//! outside the thread: the core stays pure.

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Adds `n` steps to this thread's count.
pub(crate) fn add(n: usize) {
    STEPS.with(|steps| steps.set(steps.get().saturating_add(n as u64)));
}

/// The steps counted on this thread so far. Read it before and after a
/// call to learn the work that call did.
pub fn steps() -> u64 {
    STEPS.with(Cell::get)
}

/// The steps `f` took on this thread, with its result.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = steps();
    let result = f();
    (result, steps() - before)
}
