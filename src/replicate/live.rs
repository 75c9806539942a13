//! The datasets a replication is sending right now, each with the bytes it moved so far and
//! its estimate, for whoever reports a run's progress per dataset (the API's run record while
//! it runs). A dataset is listed while it holds a transfer slot.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::model::record::DatasetProgress;
use crate::replicate::pairs::Pair;

/// One dataset being sent.
#[derive(Debug)]
struct Entry {
    id: u64,
    source: String,
    destination: String,
    bytes: Arc<AtomicU64>,
}

/// The datasets being sent now.
#[derive(Debug, Default)]
pub struct LiveDatasets {
    /// `lzc_send_space`'s estimate per destination.
    estimates: BTreeMap<String, u64>,
    now: Mutex<(u64, Vec<Entry>)>,
}

/// A dataset listed as being sent, until dropped.
#[derive(Debug)]
pub struct Sending<'a> {
    live: &'a LiveDatasets,
    id: u64,
}

impl LiveDatasets {
    /// Nothing sent yet; `estimates` gives each destination's expected bytes.
    pub fn new(estimates: BTreeMap<String, u64>) -> LiveDatasets {
        LiveDatasets {
            estimates,
            now: Mutex::default(),
        }
    }

    /// Lists `pair` as being sent, its bytes counted in `bytes`, until the guard is dropped.
    pub fn enter(&self, pair: &Pair, bytes: Arc<AtomicU64>) -> Sending<'_> {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        now.0 += 1;
        let id = now.0;
        now.1.push(Entry {
            id,
            source: pair.source.to_string(),
            destination: pair.destination.to_string(),
            bytes,
        });
        Sending { live: self, id }
    }

    /// Each dataset being sent, in the order they started.
    pub fn now(&self) -> Vec<DatasetProgress> {
        let now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        now.1
            .iter()
            .map(|e| DatasetProgress {
                source: e.source.clone(),
                destination: e.destination.clone(),
                bytes: e.bytes.load(Ordering::Relaxed),
                bytes_total: self.estimates.get(&e.destination).copied().unwrap_or(0),
            })
            .collect()
    }
}

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        let mut now = self.live.now.lock().unwrap_or_else(|p| p.into_inner());
        now.1.retain(|e| e.id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_is_listed_while_it_is_sent() {
        let pair = Pair {
            source: "p/a".parse().unwrap(),
            destination: "q/a".parse().unwrap(),
        };
        let live = LiveDatasets::new([("q/a".to_string(), 100)].into());
        let bytes = Arc::new(AtomicU64::new(0));
        {
            let _sending = live.enter(&pair, bytes.clone());
            bytes.fetch_add(40, Ordering::Relaxed);
            assert_eq!(
                live.now(),
                vec![DatasetProgress {
                    source: "p/a".into(),
                    destination: "q/a".into(),
                    bytes: 40,
                    bytes_total: 100,
                }]
            );
        }
        assert!(live.now().is_empty());
    }
}
