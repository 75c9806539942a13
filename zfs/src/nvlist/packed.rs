//! A check of packed (serialised) nvlists before libnvpair decodes them: its decoder trusts
//! the strings inside a pair to end inside it, and untrusted bytes (resume tokens, ioctl
//! output) must not get to make it read past them.

use libnvpair_sys as sys;

use super::error::NvError;

/// `sizeof (nvpair_t)`: size, name length, reserved, element count, type; the name follows.
const NVP_HEADER: usize = 16;
/// libnvpair's limit on nested lists in user space (`nvpair_max_recursion`).
const MAX_NESTING: usize = 100;

/// Walks a packed list the way libnvpair's native decoder will (`nvs_decode_pairs`) and refuses
/// one with a string that does not end inside its own pair: the decoder checks each pair's
/// size against the buffer, but then runs strlen() on its strings (`i_get_value_size`,
/// `nvpair_native_string_array`), which read past the pair's copy on the heap. Found by
/// fuzzing resume tokens (fuzz/fuzz_targets/resume_token.rs) under AddressSanitizer. The XDR
/// encoding, which libnvpair would also accept, is refused: nothing zsplice reads uses it.
pub(super) fn check_packed(buf: &[u8]) -> Result<(), NvError> {
    let fault = |errno| NvError::Os {
        op: "unpack",
        errno,
    };
    // nvs_header_t (encoding, endianness, 2 reserved bytes), then nvl_version and nvl_nvflag.
    if buf.len() < 12 {
        return Err(fault(libc::EFAULT));
    }
    if buf[0] != sys::NV_ENCODE_NATIVE as u8 || buf[1] != u8::from(cfg!(target_endian = "little")) {
        return Err(fault(libc::ENOTSUP));
    }
    let mut at = 12;
    check_pairs(buf, &mut at, 0).ok_or(fault(libc::EFAULT))
}

/// Checks the pairs of one list from `*at` to its terminating zero size, moving `*at` past it.
fn check_pairs(buf: &[u8], at: &mut usize, depth: usize) -> Option<()> {
    let i32_at = |b: &[u8], i: usize| Some(i32::from_ne_bytes(b.get(i..i + 4)?.try_into().ok()?));
    loop {
        let size = usize::try_from(i32_at(buf, *at)?).ok()?;
        if size == 0 {
            *at += 4;
            return Some(());
        }
        let pair = buf.get(*at..*at + size)?;
        *at += size;
        if size < NVP_HEADER + 8 {
            return None;
        }
        let name_len = usize::try_from(i16::from_ne_bytes([pair[4], pair[5]])).ok()?;
        let elements = i32_at(pair, 8)? as u32 as usize;
        let kind = i32_at(pair, 12)?;
        let value = pair.get((NVP_HEADER + name_len).div_ceil(8) * 8..)?;
        match kind {
            sys::DATA_TYPE_STRING if !value.contains(&0) => return None,
            sys::DATA_TYPE_STRING_ARRAY => {
                // A pointer slot per string, then the strings one after the other.
                let strings = value.get(elements.checked_mul(8)?..)?;
                if strings.iter().filter(|&&b| b == 0).count() < elements {
                    return None;
                }
            }
            // Embedded lists follow their pair in the buffer, one per element.
            sys::DATA_TYPE_NVLIST | sys::DATA_TYPE_NVLIST_ARRAY => {
                if depth >= MAX_NESTING {
                    return None;
                }
                let lists = if kind == sys::DATA_TYPE_NVLIST {
                    1
                } else {
                    elements
                };
                for _ in 0..lists {
                    check_pairs(buf, at, depth + 1)?;
                }
            }
            _ => {}
        }
    }
}
