//! Per-thread reusable state (scratch buffers, a cached key) that never panics.

use std::cell::RefCell;
use std::thread::LocalKey;

/// Runs `f` on this thread's reusable `T`, or on a fresh `T::default()` when the
/// thread-local is unavailable: already borrowed, or destroyed because the call comes
/// from another thread-local's destructor. Reuse is an optimisation and never a reason
/// to panic.
pub(crate) fn with_local<T: Default, R>(key: &'static LocalKey<RefCell<T>>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut f = Some(f);
    let reused = key
        .try_with(|cell| match (cell.try_borrow_mut(), f.take()) {
            (Ok(mut value), Some(f)) => Ok(f(&mut value)),
            (_, f) => Err(f),
        })
        .unwrap_or_else(|_| Err(f.take()));
    match reused {
        Ok(r) => r,
        Err(Some(f)) => f(&mut T::default()),
        Err(None) => unreachable!("the closure runs at most once"),
    }
}
