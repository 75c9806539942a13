//! Listing datasets and snapshots through the `/dev/zfs` ioctls libzfs_core has no call for:
//! `ZFS_IOC_DATASET_LIST_NEXT` (children of a dataset), `ZFS_IOC_SNAPSHOT_LIST_NEXT` (its
//! snapshots) and `ZFS_IOC_OBJSET_STATS` (one dataset). Each answer carries the dataset's fast
//! stats (guid, createtxg, type) and its properties as a packed nvlist, so one ioctl per dataset
//! is all a listing costs.

use std::collections::BTreeMap;

use libzfs_sys as zsys;

use crate::core::Zfs;
use crate::error::{Error, Op, Result};
use crate::name::DatasetName;
use crate::nvlist::{NvList, NvValue};

/// What kind of dataset an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatasetType {
    Filesystem,
    Volume,
    Snapshot,
}

impl DatasetType {
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetType::Filesystem => "filesystem",
            DatasetType::Volume => "volume",
            DatasetType::Snapshot => "snapshot",
        }
    }
}

/// A property value as the kernel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropValue {
    Number(u64),
    Text(String),
}

impl std::fmt::Display for PropValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PropValue::Number(n) => write!(f, "{n}"),
            PropValue::Text(s) => f.write_str(s),
        }
    }
}

/// One property: its value and, for settable ones, where it comes from ("local", a dataset name
/// for inherited, "$recvd" for received); None for read-only statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub value: PropValue,
    pub source: Option<String>,
}

/// A dataset or snapshot with its identity and properties.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub name: String,
    pub kind: DatasetType,
    pub guid: u64,
    pub createtxg: u64,
    /// Creation time, seconds since the epoch.
    pub creation: u64,
    /// A receive into it was interrupted and left partial state.
    pub inconsistent: bool,
    /// Every property the kernel reported, by name (user properties included).
    pub properties: BTreeMap<String, Property>,
}

impl DatasetInfo {
    pub fn prop_u64(&self, name: &str) -> Option<u64> {
        match self.properties.get(name)?.value {
            PropValue::Number(n) => Some(n),
            PropValue::Text(ref s) => s.parse().ok(),
        }
    }
    pub fn prop_str(&self, name: &str) -> Option<&str> {
        match &self.properties.get(name)?.value {
            PropValue::Text(s) => Some(s),
            PropValue::Number(_) => None,
        }
    }
    /// Space written since the previous snapshot (for a snapshot) or since the newest snapshot.
    pub fn written(&self) -> Option<u64> {
        self.prop_u64("written")
    }
    pub fn used(&self) -> Option<u64> {
        self.prop_u64("used")
    }
    /// The kernel reports only properties that are set somewhere; an absent `readonly` is its
    /// default, off.
    pub fn readonly(&self) -> bool {
        self.prop_u64("readonly").is_some_and(|v| v != 0)
    }
    /// True when the dataset is encrypted (`encryption` is anything but off).
    pub fn encrypted(&self) -> bool {
        // ZIO_CRYPT_OFF is 2 in the property's index table (0 inherit, 1 on, 2 off).
        matches!(self.prop_u64("encryption"), Some(v) if v != 2)
    }
    /// The token an interrupted resumable receive left, if any.
    pub fn receive_resume_token(&self) -> Option<&str> {
        self.prop_str("receive_resume_token")
            .filter(|t| !t.is_empty() && *t != "-")
    }
    /// A user property (`module:name`).
    pub fn user_property(&self, name: &str) -> Option<&str> {
        self.prop_str(name)
    }
}

/// Starting size of the property buffer; the kernel says when it needs more.
const INITIAL_NVLIST_BUF: usize = 16 * 1024;

/// A heap-allocated `zfs_cmd_t` (13.7 KB: too large to move around on the stack casually).
struct Cmd {
    zc: Box<zsys::zfs_cmd_t>,
    buf: Vec<u8>,
    /// Ask for properties; without them the kernel returns only the fast stats (guid,
    /// createtxg, type, inconsistent) and skips gathering every property of every entry, which
    /// is most of a listing's cost.
    props: bool,
}

impl Cmd {
    fn new() -> Cmd {
        Cmd {
            // SAFETY: zfs_cmd_t is plain old data (integers, byte arrays, nested POD structs);
            // all-zero is its documented initial state (libzfs zero-fills it too).
            zc: Box::new(unsafe { std::mem::zeroed() }),
            buf: vec![0u8; INITIAL_NVLIST_BUF],
            props: true,
        }
    }

