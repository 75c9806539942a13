//! Tests of building, reading, packing and unpacking nvlists.

use super::packed::check_packed;
use super::*;

#[test]
fn builds_and_reads_every_supported_type() {
    let mut inner = NvList::new();
    inner.insert_u64("value", 7).unwrap();
    let mut l = NvList::new();
    l.insert_str("name", "tank/a").unwrap();
    l.insert_u64("guid", u64::MAX).unwrap();
    l.insert_flag("force").unwrap();
    l.insert_bool("readonly", false).unwrap();
    l.insert_i32("err", -5).unwrap();
    l.insert_nvlist("inner", &inner).unwrap();
    l.insert_str_array("snaps", &["a@1", "b@2"]).unwrap();

    assert_eq!(l.get_str("name").unwrap(), "tank/a");
    assert_eq!(l.get_u64("guid").unwrap(), u64::MAX);
    assert!(l.as_ref().get_bool("force").unwrap());
    assert!(!l.as_ref().get_bool("readonly").unwrap());
    assert_eq!(l.as_ref().get_i32("err").unwrap(), -5);
    assert_eq!(l.get_nvlist("inner").unwrap().get_u64("value").unwrap(), 7);
    assert_eq!(
        l.as_ref().get_str_array("snaps").unwrap(),
        vec!["a@1".to_string(), "b@2".to_string()]
    );
    let names: Vec<_> = l.iter().map(|p| p.name().into_owned()).collect();
    assert_eq!(
        names,
        ["name", "guid", "force", "readonly", "err", "inner", "snaps"]
    );
}

#[test]
fn wrong_type_and_missing_are_errors_not_panics() {
    let mut l = NvList::new();
    l.insert_str("guid", "not a number").unwrap();
    assert_eq!(
        l.get_u64("guid"),
        Err(NvError::WrongType {
            name: "guid".into(),
            expected: "an unsigned integer",
            found: "a string"
        })
    );
    assert_eq!(l.get_u64("nope"), Err(NvError::Missing("nope".into())));
    assert!(matches!(
        l.insert_str("bad\0name", "x"),
        Err(NvError::InteriorNul(_))
    ));
}

#[test]
fn unique_names_replace() {
    let mut l = NvList::new();
    l.insert_u64("a", 1).unwrap();
    l.insert_u64("a", 2).unwrap();
    assert_eq!(l.len(), 1);
    assert_eq!(l.get_u64("a").unwrap(), 2);
}

#[test]
fn pack_unpack_roundtrip_and_garbage_is_rejected() {
    let mut l = NvList::new();
    l.insert_str("toname", "p/a@s").unwrap();
    l.insert_u64("object", 42).unwrap();
    let packed = l.pack().unwrap();
    let back = NvList::unpack(&packed).unwrap();
    assert_eq!(back.get_str("toname").unwrap(), "p/a@s");
    assert_eq!(back.get_u64("object").unwrap(), 42);
    assert!(NvList::unpack(&[0xde, 0xad, 0xbe, 0xef, 1, 2, 3]).is_err());
    assert!(NvList::unpack(&[]).is_err());
    for cut in 0..packed.len() {
        assert!(NvList::unpack(&packed[..cut]).is_err(), "cut at {cut}");
    }
    let cloned = back.clone();
    drop(back);
    assert_eq!(cloned.get_u64("object").unwrap(), 42);
}

#[test]
fn nested_lists_and_string_arrays_round_trip() {
    let mut inner = NvList::new();
    inner.insert_str("name", "p/a").unwrap();
    inner.insert_str_array("snaps", &["s1", "", "s3"]).unwrap();
    let mut middle = NvList::new();
    middle.insert_nvlist("inner", &inner).unwrap();
    let mut l = NvList::new();
    l.insert_nvlist("middle", &middle).unwrap();
    l.insert_str_array("empty", &[] as &[&str]).unwrap();
    l.insert_u64("after", 7).unwrap();
    let back = NvList::unpack(&l.pack().unwrap()).unwrap();
    let inner = back
        .get_nvlist("middle")
        .unwrap()
        .get_nvlist("inner")
        .unwrap();
    assert_eq!(inner.get_str("name").unwrap(), "p/a");
    assert_eq!(inner.get_str_array("snaps").unwrap(), ["s1", "", "s3"]);
    assert!(back.as_ref().get_str_array("empty").unwrap().is_empty());
    assert_eq!(back.get_u64("after").unwrap(), 7);
}

#[test]
fn strings_running_past_their_pair_are_refused_before_libnvpair_reads_them() {
    // Found by fuzzing (fuzz/fuzz_targets/resume_token.rs): a packed list whose "toname"
    // string has no NUL inside its 40-byte pair made libnvpair's strlen() read past the
    // pair's heap copy (AddressSanitizer: heap-buffer-overflow in nvlist_unpack).
    let mut packed: Vec<u8> = Vec::new();
    packed.extend_from_slice(b"\x00\x01\x00\x00"); // native, little-endian
    packed.extend_from_slice(b"\x00\x00\x00\x00\x01\x00\x00\x00"); // version, flags
    packed.extend_from_slice(b"\x28\x00\x00\x00\x07\x00\x00\x00"); // 40 bytes, name 7
    packed.extend_from_slice(b"\x01\x00\x00\x00\x09\x00\x00\x00"); // 1 string
    packed.extend_from_slice(b"toname\x00\x00src/a@s\xf1\xfd\xff\xff\xff\xff\xff\xff\xff");
    packed.extend_from_slice(b"\x00\x00\x00\x00"); // end of the list
    if cfg!(target_endian = "little") {
        // Refused by the walk before libnvpair is called (a plain test run would not see the
        // over-read itself, only AddressSanitizer does).
        assert_eq!(
            check_packed(&packed),
            Err(NvError::Os {
                op: "unpack",
                errno: libc::EFAULT
            })
        );
        assert!(NvList::unpack(&packed).is_err());
        // With a NUL inside the pair, the same bytes are a list.
        packed[0x2b..0x34].copy_from_slice(b"2\0\0\0\0\0\0\0\0");
        let back = NvList::unpack(&packed).unwrap();
        assert_eq!(back.get_str("toname").unwrap(), "src/a@s2");
    }
    // XDR is refused before libnvpair sees it.
    let mut xdr = packed.clone();
    xdr[0] = 1;
    assert!(NvList::unpack(&xdr).is_err());
}
