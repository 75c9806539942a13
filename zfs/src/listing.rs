//! Listing datasets and snapshots through the `/dev/zfs` ioctls libzfs_core has no call for:
//! `ZFS_IOC_DATASET_LIST_NEXT` (children of a dataset), `ZFS_IOC_SNAPSHOT_LIST_NEXT` (its
//! snapshots) and `ZFS_IOC_OBJSET_STATS` (one dataset). Each answer carries the dataset's fast
//! stats (guid, createtxg, type) and its properties as a packed nvlist, so one ioctl per dataset
//! is all a listing costs.

use std::collections::BTreeMap;

use libzfs_sys as zsys;

use crate::error::{Error, Op, Result};
use crate::handle::Zfs;
use crate::ioctl::{list_error, Cmd};
use crate::name::{DatasetName, ListedName};
use crate::nvlist::{NvList, NvValue};
use crate::types::{DatasetInfo, DatasetType, PropValue, Property};

/// What a list or stats ioctl just returned into `cmd`.
fn dataset_info(cmd: &Cmd) -> Result<DatasetInfo> {
    let stats = &cmd.zc.zc_objset_stats;
    let name = cmd.name();
    let kind = if stats.dds_is_snapshot != 0 {
        DatasetType::Snapshot
    } else if stats.dds_type == zsys::DMU_OST_ZVOL {
        DatasetType::Volume
    } else {
        DatasetType::Filesystem
    };
    let mut properties = BTreeMap::new();
    if cmd.props && cmd.zc.zc_nvlist_dst_filled != zsys::B_FALSE {
        let len = (cmd.zc.zc_nvlist_dst_size as usize).min(cmd.buf.len());
        let nv = NvList::unpack(&cmd.buf[..len])?;
        for pair in nv.iter() {
            let NvValue::List(entry) = pair.value() else {
                continue;
            };
            let value = match entry.get("value") {
                Some(NvValue::Str(s)) => PropValue::Text(s.into_owned()),
                Some(v) => match v.as_u64() {
                    Some(n) => PropValue::Number(n),
                    None => continue,
                },
                None => continue,
            };
            // The kernel names the dataset a value comes from; "local" is that name being
            // our own (as zfs(8) shows it).
            let source = entry.get_str("source").ok().map(|s| {
                if s == name.as_str() {
                    "local".to_string()
                } else {
                    s.into_owned()
                }
            });
            properties.insert(pair.name().into_owned(), Property { value, source });
        }
    }
    let creation = match properties.get("creation").map(|p| &p.value) {
        Some(PropValue::Number(n)) => *n,
        _ => 0,
    };
    Ok(DatasetInfo {
        name: ListedName::from_kernel(name, kind == DatasetType::Snapshot),
        kind,
        guid: stats.dds_guid,
        createtxg: stats.dds_creation_txg,
        creation,
        inconsistent: stats.dds_inconsistent != 0,
        properties,
    })
}

impl Zfs {
    /// One dataset, snapshot or volume with its properties.
    pub fn dataset(&self, name: &str) -> Result<DatasetInfo> {
        let mut cmd = Cmd::new();
        cmd.run(self, zsys::ZFS_IOC_OBJSET_STATS, name)
            .map_err(|e| list_error(name, e))?;
        let mut info = dataset_info(&cmd)?;
        // The name as asked (the kernel found it, so it is a real one).
        info.name = ListedName::from_kernel(name.to_string(), info.kind == DatasetType::Snapshot);
        Ok(info)
    }

    /// The direct children of `parent` (filesystems and volumes), in the kernel's order.
    pub fn children(&self, parent: &DatasetName) -> Result<Vec<DatasetInfo>> {
        let out = self.children_unchecked(parent)?;
        // An empty answer from a dataset that does not exist must not read as "no children".
        if out.is_empty() && !self.exists(parent.as_str()) {
            return Err(Error::from_errno(Op::List, parent.as_str(), libc::ENOENT));
        }
        Ok(out)
    }

    /// `children` of a parent just seen to exist (saves one ioctl per leaf).
    fn children_unchecked(&self, parent: &DatasetName) -> Result<Vec<DatasetInfo>> {
        let mut cmd = Cmd::new();
        let mut out = Vec::new();
        loop {
            match cmd.run(self, zsys::ZFS_IOC_DATASET_LIST_NEXT, parent.as_str()) {
                Ok(()) => out.push(dataset_info(&cmd)?),
                Err(e) if e.raw_os_error() == Some(libc::ESRCH) => break,
                Err(e) => return Err(list_error(parent.as_str(), e)),
            }
        }
        Ok(out)
    }

    /// `root` and every filesystem and volume below it, parents before children, each level
    /// sorted by name.
    pub fn descendants(&self, root: &DatasetName) -> Result<Vec<DatasetInfo>> {
        let mut out = vec![self.dataset(root.as_str())?];
        let mut i = 0;
        while i < out.len() {
            let name = out[i].name.dataset();
            let mut kids = self.children_unchecked(&name)?;
            kids.sort_by(|a, b| a.name.cmp(&b.name));
            out.extend(kids);
            i += 1;
        }
        Ok(out)
    }

    /// The snapshots of one dataset, oldest first (by createtxg, then name).
    pub fn snapshots(&self, fs: &DatasetName) -> Result<Vec<DatasetInfo>> {
        self.list_snapshots(fs, Cmd::new())
    }

    /// The snapshots of one dataset with their identity only: name, guid, createtxg (and
    /// `inconsistent`); `properties` is empty and `creation` is 0. What planning needs, at a
    /// fraction of the cost: the kernel gathers no properties.
    pub fn snapshot_identities(&self, fs: &DatasetName) -> Result<Vec<DatasetInfo>> {
        self.list_snapshots(fs, Cmd::identity_only(self.simple_listing))
    }

    fn list_snapshots(&self, fs: &DatasetName, mut cmd: Cmd) -> Result<Vec<DatasetInfo>> {
        let mut out = Vec::new();
        loop {
            match cmd.run(self, zsys::ZFS_IOC_SNAPSHOT_LIST_NEXT, fs.as_str()) {
                Ok(()) => out.push(dataset_info(&cmd)?),
                Err(e) if e.raw_os_error() == Some(libc::ESRCH) => {
                    if out.is_empty() && !self.exists(fs.as_str()) {
                        return Err(Error::from_errno(Op::List, fs.as_str(), libc::ENOENT));
                    }
                    break;
                }
                Err(e) => return Err(list_error(fs.as_str(), e)),
            }
        }
        out.sort_by(|a, b| (a.createtxg, &a.name).cmp(&(b.createtxg, &b.name)));
        Ok(out)
    }
}
