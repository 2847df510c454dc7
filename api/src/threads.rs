//! Fixed sets of named threads that take their work from one shared queue: for blocking work
//! that must not spread over the tokio blocking pool (ticket intake batches, password hashing).

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

/// The receiving end shared by the threads.
pub type WorkQueue<T> = Mutex<Receiver<T>>;

/// Starts `count` threads named `{name}-{n}`, each running `body` on the shared queue, and
/// returns the queue's sender. A body returns once [`take`] says the queue is closed (every
/// sender dropped). A thread that cannot be started is logged; with none at all, sends fail.
pub fn start<T: Send + 'static>(
    name: &str,
    count: usize,
    body: impl Fn(&WorkQueue<T>) + Send + Clone + 'static,
) -> Sender<T> {
    let (sender, receiver) = channel::<T>();
    let queue = Arc::new(Mutex::new(receiver));
    for n in 0..count {
        let (queue, body) = (queue.clone(), body.clone());
        let started = std::thread::Builder::new()
            .name(format!("{name}-{n}"))
            .spawn(move || body(&queue));
        if let Err(e) = started {
            tracing::error!(error = %e, thread = name, "cannot start a thread");
        }
    }
    sender
}

/// Waits for an item, then takes whatever else has queued, up to `most` in all; `None` once
/// the queue is closed.
pub fn take<T>(queue: &WorkQueue<T>, most: usize) -> Option<Vec<T>> {
    // A thread that panicked while holding the lock left the queue itself intact.
    let queue = queue.lock().unwrap_or_else(PoisonError::into_inner);
    let mut items = vec![queue.recv().ok()?];
    while items.len() < most {
        match queue.try_recv() {
            Ok(item) => items.push(item),
            Err(_) => break,
        }
    }
    Some(items)
}
