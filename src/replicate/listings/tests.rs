use super::*;
use zsplice_zfs::{DatasetName, PropValue, Property};

fn dataset(name: &str, guid: u64, snapshots_changed: Option<u64>) -> DatasetInfo {
    with_newest(name, guid, snapshots_changed, None)
}

/// `dataset` whose newest snapshot (`prevsnap`) is `newest`.
fn with_newest(
    name: &str,
    guid: u64,
    snapshots_changed: Option<u64>,
    newest: Option<&str>,
) -> DatasetInfo {
    let mut properties = std::collections::BTreeMap::new();
    if let Some(n) = newest {
        properties.insert(
            "prevsnap".to_string(),
            Property {
                value: PropValue::Text(format!("{name}@{n}")),
                source: None,
            },
        );
    }
    if let Some(t) = snapshots_changed {
        properties.insert(
            "snapshots_changed".to_string(),
            Property {
                value: PropValue::Number(t),
                source: None,
            },
        );
    }
    DatasetInfo {
        name: ListedName::Dataset(DatasetName::new(name).unwrap()),
        kind: DatasetType::Filesystem,
        guid,
        createtxg: 5,
        creation: 0,
        inconsistent: false,
        properties,
    }
}

fn snaps(ds: &str, list: &[(&str, u64)]) -> Vec<DatasetInfo> {
    list.iter()
        .enumerate()
        .map(|(i, (n, g))| DatasetInfo {
            name: ListedName::Snapshot(SnapshotName::new(&format!("{ds}@{n}")).unwrap()),
            kind: DatasetType::Snapshot,
            guid: *g,
            createtxg: 10 + i as u64,
            creation: 0,
            inconsistent: false,
            properties: Default::default(),
        })
        .collect()
}

fn identities(list: &[DatasetInfo]) -> Vec<(String, u64, u64)> {
    list.iter()
        .map(|s| (s.name.as_str().to_string(), s.guid, s.createtxg))
        .collect()
}

#[test]
fn a_listing_made_after_the_last_change_is_used_again_while_nothing_changes() {
    let cache = ListingCache::default();
    let ds = dataset("p/a", 7, Some(1000));
    let listed = snaps("p/a", &[("s1", 1), ("s2", 2)]);
    cache.remember_listed(&ds, 1001, &listed);
    let again = cache.lookup(&ds).expect("remembered");
    assert_eq!(identities(&again), identities(&listed));
    assert!(again.iter().all(|s| s.kind == DatasetType::Snapshot));
    // A snapshot taken or destroyed since moves snapshots_changed.
    assert!(cache.lookup(&dataset("p/a", 7, Some(1002))).is_none());
}

#[test]
fn a_listing_made_in_the_second_of_the_last_change_is_not_trusted() {
    // Another snapshot in that same second would leave snapshots_changed as it was.
    let cache = ListingCache::default();
    let ds = dataset("p/a", 7, Some(1000));
    cache.remember_listed(&ds, 1000, &snaps("p/a", &[("s1", 1)]));
    assert!(cache.lookup(&ds).is_none());
}

#[test]
fn a_listing_made_in_the_second_of_the_last_change_holds_while_its_newest_is_the_newest() {
    let cache = ListingCache::default();
    let ds = with_newest("p/a", 7, Some(1000), Some("s2"));
    cache.remember_listed(&ds, 1000, &snaps("p/a", &[("s1", 1), ("s2", 2)]));
    assert_eq!(cache.lookup(&ds).expect("remembered").len(), 2);
    // A snapshot taken later in that second is the newest now; so is the one before a newest
    // destroyed or renamed in it.
    for other in ["s3", "s1"] {
        let moved = with_newest("p/a", 7, Some(1000), Some(other));
        assert!(cache.lookup(&moved).is_none(), "{other}");
    }
    assert!(cache.lookup(&dataset("p/a", 7, Some(1000))).is_none());
}