    /// A command that asks for fast stats only (no property list).
    fn identity_only() -> Cmd {
        Cmd {
            props: false,
            buf: Vec::new(),
            ..Cmd::new()
        }
    }

    fn set_name(&mut self, name: &str) {
        let dst = &mut self.zc.zc_name;
        dst.fill(0);
        let room = dst.len() - 1;
        for (d, s) in dst.iter_mut().zip(name.bytes().take(room)) {
            *d = s as std::ffi::c_char;
        }
    }

    fn name(&self) -> String {
        let bytes: Vec<u8> = self
            .zc
            .zc_name
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Runs one ioctl for `name`, growing the property buffer when the kernel asks (ENOMEM)
    /// and restoring the iteration cookie so the retry returns the same entry.
    fn run(&mut self, zfs: &Zfs, request: zsys::zfs_ioc, name: &str) -> std::io::Result<()> {
        let cookie = self.zc.zc_cookie;
        loop {
            self.set_name(name);
            self.zc.zc_cookie = cookie;
            // A zero destination tells the kernel not to gather properties at all.
            self.zc.zc_nvlist_dst = if self.props {
                self.buf.as_mut_ptr() as u64
            } else {
                0
            };
            self.zc.zc_nvlist_dst_size = self.buf.len() as u64;
            self.zc.zc_nvlist_dst_filled = zsys::B_FALSE;
            self.zc.zc_objset_stats.dds_creation_txg = 0;
            // SAFETY: zc is a valid, fully initialised zfs_cmd_t; zc_nvlist_dst points at
            // self.buf, which is valid for zc_nvlist_dst_size bytes and outlives the call; the
            // kernel writes no more than that size into it (put_nvlist checks).
            let rc = unsafe {
                libc::ioctl(
                    zfs.dev_fd(),
                    request as zsys::ioctl_request_t,
                    &mut *self.zc as *mut zsys::zfs_cmd_t,
                )
            };
            if rc == 0 {
                return Ok(());
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::ENOMEM) => {
                    let need = (self.zc.zc_nvlist_dst_size as usize).max(self.buf.len() * 2);
                    self.buf = vec![0u8; need];
                }
                Some(libc::EINTR) => {}
                _ => return Err(err),
            }
        }
    }

    fn info(&self) -> Result<DatasetInfo> {
        let stats = &self.zc.zc_objset_stats;
        let name = self.name();
        let kind = if stats.dds_is_snapshot != 0 {
            DatasetType::Snapshot
        } else if stats.dds_type == zsys::DMU_OST_ZVOL {
            DatasetType::Volume
        } else {
            DatasetType::Filesystem
        };
        let mut properties = BTreeMap::new();
        if self.props && self.zc.zc_nvlist_dst_filled != zsys::B_FALSE {
            let len = (self.zc.zc_nvlist_dst_size as usize).min(self.buf.len());
            let nv = NvList::unpack(&self.buf[..len])?;
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
            name,
            kind,
            guid: stats.dds_guid,
            createtxg: stats.dds_creation_txg,
            creation,
            inconsistent: stats.dds_inconsistent != 0,
            properties,
        })
    }
}

fn list_error(name: &str, err: std::io::Error) -> Error {
    let errno = err.raw_os_error().unwrap_or(libc::EIO);
    // The list ioctls say ESRCH for "no such dataset" as well as "end of list".
    let errno = if errno == libc::ESRCH {
        libc::ENOENT
    } else {
        errno
    };
    Error::from_errno(Op::List, name, errno)
}

impl Zfs {
    /// One dataset, snapshot or volume with its properties.
    pub fn dataset(&self, name: &str) -> Result<DatasetInfo> {
        let mut cmd = Cmd::new();
        cmd.run(self, zsys::ZFS_IOC_OBJSET_STATS, name)
            .map_err(|e| list_error(name, e))?;
        let mut info = cmd.info()?;
        info.name = name.to_string();
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
                Ok(()) => out.push(cmd.info()?),
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
            let name = DatasetName::new(&out[i].name)?;
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
        self.list_snapshots(fs, Cmd::identity_only())
    }

    fn list_snapshots(&self, fs: &DatasetName, mut cmd: Cmd) -> Result<Vec<DatasetInfo>> {
        let mut out = Vec::new();
        loop {
            match cmd.run(self, zsys::ZFS_IOC_SNAPSHOT_LIST_NEXT, fs.as_str()) {
                Ok(()) => out.push(cmd.info()?),
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
}
