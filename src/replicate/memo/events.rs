//! Which pool history events concern a replication's trees (pure logic over names, so every
//! case is unit-tested without ZFS).

use zsplice_zfs::HistoryEvent;

/// Events that move snapshots or datasets under a name their record does not carry: a rename
/// is recorded under the old name only, a promote under the clone while its origin loses
/// snapshots, and an unnamed event of an old pool could be anything. Each touches every tree.
const EVERYWHERE: [&str; 3] = ["rename", "promote", "(numbered event)"];

/// Events zsplice's own transfers leave on datasets they do not otherwise change: holds
/// placed on the snapshots sent and released afterwards.
const HOLDS: [&str; 2] = ["hold", "release"];

/// The dataset an event's name belongs to: a snapshot's dataset, and a receive's temporary
/// clone (`fs/%recv`) counts as its filesystem.
fn dataset_of(name: &str) -> &str {
    let name = name.split_once('@').map_or(name, |(d, _)| d);
    match name.rsplit_once('/') {
        Some((parent, last)) if last.starts_with('%') => parent,
        _ => name,
    }
}

/// Whether `a` is `b` or inside it.
fn within(a: &str, b: &str) -> bool {
    a == b || a.strip_prefix(b).is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `event` may have changed what is read of the trees rooted at `roots`: a change to a
/// dataset in one of them (a new child included), or to one above one (destroyed or renamed
/// with everything below). Records that only echo a request or a command line carry no event
/// (the change they made has its own record) and touch nothing.
pub fn touches(event: &HistoryEvent, roots: &[String]) -> bool {
    let Some(kind) = event.event.as_deref() else {
        return false;
    };
    if EVERYWHERE.contains(&kind) {
        return true;
    }
    let Some(name) = event.dataset.as_deref() else {
        // A pool-level event (a scrub, a vdev change): no dataset's snapshots moved.
        return false;
    };
    let ds = dataset_of(name);
    roots.iter().any(|r| within(ds, r) || within(r, ds))
}

/// Whether `event`, made while a run was going, is the run's own: a hold or release, or any
/// change to a dataset the run received into (`received`). A renaming or promoting event is
/// never explained.
pub fn explained(event: &HistoryEvent, received: &[String]) -> bool {
    let Some(kind) = event.event.as_deref() else {
        return true;
    };
    if EVERYWHERE.contains(&kind) {
        return false;
    }
    if HOLDS.contains(&kind) {
        return true;
    }
    event
        .dataset
        .as_deref()
        .is_some_and(|name| received.iter().any(|r| r == dataset_of(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: &str, ds: &str) -> HistoryEvent {
        HistoryEvent {
            event: Some(kind.to_string()),
            dataset: (!ds.is_empty()).then(|| ds.to_string()),
        }
    }

    fn roots() -> Vec<String> {
        vec!["src/many".to_string(), "dst/many".to_string()]
    }

    #[test]
    fn changes_inside_a_tree_touch_it() {
        for name in [
            "src/many",
            "src/many@s1",
            "src/many/c001@s2",
            "src/many/new",
            "dst/many/c001/%recv",
        ] {
            assert!(touches(&ev("snapshot", name), &roots()), "{name}");
        }
    }

    #[test]
    fn a_change_above_a_tree_touches_it_and_a_sibling_does_not() {
        assert!(touches(&ev("destroy", "dst"), &roots()));
        assert!(!touches(&ev("snapshot", "src/manyother@s"), &roots()));
        assert!(!touches(&ev("snapshot", "src/other/x@s"), &roots()));
        // Conservative: a snapshot of a dataset above a tree counts (rarely taken alone).
        assert!(touches(&ev("snapshot", "dst@s"), &roots()));
    }

    #[test]
    fn renames_and_promotes_touch_everything_and_echoes_nothing() {
        assert!(touches(&ev("rename", "elsewhere/x"), &roots()));
        assert!(touches(&ev("promote", "elsewhere/x"), &roots()));
        let echo = HistoryEvent {
            event: None,
            dataset: Some("src/many".into()),
        };
        assert!(!touches(&echo, &roots()));
        assert!(!touches(&ev("scan setup", ""), &roots()));
    }

    #[test]
    fn a_runs_own_events_are_its_receives_and_holds() {
        let received = vec!["dst/many/c010".to_string()];
        assert!(explained(&ev("receive", "dst/many/c010/%recv"), &received));
        assert!(explained(
            &ev("finish receiving", "dst/many/c010/%recv"),
            &received
        ));
        assert!(explained(&ev("snapshot", "dst/many/c010@s2"), &received));
        assert!(explained(&ev("hold", "src/many/c020@s2"), &received));
        assert!(explained(&ev("release", "dst/many/c030@s1"), &received));
        assert!(!explained(&ev("snapshot", "dst/many/c020@x"), &received));
        assert!(!explained(&ev("destroy", "src/many/c010@s1"), &received));
        assert!(!explained(&ev("rename", "dst/many/c010"), &received));
        assert!(!explained(
            &ev("snapshot", "dst/many/c010/child@s"),
            &received
        ));
    }
}
