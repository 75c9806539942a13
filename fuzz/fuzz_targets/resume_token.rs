//! Fuzzes the receive resume token decoder, `zsplice_zfs::ResumeToken::decode`, which reads the
//! `receive_resume_token` property of a destination (text anyone with `zfs set` rights on a
//! pool could have put there, or a damaged pool could return).
//!
//! Every input is decoded twice:
//! - as the token text itself (when it is UTF-8): the `-`-separated version, checksum, length
//!   and hex layers;
//! - as the packed nvlist inside a syntactically valid token built around it (version 1, the
//!   length of the input, the input zlib-compressed, its correct fletcher-4 word in front), so
//!   that mutations reach libnvpair's `nvlist_unpack` and the field extraction instead of dying
//!   at the checksum.
//!
//! Checks: nothing panics or allocates without bound; a decoded token's fields are the ones the
//! nvlist holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zsplice_zfs::{NvList, ResumeToken};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ResumeToken::decode(text);
    }

    let decoded = ResumeToken::decode(&ResumeToken::envelope(data));
    if let Ok(t) = decoded {
        let nv = NvList::unpack(data).expect("decoded, yet the nvlist does not unpack");
        assert_eq!(nv.get_str("toname").unwrap(), t.toname.as_str());
        assert_eq!(nv.get_u64("toguid").unwrap(), t.toguid);
        assert_eq!(nv.get_u64("object").unwrap(), t.object);
        assert_eq!(nv.get_u64("offset").unwrap(), t.offset);
        assert_eq!(nv.get_u64("fromguid").ok(), t.fromguid);
        assert_eq!(nv.contains("rawok"), t.flags.raw);
    }
});
