//! Tests of the verifying parser, on streams made by [`super::build`].

use super::build::*;
use super::format::offset;
use super::*;

#[test]
fn a_built_stream_verifies_in_any_piece_size() {
    let s = sample_stream("p/a@s1", 42, 0, 300_001);
    let whole = verify(&s).unwrap();
    assert_eq!(whole.total_bytes, s.len() as u64);
    assert_eq!(whole.substreams.len(), 1);
    assert_eq!(whole.substreams[0].toname, "p/a@s1");
    assert_eq!(whole.substreams[0].toguid, 42);
    assert!(!whole.substreams[0].is_incremental());
    assert_eq!(whole.count(RecordType::Write).records, 3);
    assert_eq!(whole.count(RecordType::Write).payload_bytes, 300_001);
    assert_eq!(whole.write_logical_bytes, 300_001);
    assert_eq!(whole.count(RecordType::Object).payload_bytes, 104);
    assert_eq!(whole.records(), 1 + 1 + 3 + 1 + 1);
    assert_eq!(whole.verified_records, whole.records() - 1);
    for piece in [1, 3, 4, 7, 311, 312, 313, 4096] {
        let mut p = DrrParser::new();
        for chunk in s.chunks(piece) {
            p.feed(chunk).unwrap();
        }
        assert_eq!(p.finish().unwrap(), whole, "piece size {piece}");
    }
}

#[test]
fn every_flipped_bit_in_a_small_stream_is_caught() {
    // Flip one bit at a time over a whole stream (headers, payloads, trailers): each must
    // fail verification, never pass and never panic.
    let s = sample_stream("p/a@s1", 42, 0, 3000);
    for bit in 0..s.len() * 8 {
        let mut bad = s.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let r = verify(&bad);
        // A flip in BEGIN's unused bytes past the name's NUL (or its pad fields) is not
        // covered by any checksum the kernel checks either: the BEGIN record is summed into
        // the next record's checksum, so even those are caught.
        assert!(
            r.is_err(),
            "flipping bit {bit} (byte {}) went unnoticed",
            bit / 8
        );
    }
}

#[test]
fn truncation_and_trailing_data_are_reported() {
    let s = sample_stream("p/a@s1", 42, 0, 1000);
    for cut in [0, 1, 311, 312, 400, s.len() - 312, s.len() - 1] {
        let e = verify(&s[..cut]).unwrap_err();
        assert!(matches!(e, DrrError::Truncated(_)), "cut at {cut}: {e}");
    }
    let mut long = s.clone();
    long.extend_from_slice(b"junk");
    assert_eq!(verify(&long).unwrap_err(), DrrError::TrailingData(4));
}

#[test]
fn garbage_swapped_and_misplaced_records_are_refused() {
    let e = verify(&[0x55u8; 1000]).unwrap_err();
    assert!(matches!(e, DrrError::NotAStream(_)), "{e}");
    // Shorter than one record: not a stream when its bytes do not start like one...
    let e = verify(b"garbage bytes here").unwrap_err();
    assert!(matches!(e, DrrError::NotAStream(_)), "{e}");
    // ...truncated when they do.
    let s = sample_stream("p/a@s1", 42, 0, 100);
    assert!(matches!(
        verify(&s[..20]).unwrap_err(),
        DrrError::Truncated(_)
    ));
    let mut s = sample_stream("p/a@s1", 42, 0, 100);
    s[8..16].copy_from_slice(&BACKUP_MAGIC.swap_bytes().to_ne_bytes());
    assert_eq!(verify(&s).unwrap_err(), DrrError::ByteSwapped);

    // Two streams back to back: the second BEGIN is data after the END.
    let a = sample_stream("p/a@s1", 42, 0, 100);
    let mut two = a.clone();
    two.extend_from_slice(&a);
    assert!(matches!(
        verify(&two).unwrap_err(),
        DrrError::TrailingData(_)
    ));

    // An END naming another snapshot than the BEGIN did.
    let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
    b.free(1, 0, 10);
    let e = verify(&b.end(43)).unwrap_err();
    assert!(e.to_string().contains("guid 43"), "{e}");
}

#[test]
fn oversized_payloads_are_refused_without_allocating() {
    let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
    let mut rec = [0u8; RECORD_SIZE];
    rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
    rec[32..40].copy_from_slice(&(1u64 << 40).to_ne_bytes());
    b.record(rec, &[]);
    let e = verify(&b.bytes).unwrap_err();
    assert!(e.to_string().contains("largest ZFS block"), "{e}");
}

#[test]
fn a_compressed_write_with_an_impossible_logical_size_is_refused() {
    // Found by fuzzing (fuzz/fuzz_targets/drr_stream.rs): a compressed WRITE (compression
    // type 255) claiming a logical size of u64::MAX with no payload, after another WRITE,
    // overflowed the summary's logical byte count (a panic in debug builds).
    let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
    b.write(2, 0, &[7u8; 200]);
    let mut rec = [0u8; RECORD_SIZE];
    rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
    rec[32..40].copy_from_slice(&u64::MAX.to_ne_bytes());
    rec[50] = 255;
    b.record(rec, &[]);
    let e = verify(&b.end(42)).unwrap_err();
    assert!(e.to_string().contains("logical size"), "{e}");
}

