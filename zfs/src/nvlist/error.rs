//! [`NvError`], what goes wrong building or reading an nvlist, and the two helpers every
//! libnvpair call of this module shares (C strings, return codes).

use std::ffi::{c_int, CString};

/// What went wrong building or reading an nvlist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NvError {
    /// No pair has this name.
    #[error("nvlist has no pair named '{0}'")]
    Missing(String),
    /// The pair holds another type than the one asked for.
    #[error("nvlist pair '{name}' is {found}, expected {expected}")]
    WrongType {
        /// The pair's name.
        name: String,
        /// The type asked for, in words ("a string").
        expected: &'static str,
        /// The type the pair holds, in words.
        found: &'static str,
    },
    /// A name or string value with a NUL inside, which C strings cannot hold.
    #[error("'{0}' contains a NUL byte and cannot be stored in an nvlist")]
    InteriorNul(String),
    /// libnvpair failed with an errno (out of memory, or a packed list that does not decode).
    #[error("nvlist operation {op} failed: {}", std::io::Error::from_raw_os_error(*.errno))]
    Os {
        /// The operation, e.g. "unpack".
        op: &'static str,
        /// The errno libnvpair returned.
        errno: i32,
    },
}

/// `s` as a C string; a NUL inside is [`NvError::InteriorNul`].
pub(super) fn cstring(s: &str) -> Result<CString, NvError> {
    CString::new(s).map_err(|_| NvError::InteriorNul(s.to_string()))
}

/// A libnvpair return code (0 or an errno) as a result of `op`.
pub(super) fn check(op: &'static str, rc: c_int) -> Result<(), NvError> {
    if rc == 0 {
        Ok(())
    } else {
        Err(NvError::Os { op, errno: rc })
    }
}
