//! Running many pairs at once, a child only after the pair that receives its parent ended.

use std::sync::{Condvar, Mutex};

use crate::error::EngineError;
use crate::model::record::{DatasetMode, DatasetRun};
use crate::replicate::execute::{Executor, Log, PairOutcome};
use crate::replicate::pair_plan::PairPlan;

/// Where an item stands in [`run_ordered`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Waiting,
    Running,
    Succeeded,
    Failed,
}

/// Runs `work` on every item on up to `workers` threads, starting an item only once its parent
/// item (`parents[i]`, an index) has ended. `work` gets the item's index, the item, and whether
/// its parent failed, and returns whether the item succeeded.
pub fn run_ordered<T: Send>(
    items: Vec<T>,
    parents: &[Option<usize>],
    workers: usize,
    work: &(dyn Fn(usize, T, bool) -> bool + Sync),
) {
    let slots = Mutex::new(vec![Slot::Waiting; items.len()]);
    let changed = Condvar::new();
    let items: Vec<Mutex<Option<T>>> = items.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let workers = workers.clamp(1, items.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let mut guard = slots.lock().unwrap_or_else(|p| p.into_inner());
                let next = loop {
                    if guard.iter().all(|s| *s != Slot::Waiting) {
                        break None;
                    }
                    let ready = (0..guard.len()).find(|&i| {
                        guard[i] == Slot::Waiting
                            && parents[i]
                                .is_none_or(|p| matches!(guard[p], Slot::Succeeded | Slot::Failed))
                    });
                    match ready {
                        Some(i) => break Some(i),
                        None => guard = changed.wait(guard).unwrap_or_else(|p| p.into_inner()),
                    }
                };
                let Some(i) = next else {
                    changed.notify_all();
                    return;
                };
                let parent_failed = parents[i].is_some_and(|p| guard[p] == Slot::Failed);
                guard[i] = Slot::Running;
                drop(guard);
                let item = items[i]
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take()
                    .expect("each item runs once");
                let ok = work(i, item, parent_failed);
                let mut guard = slots.lock().unwrap_or_else(|p| p.into_inner());
                guard[i] = if ok { Slot::Succeeded } else { Slot::Failed };
                changed.notify_all();
            });
        }
    });
}

impl Executor<'_> {
    /// Carries out every plan on up to `opts.parallel` threads. A pair starts only after the
    /// pair that receives its destination's nearest ancestor ended; if that one failed, the
    /// pair is skipped with an error saying why. `on_done` sees each outcome as it ends.
    pub fn run_all(
        &self,
        plans: Vec<PairPlan>,
        log: &Log<'_>,
        on_done: &(dyn Fn(PairOutcome) + Sync),
    ) {
        let parents: Vec<Option<usize>> = plans
            .iter()
            .map(|p| {
                // Parents come first in `plans`, so the last container before it is the nearest.
                plans
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| {
                        q.pair.destination != p.pair.destination
                            && q.pair.destination.contains(&p.pair.destination)
                    })
                    .map(|(i, _)| i)
                    .next_back()
            })
            .collect();
        let parent_names: Vec<String> = parents
            .iter()
            .map(|p| p.map_or(String::new(), |p| plans[p].pair.destination.to_string()))
            .collect();
        // Pairs already up to date only report: one worker, not a pool of them to start.
        let workers = if plans.iter().all(PairPlan::is_up_to_date) {
            1
        } else {
            self.opts.parallel
        };
        run_ordered(plans, &parents, workers, &|i, plan, parent_failed| {
            let outcome = if parent_failed {
                skipped(plan, &parent_names[i])
            } else {
                self.run_pair(plan, log)
            };
            let ok = outcome.result.is_ok();
            on_done(outcome);
            ok
        });
    }
}

/// The outcome of a pair not attempted because the pair receiving its parent failed.
pub(crate) fn skipped(plan: PairPlan, parent: &str) -> PairOutcome {
    let e = EngineError::Skipped(format!(
        "{}: skipped because {parent} failed",
        plan.pair.destination
    ));
    PairOutcome {
        pair: plan.pair.clone(),
        record: DatasetRun {
            source: plan.pair.source.to_string(),
            destination: plan.pair.destination.to_string(),
            mode: DatasetMode::Skipped.into(),
            error: Some(e.to_string()),
            ..Default::default()
        },
        base: None,
        result: Err(e),
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn children_wait_for_their_parent_and_siblings_run_side_by_side() {
        use std::time::{Duration, Instant};
        // 0 is the root; 1, 2, 3 its children; 4 a child of 1. Item 1 fails.
        let parents = [None, Some(0), Some(0), Some(0), Some(1)];
        let t0 = Instant::now();
        let spans = Mutex::new(vec![(Duration::ZERO, Duration::ZERO, false); 5]);
        run_ordered(
            (0..5).collect(),
            &parents,
            4,
            &|i, item: usize, parent_failed| {
                assert_eq!(i, item);
                let start = t0.elapsed();
                std::thread::sleep(Duration::from_millis(40));
                spans.lock().unwrap()[i] = (start, t0.elapsed(), parent_failed);
                i != 1
            },
        );
        let spans = spans.into_inner().unwrap();
        for (child, parent) in parents.iter().enumerate() {
            if let Some(p) = parent {
                assert!(
                    spans[*p].1 <= spans[child].0,
                    "{child} started before {p} ended"
                );
            }
        }
        // The three siblings overlapped.
        let (first_end, last_start) = (
            spans[1..4].iter().map(|s| s.1).min().unwrap(),
            spans[1..4].iter().map(|s| s.0).max().unwrap(),
        );
        assert!(
            last_start < first_end,
            "siblings ran one after another: {spans:?}"
        );
        assert!(spans[4].2, "4's parent (1) failed and 4 was told so");
        assert!(!spans[2].2 && !spans[3].2);
    }
}