#[test]
fn a_destination_is_remembered_from_what_it_received_when_that_is_its_newest() {
    let cache = ListingCache::default();
    let before = snaps("p/d", &[("s1", 1)]);
    let sent = snaps("p/s", &[("s2", 2), ("s3", 3)]);
    let dest = with_newest("p/d", 9, Some(2000), Some("s3"));
    cache.remember_received(&dest, 2000, &before, &sent);
    let again = cache.lookup(&dest).expect("remembered");
    let names: Vec<String> = again.iter().map(|s| s.name.as_str().to_string()).collect();
    assert_eq!(names, ["p/d@s1", "p/d@s2", "p/d@s3"]);
    assert_eq!(again[2].guid, 3);
    // Someone took a snapshot after the receive, in its second: listed again.
    let foreign = with_newest("p/d", 9, Some(2000), Some("theirs"));
    assert!(cache.lookup(&foreign).is_none());

    // Not recorded at all when the newest is not what was received last.
    let other = ListingCache::default();
    other.remember_received(&foreign, 2000, &before, &sent);
    assert!(other.lookup(&foreign).is_none());
    other.remember_received(&dest, 2000, &before, &[]);
    assert!(other.lookup(&dest).is_none());
}

#[test]
fn destroyed_snapshots_and_forgotten_datasets_leave_the_cache_and_its_file() {
    let dir = std::env::temp_dir().join(format!("zsplice-forget-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (a, b) = (
        with_newest("p/a", 1, Some(100), Some("s2")),
        dataset("p/b", 2, Some(100)),
    );
    let first = ListingCache::open(&dir);
    first.remember_listed(&a, 100, &snaps("p/a", &[("s1", 11), ("s2", 12)]));
    first.remember_listed(&b, 101, &snaps("p/b", &[("s1", 21)]));
    first.save();

    let second = ListingCache::open(&dir);
    second.forget_snapshots("p/a", &["s1"]);
    second.forget(&["p/b"]);
    assert!(second.lookup(&b).is_none());
    second.save();
    let third = ListingCache::open(&dir);
    assert_eq!(third.lookup(&a).expect("kept").len(), 1);
    assert!(third.lookup(&b).is_none(), "forgotten in the file too");
    // Recorded again after being forgotten: kept.
    third.remember_listed(&b, 101, &snaps("p/b", &[("s1", 21)]));
    third.save();
    assert!(ListingCache::open(&dir).lookup(&b).is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn nothing_is_remembered_without_snapshots_changed() {
    // OpenZFS 2.1 has no such property; 0 means the pool never recorded a change.
    let cache = ListingCache::default();
    for t in [None, Some(0)] {
        let ds = dataset("p/a", 7, t);
        cache.remember_listed(&ds, 5000, &snaps("p/a", &[("s1", 1)]));
        assert!(cache.lookup(&ds).is_none());
    }
}

#[test]
fn another_dataset_of_the_same_name_or_a_renamed_one_is_listed_again() {
    let cache = ListingCache::default();
    cache.remember_listed(
        &dataset("p/a", 7, Some(1000)),
        1001,
        &snaps("p/a", &[("s1", 1)]),
    );
    assert!(cache.lookup(&dataset("p/a", 8, Some(1000))).is_none());
    assert!(cache.lookup(&dataset("p/b", 7, Some(1000))).is_none());
}

#[test]
fn the_file_keeps_listings_between_runs_and_merges_two_writers() {
    let dir = std::env::temp_dir().join(format!("zsplice-listings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (a, b) = (dataset("p/a", 1, Some(100)), dataset("p/b", 2, Some(100)));
    let first = ListingCache::open(&dir);
    let second = ListingCache::open(&dir);
    first.remember_listed(&a, 101, &snaps("p/a", &[("s1", 11)]));
    second.remember_listed(&b, 101, &snaps("p/b", &[("s1", 21)]));
    first.save();
    second.save();
    let next = ListingCache::open(&dir);
    assert_eq!(next.lookup(&a).unwrap()[0].guid, 11);
    assert_eq!(next.lookup(&b).unwrap()[0].guid, 21);

    // A damaged file is started afresh, not an error.
    std::fs::write(dir.join(FILE_NAME), b"{ not json").unwrap();
    let damaged = ListingCache::open(&dir);
    assert!(damaged.lookup(&a).is_none());
    damaged.remember_listed(&a, 101, &snaps("p/a", &[("s1", 11)]));
    damaged.save();
    assert!(ListingCache::open(&dir).lookup(&a).is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}
