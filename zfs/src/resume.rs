//! Receive resume tokens: the string a dataset's `receive_resume_token` property holds after an
//! interrupted resumable receive. Format (OpenZFS `zfs_send_resume_token_to_nvlist`):
//! `<version>-<fletcher-4 word 0 of the payload, hex>-<packed nvlist length, hex>-<payload hex>`,
//! where the payload is a zlib-compressed packed nvlist naming the snapshot being sent, its guid,
//! the incremental source's guid, the point reached (object, offset) and the stream's flags.
//! libzfs decodes it, but zsplice links only libzfs_core, so the decoder is here.

use std::io::Read;

use crate::error::{Error, Result};
use crate::nvlist::NvList;
use crate::types::SendFlags;
use zsplice_stream::Fletcher4;

/// The most a decoded token's nvlist may claim to be; real ones are a few hundred bytes.
const MAX_PACKED_LEN: u64 = 1 << 20;

/// What a resume token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeToken {
    /// Full name of the snapshot being sent.
    pub toname: String,
    /// Guid of the snapshot being sent.
    pub toguid: u64,
    /// Guid of the incremental source; None for a full send.
    pub fromguid: Option<u64>,
    /// Where the send resumes.
    pub object: u64,
    /// Byte offset in `object` where the send resumes.
    pub offset: u64,
    /// Bytes received before the interruption.
    pub bytes: u64,
    /// The flags the original send used; a resumed send must use the same.
    pub flags: SendFlags,
}

fn bad(why: impl Into<String>) -> Error {
    Error::BadResumeToken(why.into())
}

fn hex_u64(s: &str, what: &str) -> Result<u64> {
    u64::from_str_radix(s, 16).map_err(|_| bad(format!("{what} is not a hexadecimal number")))
}

