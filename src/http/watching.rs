//! Live updates: one thread looks at the state directory every second ([`Watch`]) and
//! broadcasts what changed; `GET /api/v1/events` streams it as server-sent events, and
//! `/metrics` reads the counters the same looks keep.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde_json::json;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use zsplice::tasks::watch::Change;

use super::views::task_json;
use super::Shared;

/// How often the state directory is looked at (and how stale a live view can be).
pub const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Looks until the daemon stops; each change goes to every open event stream. A look that
/// fails (the state directory unreadable for a moment) is logged once and tried again.
pub fn follow(app: Shared) {
    let mut failing = false;
    while !app.stop.load(Ordering::Relaxed) {
        let changes = {
            let mut watch = app.watch.lock().unwrap_or_else(|p| p.into_inner());
            watch.look(app.daemon.store())
        };
        match changes {
            Ok(changes) => {
                failing = false;
                for c in changes {
                    // No subscriber is not an error.
                    let _ = app.events.send(c);
                }
            }
            Err(e) if !failing => {
                failing = true;
                tracing::warn!("live view: cannot read the tasks: {e}");
            }
            Err(_) => {}
        }
        app.wait_for_poke(LOOK_EVERY);
    }
}

/// One change as an SSE event.
fn event(change: &Change) -> Event {
    match change {
        Change::Task(view) => Event::default()
            .event("task")
            .data(task_json(view).to_string()),
        Change::Deleted(name) => Event::default()
            .event("deleted")
            .data(json!({ "name": name }).to_string()),
    }
}

/// `GET /api/v1/events`: every task once, then each change as it is seen.
pub async fn events(
    State(app): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe first, so nothing between the snapshot and the stream is lost (a change
    // seen twice is harmless: events carry whole tasks).
    let rx = app.events.subscribe();
    let now: Vec<Event> = {
        let watch = app.watch.lock().unwrap_or_else(|p| p.into_inner());
        watch
            .views()
            .map(|v| event(&Change::Task(Box::new(v.clone()))))
            .collect()
    };
    let live = BroadcastStream::new(rx).filter_map(|c| async move {
        match c {
            Ok(change) => Some(event(&change)),
            // A slow client missed some: it is told to reload the list.
            Err(_) => Some(Event::default().event("resync").data("{}")),
        }
    });
    let all = stream::iter(now).chain(live).map(Ok);
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A channel sized for bursts of changes (a hundred tasks changing at once).
pub fn channel() -> broadcast::Sender<Change> {
    broadcast::channel(1024).0
}
