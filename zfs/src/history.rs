//! A pool's history (`ZFS_IOC_POOL_GET_HISTORY`, what `zpool history -i` prints): the kernel
//! appends a record for every change to a dataset (snapshot taken, destroyed or renamed, a
//! receive begun or finished, a hold, a property set), in the same transaction group as the
//! change and naming the dataset. Reading what was appended since a known offset tells which
//! datasets changed in one or two requests, where reading the datasets themselves costs one
//! request each (and, for an unmounted dataset, the building of its object set).
//!
//! Offsets are logical byte positions in the pool's record log, which is a ring: old records
//! are overwritten once it is full. A read from an offset that was overwritten is reported as
//! [`Tail::lost`]. An offset is only meaningful within one import of the pool (a pool imported
//! with a rewind, or destroyed and created again, starts another log): [`Zfs::pool_instance`]
//! names the import, and an offset must be used with the instance it was read in.

use libzfs_sys as zsys;

use crate::error::{Error, Op, Result};
use crate::handle::Zfs;
use crate::ioctl::{list_error, Cmd};
use crate::nvlist::{NvList, NvValue};

/// Room for a pool's configuration (`ZFS_IOC_POOL_STATS`), about 20 KiB on a small pool.
const POOL_CONFIG_BUF: usize = 128 * 1024;

/// How much is read per request.
const CHUNK: usize = 1 << 20;

/// Past this much history since an offset, reading on costs more than reading the datasets.
const MAX_TAIL: u64 = 64 << 20;

/// The whole log is at most 1 GiB (the kernel's cap); a walk past that is a log misread.
const MAX_LOG: u64 = 2 << 30;

/// A record longer than this is a misread length (the kernel caps what a record keeps of a
/// request's output at 1 MiB).
const MAX_RECORD: usize = 16 << 20;

/// One record of a pool's history, as far as it names a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    /// The kernel's name for the change ("snapshot", "destroy", "receive", "hold", "rename",
    /// ...). None for records that only echo a request or a command line (the change they
    /// made has its own record).
    pub event: Option<String>,
    /// The dataset or snapshot the change was made to, as named when it was made.
    pub dataset: Option<String>,
}

/// What was appended to a pool's history since an offset.
#[derive(Debug, Clone, Default)]
pub struct Tail {
    /// The changes recorded, oldest first.
    pub events: Vec<HistoryEvent>,
    /// The offset after the last record: where the next read starts.
    pub end: u64,
    /// Records after the offset were overwritten before they were read (the log is a ring):
    /// `events` is not everything that happened.
    pub lost: bool,
}

impl Zfs {
    /// Names this import of `pool`: its guid and the moment it was loaded (to the
    /// nanosecond; 0 for a pool created since the module loaded, never imported), from
    /// `ZFS_IOC_POOL_STATS`. A pool exported and imported again, imported
    /// with a rewind, or destroyed and created again under the same name is another instance.
    /// None when the kernel does not say (history offsets then cannot be trusted across runs).
    pub fn pool_instance(&self, pool: &str) -> Option<String> {
        let mut cmd = Cmd::new();
        // A pool's configuration with its feature list outgrows the default buffer: sized
        // for it at once, the answer comes in one request.
        cmd.buf = vec![0u8; POOL_CONFIG_BUF];
        cmd.run(self, zsys::ZFS_IOC_POOL_STATS, pool).ok()?;
        let len = (cmd.zc.zc_nvlist_dst_size as usize).min(cmd.buf.len());
        let config = NvList::unpack(&cmd.buf[..len]).ok()?;
        let guid = config.get_u64("pool_guid").ok()?;
        let Some(NvValue::U64Array(&[secs, nanos])) = config.get("initial_load_time") else {
            return None;
        };
        // A pool created in this boot was never loaded: 0, which with its new guid is unique.
        Some(format!("{guid:x}:{secs}.{nanos:09}"))
    }

    /// The offset just after the last record of `pool`'s history, by reading the whole log
    /// once (its record lengths only). Starting past byte 0 keeps the kernel from waiting for
    /// a transaction group sync, which it does for a read from the very start.
    pub fn history_end(&self, pool: &str) -> Result<u64> {
        let mut buf = vec![0u8; CHUNK];
        // The first records (those of the pool's creation) are kept apart from the ring; a
        // read never crosses from them into it, so the first short read ends exactly there.
        let (n, mut offset) = self.history_read(pool, 1, &mut buf)?;
        if n == 0 || n == buf.len() {
            return Err(misread(pool));
        }
        let mut walked = 0u64;
        loop {
            let (n, next) = self.history_read(pool, offset, &mut buf)?;
            if n == 0 {
                return Ok(offset);
            }
            // An offset behind the ring's start is moved to it, which is a record boundary.
            let start = next.checked_sub(n as u64).ok_or_else(|| misread(pool))?;
            let whole = records(&buf[..n]).map(|r| 8 + r.len()).sum::<usize>();
            if whole == 0 {
                // One record longer than the buffer.
                grow(pool, &mut buf)?;
                offset = start;
                continue;
            }
            offset = start + whole as u64;
            if at_end(n, whole, buf.len()) {
                return Ok(offset);
            }
            walked += whole as u64;
            if walked > MAX_LOG {
                return Err(misread(pool));
            }
        }
    }

