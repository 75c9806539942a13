use super::*;
use zsplice_zfs::{DatasetName, PropValue, Property};

fn dataset(name: &str, guid: u64, snapshots_changed: Option<u64>) -> DatasetInfo {
    let mut properties = std::collections::BTreeMap::new();
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
