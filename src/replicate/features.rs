//! Which pool features a stream needs at the receiving pool, and send flags fitted to what the
//! destination pool has. A stream that uses a feature the receiving pool has not enabled fails
//! deep inside the receive; checking first gives the user a sentence naming the feature instead.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use zsplice_stream::drr::features::{
    EMBED_DATA, LARGE_BLOCKS, LARGE_DNODE, LARGE_MICROZAP, LONGNAME, LZ4, RAW, REDACTED, ZSTD,
};
use zsplice_zfs::release::{Line, Release};
use zsplice_zfs::{SendFlags, Zfs};

use crate::error::EngineError;

/// Pool features by guid with their reference counts, as `Zfs::pool_features` reports them.
pub type PoolFeatures = BTreeMap<String, u64>;

/// `DMU_BACKUP_FEATURE_*` bits of a stream and the pool feature each needs on the receiver.
const STREAM_NEEDS: [(u64, &str, &str); 9] = [
    (EMBED_DATA, "embedded_data", "com.delphix:embedded_data"),
    (LZ4, "lz4", "org.illumos:lz4_compress"),
    (LARGE_BLOCKS, "large_blocks", "org.open-zfs:large_blocks"),
    (REDACTED, "redacted", "com.delphix:redacted_datasets"),
    (LARGE_DNODE, "large_dnode", "org.zfsonlinux:large_dnode"),
    (RAW, "raw (encrypted)", "com.datto:encryption"),
    (ZSTD, "zstd", "org.freebsd:zstd_compress"),
    (LONGNAME, "longname", "org.zfsonlinux:longname"),
    (
        LARGE_MICROZAP,
        "large_microzap",
        "com.klarasystems:large_microzap",
    ),
];

/// Stream features younger than the oldest release zsplice works with (2.1), and the release
/// line that brought each: a module older than that cannot have the pool feature at all.
const SINCE: [(u64, Line); 2] = [
    (LONGNAME, Line { major: 2, minor: 3 }),
    (LARGE_MICROZAP, Line { major: 2, minor: 3 }),
];

/// The pool features a stream with `features` needs that `pool` lacks, as "stream feature
/// (pool feature)" phrases; empty when it can be received there. With the loaded module's
/// `release`, a feature that release does not have at all says which release brought it.
pub fn missing_for_stream(
    features: u64,
    pool: &PoolFeatures,
    release: Option<Release>,
) -> Vec<String> {
    STREAM_NEEDS
        .iter()
        .filter(|(bit, _, guid)| features & bit != 0 && !pool.contains_key(*guid))
        .map(|(bit, what, guid)| {
            let short = guid.split_once(':').map_or(*guid, |(_, n)| n);
            let since = SINCE.iter().find(|(b, _)| b == bit).map(|(_, line)| *line);
            match (since, release) {
                (Some(since), Some(r)) if r.line < since => format!(
                    "{what} (feature@{short}, which OpenZFS {since} brought; this machine runs \
                     {r})"
                ),
                _ => format!("{what} (feature@{short})"),
            }
        })
        .collect()
}

/// `flags` without what the destination pool could not receive: embedded blocks need
/// embedded_data, large blocks need large_blocks (without it they are split to 128 KiB), and
/// compressed blocks travel compressed only when lz4 is there (otherwise they are sent
/// decompressed and the receiver compresses by its own settings).
pub fn fit_to_pool(flags: SendFlags, pool: &PoolFeatures) -> SendFlags {
    SendFlags {
        embedded: flags.embedded && pool.contains_key("com.delphix:embedded_data"),
        large_blocks: flags.large_blocks && pool.contains_key("org.open-zfs:large_blocks"),
        compressed: flags.compressed && pool.contains_key("org.illumos:lz4_compress"),
        raw: flags.raw,
    }
}

/// Whether receives into the pool can be resumable: the partial state and its token live in the
/// dataset's extensible ZAP, which needs `extensible_dataset` (a resumable receive into an older
/// pool fails with "not supported").
pub fn can_resume(pool: &PoolFeatures) -> bool {
    pool.contains_key("com.delphix:extensible_dataset")
}

/// Pool features looked up once per pool per job: every dataset of a job that lands on one pool
/// shares one `ZFS_IOC_POOL_STATS`.
#[derive(Debug, Default)]
pub struct FeatureCache {
    pools: Mutex<HashMap<String, Arc<PoolFeatures>>>,
}

impl FeatureCache {
    /// The features of `pool`, asked of ZFS the first time only; fails when the pool cannot be
    /// read (such as a pool that is not imported).
    pub fn get(&self, zfs: &Zfs, pool: &str) -> Result<Arc<PoolFeatures>, EngineError> {
        let mut pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = pools.get(pool) {
            return Ok(f.clone());
        }
        let f = Arc::new(zfs.pool_features(pool)?);
        pools.insert(pool.to_string(), f.clone());
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(features: &[&str]) -> PoolFeatures {
        features.iter().map(|f| (f.to_string(), 0)).collect()
    }

    #[test]
    fn flags_drop_what_the_pool_lacks() {
        let all = SendFlags {
            embedded: true,
            large_blocks: true,
            compressed: true,
            raw: true,
        };
        let full = pool(&[
            "com.delphix:embedded_data",
            "org.open-zfs:large_blocks",
            "org.illumos:lz4_compress",
        ]);
        assert_eq!(fit_to_pool(all, &full), all);
        let old = pool(&["org.illumos:lz4_compress"]);
        assert_eq!(
            fit_to_pool(all, &old),
            SendFlags {
                embedded: false,
                large_blocks: false,
                compressed: true,
                raw: true
            }
        );
    }

    #[test]
    fn a_stream_names_the_features_it_misses() {
        use zsplice_stream::drr::features::COMPRESSED;
        let features = EMBED_DATA | COMPRESSED | ZSTD;
        let p = pool(&["com.delphix:embedded_data"]);
        assert_eq!(
            missing_for_stream(features, &p, None),
            ["zstd (feature@zstd_compress)"]
        );
        assert!(missing_for_stream(EMBED_DATA, &p, None).is_empty());
    }

    #[test]
    fn a_feature_younger_than_the_module_names_the_release_that_brought_it() {
        let p = pool(&[]);
        let old = Release::parse("2.2.2-1");
        assert_eq!(
            missing_for_stream(LONGNAME, &p, old),
            ["longname (feature@longname, which OpenZFS 2.3 brought; this machine runs 2.2.2)"]
        );
        // A release that has it: the pool merely lacks it enabled.
        let new = Release::parse("2.4.4-1");
        assert_eq!(
            missing_for_stream(LONGNAME, &p, new),
            ["longname (feature@longname)"]
        );
        assert_eq!(
            missing_for_stream(ZSTD, &p, old),
            ["zstd (feature@zstd_compress)"]
        );
    }
}