impl ResumeToken {
    /// The token text the kernel would write around `packed` (a packed nvlist, or any bytes):
    /// version 1, the fletcher-4 of the zlib-compressed bytes, their packed length, and the
    /// compressed bytes in hex. For tests and fuzzing, which need tokens without a kernel.
    pub fn envelope(packed: &[u8]) -> String {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        // Writing into a Vec cannot fail.
        let _ = z.write_all(packed);
        let compressed = z.finish().unwrap_or_default();
        let hex: String = compressed.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "1-{:x}-{:x}-{hex}",
            Fletcher4::of(&compressed)[0],
            packed.len()
        )
    }

    /// Decodes a `receive_resume_token` value; a malformed token is [`Error::BadResumeToken`] saying why.
    pub fn decode(token: &str) -> Result<ResumeToken> {
        let token = token.trim();
        let mut parts = token.splitn(4, '-');
        let (Some(version), Some(cksum), Some(len), Some(payload)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected four '-'-separated parts"));
        };
        if version != "1" {
            return Err(bad(format!("unsupported token version '{version}'")));
        }
        let cksum = hex_u64(cksum, "checksum")?;
        let packed_len = hex_u64(len, "length")?;
        if packed_len == 0 || packed_len > MAX_PACKED_LEN {
            return Err(bad(format!("implausible payload length {packed_len}")));
        }
        if payload.len() % 2 != 0 {
            return Err(bad("payload has an odd number of hex digits"));
        }
        // Checked before slicing it in pairs: a pair that splits a multi-byte character would
        // panic (found by fuzzing), and from_str_radix would also take a '+' as a sign.
        if !payload.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("payload is not hexadecimal"));
        }
        let compressed = (0..payload.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&payload[i..i + 2], 16))
            .collect::<std::result::Result<Vec<u8>, _>>()
            .map_err(|_| bad("payload is not hexadecimal"))?;
        if Fletcher4::of(&compressed)[0] != cksum {
            return Err(bad("checksum mismatch (the token is corrupt or truncated)"));
        }
        let mut packed = Vec::with_capacity(packed_len as usize);
        flate2::read::ZlibDecoder::new(&compressed[..])
            .take(packed_len + 1)
            .read_to_end(&mut packed)
            .map_err(|e| bad(format!("payload does not decompress: {e}")))?;
        if packed.len() as u64 != packed_len {
            return Err(bad("payload length does not match the header"));
        }
        let nv = NvList::unpack(&packed).map_err(|e| bad(format!("payload: {e}")))?;
        let field = |name: &str| nv.get_u64(name).map_err(|e| bad(e.to_string()));
        Ok(ResumeToken {
            toname: nv
                .get_str("toname")
                .map_err(|e| bad(e.to_string()))?
                .into_owned(),
            toguid: field("toguid")?,
            fromguid: nv.get_u64("fromguid").ok(),
            object: field("object")?,
            offset: field("offset")?,
            bytes: nv.get_u64("bytes").unwrap_or(0),
            flags: SendFlags {
                embedded: nv.contains("embedok"),
                large_blocks: nv.contains("largeblockok"),
                compressed: nv.contains("compressok"),
                raw: nv.contains("rawok"),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token the way the kernel builds it, so the decoder is tested against the format.
    fn encode(nv: &NvList) -> String {
        ResumeToken::envelope(&nv.pack().unwrap())
    }

    fn sample() -> NvList {
        let mut nv = NvList::new();
        nv.insert_u64("object", 130).unwrap();
        nv.insert_u64("offset", 1 << 20).unwrap();
        nv.insert_u64("bytes", 5_000_000).unwrap();
        nv.insert_u64("toguid", 0xdead_beef).unwrap();
        nv.insert_str("toname", "src/a@s2").unwrap();
        nv.insert_u64("fromguid", 42).unwrap();
        nv.insert_flag("compressok").unwrap();
        nv.insert_flag("largeblockok").unwrap();
        nv
    }

    #[test]
    fn decodes_a_token() {
        let t = ResumeToken::decode(&encode(&sample())).unwrap();
        assert_eq!(t.toname, "src/a@s2");
        assert_eq!((t.object, t.offset, t.bytes), (130, 1 << 20, 5_000_000));
        assert_eq!(t.toguid, 0xdead_beef);
        assert_eq!(t.fromguid, Some(42));
        assert!(t.flags.compressed && t.flags.large_blocks && !t.flags.raw && !t.flags.embedded);
    }

    #[test]
    fn corrupt_tokens_are_rejected_with_a_reason() {
        let good = encode(&sample());
        let mut flipped = good.clone().into_bytes();
        // A digit early in the payload: fletcher-4 covers every whole word there.
        let at = good.rfind('-').unwrap() + 9;
        flipped[at] = if flipped[at] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap();
        for (token, want) in [
            ("", "four"),
            ("2-0-10-00", "version"),
            ("1-zz-10-00", "checksum is not"),
            ("1-0-0-00", "implausible"),
            ("1-0-10-0", "odd number"),
            (flipped.as_str(), "checksum mismatch"),
            // fletcher-4 ignores a ragged tail, so a lost byte may keep the checksum; the
            // decompressor still refuses the stream.
            (&good[..good.len() - 2], "resume token is invalid"),
        ] {
            let e = ResumeToken::decode(token).unwrap_err().to_string();
            assert!(e.contains(want), "{token:?}: {e}");
        }
    }

    #[test]
    fn a_payload_that_is_not_ascii_hex_is_refused_without_panicking() {
        // Found by fuzzing (fuzz/fuzz_targets/resume_token.rs): the payload was sliced in
        // two-byte pairs, and a pair ending inside a multi-byte character ('\u{e9}' here)
        // panicked.
        let token = std::str::from_utf8(b"1-0-10-a\xc3\xa9b").unwrap();
        let e = ResumeToken::decode(token).unwrap_err().to_string();
        assert!(e.contains("not hexadecimal"), "{e}");
        // A sign is not a hex digit either, though from_str_radix takes "+f" as 15.
        let e = ResumeToken::decode("1-0-10-+f").unwrap_err().to_string();
        assert!(e.contains("not hexadecimal"), "{e}");
    }
}