    /// The records appended to `pool`'s history since `offset`, which must be an end this
    /// import returned ([`Zfs::history_end`] or a [`Tail::end`]).
    pub fn history_since(&self, pool: &str, offset: u64) -> Result<Tail> {
        let mut buf = vec![0u8; CHUNK];
        let mut tail = Tail {
            end: offset,
            ..Tail::default()
        };
        loop {
            let (n, next) = self.history_read(pool, tail.end, &mut buf)?;
            if n == 0 {
                return Ok(tail);
            }
            let start = next.checked_sub(n as u64).ok_or_else(|| misread(pool))?;
            if start != tail.end {
                tail.lost = true;
            }
            let mut whole = 0;
            for record in records(&buf[..n]) {
                tail.events.push(event(pool, record)?);
                whole += 8 + record.len();
            }
            if whole == 0 {
                grow(pool, &mut buf)?;
            }
            tail.end = start + whole as u64;
            if at_end(n, whole, buf.len()) {
                return Ok(tail);
            }
            if tail.end - offset > MAX_TAIL {
                tail.lost = true;
                return Ok(tail);
            }
        }
    }

    /// One read of `pool`'s history from `offset` into `buf`: the bytes read and the offset
    /// after them.
    fn history_read(&self, pool: &str, offset: u64, buf: &mut [u8]) -> Result<(usize, u64)> {
        let mut cmd = Cmd::identity_only(false);
        cmd.zc.zc_history = buf.as_mut_ptr() as u64;
        cmd.zc.zc_history_len = buf.len() as u64;
        cmd.zc.zc_history_offset = offset;
        // Cmd::run's ioctl stays sound with these set: the kernel copies at most
        // zc_history_len bytes to zc_history, which points at `buf`, alive and not otherwise
        // borrowed for the whole call.
        cmd.run(self, zsys::ZFS_IOC_POOL_GET_HISTORY, pool)
            .map_err(|e| list_error(pool, e))?;
        let n = (cmd.zc.zc_history_len as usize).min(buf.len());
        Ok((n, cmd.zc.zc_history_offset))
    }
}

/// Whether a read of the ring that returned `n` bytes, `whole` of them in whole records, into
/// a buffer of `len` reached the log's end. The kernel (`spa_history_get`) returns as much as
/// the buffer holds up to the end, joining the two pieces itself where the ring wraps, so a
/// short read of whole records is everything there was: no request is spent on reading
/// nothing. That matters because the records echoing a run's own requests are written at the
/// next transaction group sync, after the run ended, and the next run finds them there.
fn at_end(n: usize, whole: usize, len: usize) -> bool {
    n < len && whole == n
}

/// The records wholly inside `buf`: each is a little-endian length, then that many bytes of
/// packed nvlist. A record cut off by the end of `buf` is not returned.
fn records(mut buf: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        let len: [u8; 8] = buf.get(..8)?.try_into().ok()?;
        let len = usize::try_from(u64::from_le_bytes(len)).ok()?;
        let record = buf.get(8..8usize.checked_add(len)?)?;
        buf = &buf[8 + len..];
        Some(record)
    })
}

/// Doubles `buf` for a record longer than it.
fn grow(pool: &str, buf: &mut Vec<u8>) -> Result<()> {
    if buf.len() * 2 > MAX_RECORD {
        return Err(misread(pool));
    }
    buf.resize(buf.len() * 2, 0);
    Ok(())
}

fn event(pool: &str, record: &[u8]) -> Result<HistoryEvent> {
    let nv = NvList::unpack(record).map_err(|_| misread(pool))?;
    let text = |key: &str| match nv.get(key) {
        Some(NvValue::Str(s)) => Some(s.into_owned()),
        _ => None,
    };
    let event = text("internal_name").or_else(|| {
        // Pools written before internal events had names number them instead.
        nv.contains("history internal event")
            .then(|| "(numbered event)".to_string())
    });
    Ok(HistoryEvent {
        event,
        dataset: text("dsname"),
    })
}

fn misread(pool: &str) -> Error {
    Error::from_errno(Op::List, pool, libc::EIO)
}

#[cfg(test)]
mod tests {
    use super::{at_end, records};

    fn framed(parts: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(&(p.len() as u64).to_le_bytes());
            out.extend_from_slice(p);
        }
        out
    }

    #[test]
    fn records_are_split_at_their_lengths_and_a_cut_one_is_left_out() {
        let buf = framed(&[b"abc", b"", b"hello"]);
        let got: Vec<&[u8]> = records(&buf).collect();
        assert_eq!(got, vec![&b"abc"[..], &b""[..], &b"hello"[..]]);
        let cut = &buf[..buf.len() - 1];
        let got: Vec<&[u8]> = records(cut).collect();
        assert_eq!(got, vec![&b"abc"[..], &b""[..]]);
        assert_eq!(records(&buf[..5]).count(), 0);
    }

    #[test]
    fn a_length_past_the_buffer_ends_the_records() {
        let mut buf = framed(&[b"ok"]);
        buf.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(records(&buf).count(), 1);
    }

    #[test]
    fn only_a_short_read_of_whole_records_is_the_end() {
        assert!(at_end(0, 0, 1024));
        assert!(at_end(300, 300, 1024));
        // A full buffer may have more behind it; a cut record was not all there was.
        assert!(!at_end(1024, 1000, 1024));
        assert!(!at_end(1024, 1024, 1024));
        assert!(!at_end(300, 290, 1024));
    }
}
