//! Pool-level facts: which pools are imported (`ZFS_IOC_POOL_CONFIGS`), and through
//! `ZFS_IOC_POOL_STATS` which pool features are enabled, which is what decides whether a stream
//! (or a send flag) can be received on a pool.

use std::collections::BTreeMap;

use libzfs_sys as zsys;

use crate::error::Result;
use crate::handle::Zfs;
use crate::ioctl::{list_error, Cmd};
use crate::nvlist::{NvList, NvValue};

impl Zfs {
    /// The pool features enabled on `pool`, by guid (e.g. "org.open-zfs:large_blocks") with
    /// their reference counts (0: enabled, not yet in use). A feature that is absent is
    /// disabled: a stream that needs it cannot be received there. One `ZFS_IOC_POOL_STATS`.
    pub fn pool_features(&self, pool: &str) -> Result<BTreeMap<String, u64>> {
        let mut cmd = Cmd::new();
        cmd.run(self, zsys::ZFS_IOC_POOL_STATS, pool)
            .map_err(|e| list_error(pool, e))?;
        let len = (cmd.zc.zc_nvlist_dst_size as usize).min(cmd.buf.len());
        let config = NvList::unpack(&cmd.buf[..len])?;
        let mut out = BTreeMap::new();
        if let Some(NvValue::List(features)) = config.get("feature_stats") {
            for pair in features.iter() {
                if let Some(n) = pair.value().as_u64() {
                    out.insert(pair.name().into_owned(), n);
                }
            }
        }
        Ok(out)
    }

    /// The names of the imported pools, sorted. One `ZFS_IOC_POOL_CONFIGS`, which answers
    /// every pool's configuration keyed by its name.
    pub fn pools(&self) -> Result<Vec<String>> {
        let mut cmd = Cmd::new();
        // Generation 0: the kernel's is at least 1, so it always answers (EEXIST means "no
        // change since that generation").
        cmd.zc.zc_cookie = 0;
        cmd.run(self, zsys::ZFS_IOC_POOL_CONFIGS, "")
            .map_err(|e| list_error("(pools)", e))?;
        let len = (cmd.zc.zc_nvlist_dst_size as usize).min(cmd.buf.len());
        let configs = NvList::unpack(&cmd.buf[..len])?;
        let mut names: Vec<String> = configs.iter().map(|p| p.name().into_owned()).collect();
        names.sort();
        Ok(names)
    }
}
