//! Builds well-formed streams for tests (here and in the crates above): records with correct
//! running checksums, as `lzc_send` writes them.

use super::format::{
    offset, round_up_8, u32_at, RecordType, BACKUP_MAGIC, CHECKSUMMED_HEADER, COMPOUNDSTREAM,
    RECORD_SIZE, SUBSTREAM,
};
use crate::fletcher::Fletcher4;

/// A stream under construction.
#[derive(Debug, Default)]
pub struct StreamBuilder {
    /// The stream so far.
    pub bytes: Vec<u8>,
    cksum: Fletcher4,
}

fn put_u32(rec: &mut [u8], at: usize, v: u32) {
    rec[at..at + 4].copy_from_slice(&v.to_ne_bytes());
}
fn put_u64(rec: &mut [u8], at: usize, v: u64) {
    rec[at..at + 8].copy_from_slice(&v.to_ne_bytes());
}

impl StreamBuilder {
    /// A substream of `toname` (guid `toguid`), incremental from `fromguid` unless 0.
    pub fn begin(toname: &str, toguid: u64, fromguid: u64, features: u64) -> StreamBuilder {
        let mut b = StreamBuilder::default();
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, offset::TYPE, RecordType::Begin as u32);
        put_u64(&mut rec, offset::BEGIN_MAGIC, BACKUP_MAGIC);
        put_u64(
            &mut rec,
            offset::BEGIN_VERSIONINFO,
            SUBSTREAM | (features << 2),
        );
        put_u64(&mut rec, offset::BEGIN_CREATION_TIME, 1_764_000_000);
        put_u32(&mut rec, offset::BEGIN_OBJSET_TYPE, 2);
        put_u64(&mut rec, offset::BEGIN_TOGUID, toguid);
        put_u64(&mut rec, offset::BEGIN_FROMGUID, fromguid);
        let name = offset::BEGIN_TONAME;
        rec[name..name + toname.len()].copy_from_slice(toname.as_bytes());
        b.record(rec, &[]);
        b
    }

    /// Appends a record (its trailer checksum filled in unless it is BEGIN) and payload.
    pub fn record(&mut self, mut rec: [u8; RECORD_SIZE], payload: &[u8]) {
        let is_begin = u32_at(&rec, offset::TYPE) == RecordType::Begin as u32;
        if is_begin {
            self.cksum = Fletcher4::new();
        }
        self.cksum.update(&rec[..CHECKSUMMED_HEADER]);
        if !is_begin {
            for (i, w) in self.cksum.words.iter().enumerate() {
                put_u64(&mut rec, offset::TRAILER_CHECKSUM + 8 * i, *w);
            }
        }
        self.cksum.update(&rec[CHECKSUMMED_HEADER..]);
        self.bytes.extend_from_slice(&rec);
        self.cksum.update(payload);
        self.bytes.extend_from_slice(payload);
    }

    /// An uncompressed WRITE of `data` at byte `at` of `object`.
    pub fn write(&mut self, object: u64, at: u64, data: &[u8]) {
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, offset::TYPE, RecordType::Write as u32);
        put_u64(&mut rec, offset::OBJECT, object);
        put_u64(&mut rec, offset::WRITE_OFFSET, at);
        put_u64(&mut rec, offset::WRITE_LOGICAL_SIZE, data.len() as u64);
        self.record(rec, data);
    }

    /// An OBJECT record with a bonus buffer of `bonus.len()` bytes (padded to 8).
    pub fn object(&mut self, object: u64, bonus: &[u8]) {
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, offset::TYPE, RecordType::Object as u32);
        put_u64(&mut rec, offset::OBJECT, object);
        put_u32(&mut rec, offset::OBJECT_BLKSZ, 131072);
        put_u32(&mut rec, offset::OBJECT_BONUSLEN, bonus.len() as u32);
        let mut padded = bonus.to_vec();
        padded.resize(round_up_8(bonus.len() as u64) as usize, 0);
        self.record(rec, &padded);
    }

    /// A FREE record of `length` bytes from byte `at` of `object`.
    pub fn free(&mut self, object: u64, at: u64, length: u64) {
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, offset::TYPE, RecordType::Free as u32);
        put_u64(&mut rec, offset::OBJECT, object);
        put_u64(&mut rec, offset::FREE_OFFSET, at);
        put_u64(&mut rec, offset::FREE_LENGTH, length);
        self.record(rec, &[]);
    }

    /// The END record, and the finished stream.
    pub fn end(mut self, toguid: u64) -> Vec<u8> {
        let mut rec = [0u8; RECORD_SIZE];
        put_u32(&mut rec, offset::TYPE, RecordType::End as u32);
        for (i, w) in self.cksum.words.iter().enumerate() {
            put_u64(&mut rec, offset::END_CHECKSUM + 8 * i, *w);
        }
        put_u64(&mut rec, offset::END_TOGUID, toguid);
        self.record(rec, &[]);
        self.bytes
    }
}

/// A `zfs send -R`-style compound stream: a header substream (BEGIN with a payload standing
/// in for its nvlist, END), then `substreams` (each a whole stream, as `sample_stream`
/// makes), then the final END.
pub fn compound_stream(substreams: &[Vec<u8>]) -> Vec<u8> {
    let mut header = StreamBuilder::default();
    let mut rec = [0u8; RECORD_SIZE];
    put_u32(&mut rec, offset::TYPE, RecordType::Begin as u32);
    put_u32(&mut rec, offset::PAYLOAD_LEN, 16);
    put_u64(&mut rec, offset::BEGIN_MAGIC, BACKUP_MAGIC);
    put_u64(&mut rec, offset::BEGIN_VERSIONINFO, COMPOUNDSTREAM);
    let name = offset::BEGIN_TONAME;
    rec[name..name + 6].copy_from_slice(b"p/a@s1");
    header.record(rec, &[0x5a; 16]);
    let mut s = header.end(0);
    for sub in substreams {
        s.extend_from_slice(sub);
    }
    let mut end = [0u8; RECORD_SIZE];
    put_u32(&mut end, offset::TYPE, RecordType::End as u32);
    s.extend_from_slice(&end);
    s
}

/// A small full stream with a few objects and writes of pseudo-random data.
pub fn sample_stream(toname: &str, toguid: u64, fromguid: u64, write_bytes: usize) -> Vec<u8> {
    let mut b = StreamBuilder::begin(toname, toguid, fromguid, 1 << 22);
    b.object(1, &[7u8; 100]);
    let mut x = toguid | 1;
    let mut at = 0u64;
    let mut left = write_bytes;
    while left > 0 {
        let n = left.min(128 << 10);
        let data: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        b.write(2, at, &data);
        at += n as u64;
        left -= n;
    }
    b.free(2, at, u64::MAX);
    b.end(toguid)
}