#[test]
fn compound_streams_are_known_as_such_from_their_first_record() {
    let s = compound_stream(&[
        sample_stream("p/a@s1", 42, 0, 100),
        sample_stream("p/a/b@s1", 43, 0, 100),
    ]);
    let mut p = DrrParser::new();
    p.feed(&s[..RECORD_SIZE]).unwrap();
    assert!(p.is_compound() && p.substreams().is_empty());
    p.feed(&s[RECORD_SIZE..]).unwrap();
    let summary = p.finish().unwrap();
    assert!(summary.compound);
    assert_eq!(summary.substream_count, 2);
    assert_eq!(summary.substreams[1].toname, "p/a/b@s1");
    let mut p = DrrParser::new();
    p.feed(&sample_stream("p/a@s1", 42, 0, 100)).unwrap();
    assert!(!p.is_compound());
}

#[test]
fn a_stream_of_countless_substreams_lists_a_bounded_number() {
    // A BEGIN and an END per substream: 624 bytes each, which a summary listing them all
    // would turn into memory growing with the stream.
    let one = StreamBuilder::begin("p/a@s", 7, 0, 0).end(7);
    let subs = vec![one; MAX_LISTED_SUBSTREAMS + 3];
    let s = verify(&compound_stream(&subs)).unwrap();
    assert_eq!(s.substream_count, MAX_LISTED_SUBSTREAMS as u64 + 3);
    assert_eq!(s.substreams.len(), MAX_LISTED_SUBSTREAMS);
}

#[test]
fn logical_sizes_that_add_up_past_u64_are_refused() {
    // WRITE records without payloads, each claiming the largest logical size a block has
    // (16 MiB): 2^40 of them would overflow the sum. Start the sum near its end instead.
    let mut b = StreamBuilder::begin("p/a@s1", 42, 0, 0);
    b.write(2, 0, &[1u8; 8]);
    let mut p = DrrParser::new();
    p.feed(&b.bytes).unwrap();
    p.summary.write_logical_bytes = u64::MAX - 4;
    let mut rec = [0u8; RECORD_SIZE];
    rec[0..4].copy_from_slice(&(RecordType::Write as u32).to_ne_bytes());
    rec[32..40].copy_from_slice(&(16u64 << 20).to_ne_bytes());
    rec[50] = 1;
    b.record(rec, &[]);
    let e = p.feed(&b.bytes[p.offset() as usize..]).unwrap_err();
    assert!(e.to_string().contains("past 2^64"), "{e}");
}

#[test]
fn feature_names_cover_known_and_unknown_bits() {
    assert_eq!(
        feature_names((1 << 16) | (1 << 22) | (1 << 40)),
        ["embedded_data", "compressed", "bit40"]
    );
}

#[test]
fn the_feature_table_is_in_bit_order_without_duplicates() {
    for pair in FEATURES.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{pair:?}");
    }
    assert!(FEATURES.iter().all(|(bit, _)| bit.is_power_of_two()));
}

/// The one BEGIN decoder: fields at their offsets, and what it refuses.
#[test]
fn a_begin_record_is_decoded_and_garbage_is_refused() {
    let s = sample_stream("p/a@s1", 77, 5, 100);
    let rec: &[u8; RECORD_SIZE] = s[..RECORD_SIZE].try_into().unwrap();
    let b = Begin::parse(rec).unwrap();
    assert_eq!(b.toname, "p/a@s1");
    assert!(b.toname_terminated);
    assert_eq!((b.toguid, b.fromguid), (77, 5));
    assert!(b.is_incremental() && b.is_substream() && !b.is_compound());
    assert_eq!(b.features, 1 << 22);
    assert_eq!(b.header_type, SUBSTREAM);
    assert_eq!(b.creation_time, 1_764_000_000);
    assert_eq!(b.objset_type, 2);
    assert_eq!(b.payload_len, 0);

    let mut bad = *rec;
    bad[offset::BEGIN_MAGIC..offset::BEGIN_MAGIC + 8].copy_from_slice(&0x1234u64.to_ne_bytes());
    assert_eq!(Begin::parse(&bad), Err(BeginError::BadMagic));
    assert!(BeginError::BadMagic.to_string().contains("bad magic"));
    let swapped = BACKUP_MAGIC.swap_bytes().to_ne_bytes();
    bad[offset::BEGIN_MAGIC..offset::BEGIN_MAGIC + 8].copy_from_slice(&swapped);
    assert_eq!(Begin::parse(&bad), Err(BeginError::ByteSwapped));
    let mut bad = *rec;
    bad[offset::TYPE] = 7;
    assert_eq!(Begin::parse(&bad), Err(BeginError::NotBegin(7)));

    // A name filling its whole field decodes, but is marked, and the verifier refuses it.
    let mut long = s.clone();
    long[offset::BEGIN_TONAME..RECORD_SIZE].fill(b'x');
    let rec: &[u8; RECORD_SIZE] = long[..RECORD_SIZE].try_into().unwrap();
    let b = Begin::parse(rec).unwrap();
    assert!(!b.toname_terminated);
    assert_eq!(b.toname.len(), TONAME_LEN);
    let e = verify(&long).unwrap_err();
    assert!(e.to_string().contains("not terminated"), "{e}");
}
