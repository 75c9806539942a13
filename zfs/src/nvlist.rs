//! Safe handles over libnvpair's `nvlist_t`: the name/value lists every libzfs_core call takes and
//! returns. [`NvList`] owns a list (freed on drop); [`NvListRef`] borrows one that lives inside
//! another list or inside a call's result. Reading never panics: a missing name or a value of an
//! unexpected type is an [`NvError`].

use std::borrow::Cow;
use std::ffi::{c_char, c_int, CStr, CString};
use std::fmt;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use libnvpair_sys as sys;

/// What went wrong building or reading an nvlist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NvError {
    #[error("nvlist has no pair named '{0}'")]
    Missing(String),
    #[error("nvlist pair '{name}' is {found}, expected {expected}")]
    WrongType {
        name: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("'{0}' contains a NUL byte and cannot be stored in an nvlist")]
    InteriorNul(String),
    #[error("nvlist operation {op} failed: {}", std::io::Error::from_raw_os_error(*.errno))]
    Os { op: &'static str, errno: i32 },
}

fn cstring(s: &str) -> Result<CString, NvError> {
    CString::new(s).map_err(|_| NvError::InteriorNul(s.to_string()))
}

fn check(op: &'static str, rc: c_int) -> Result<(), NvError> {
    if rc == 0 {
        Ok(())
    } else {
        Err(NvError::Os { op, errno: rc })
    }
}

/// An owned nvlist with unique names (a later insert of the same name replaces the earlier one).
pub struct NvList {
    ptr: NonNull<sys::nvlist_t>,
}

// SAFETY: an nvlist is a plain heap structure with no thread affinity; libnvpair keeps no global
// state tied to it, so moving ownership to another thread is sound. It is not Sync: reads iterate
// with internal cursors in some versions, so shared access from threads is not allowed.
unsafe impl Send for NvList {}

impl NvList {
    /// An empty list. Allocation failure aborts, as it does for any Rust collection.
    pub fn new() -> NvList {
        let mut raw: *mut sys::nvlist_t = ptr::null_mut();
        // SAFETY: `raw` is a valid out-pointer; NV_UNIQUE_NAME and flag 0 (KM_SLEEP) are the
        // documented arguments for an ordinary list.
        let rc = unsafe { sys::nvlist_alloc(&mut raw, sys::NV_UNIQUE_NAME, 0) };
        match NonNull::new(raw) {
            Some(ptr) if rc == 0 => NvList { ptr },
            _ => std::alloc::handle_alloc_error(std::alloc::Layout::new::<[u8; 64]>()),
        }
    }

    /// Takes ownership of a list allocated by libnvpair (for example a libzfs_core out-argument).
    ///
    /// # Safety
    /// `ptr` must be a valid nvlist that nothing else frees or keeps using afterwards.
    pub unsafe fn from_raw(ptr: *mut sys::nvlist_t) -> Option<NvList> {
        NonNull::new(ptr).map(|ptr| NvList { ptr })
    }

    /// The raw pointer, for passing to C. The list stays owned by `self`.
    pub fn as_ptr(&self) -> *mut sys::nvlist_t {
        self.ptr.as_ptr()
    }

    /// A borrowed view, for reading.
    pub fn as_ref(&self) -> NvListRef<'_> {
        NvListRef {
            ptr: self.ptr,
            _owner: PhantomData,
        }
    }

    /// Decodes a list packed by `nvlist_pack` in native encoding (the kernel's ioctl output,
    /// resume tokens).
    pub fn unpack(buf: &[u8]) -> Result<NvList, NvError> {
        check_packed(buf)?;
        let mut raw: *mut sys::nvlist_t = ptr::null_mut();
        // SAFETY: buf is valid for buf.len() bytes and libnvpair only reads it. Its decoder
        // bounds every pair by the given size but then runs strlen() on the pair's strings;
        // check_packed has made sure each of those ends inside its pair.
        let rc = unsafe { sys::nvlist_unpack(buf.as_ptr() as *mut c_char, buf.len(), &mut raw, 0) };
        check("unpack", rc)?;
        // SAFETY: on success `raw` is a fresh list that we now own.
        unsafe { NvList::from_raw(raw) }.ok_or(NvError::Os {
            op: "unpack",
            errno: libc::ENOMEM,
        })
    }

    /// Encodes the list in native encoding (what the kernel's ioctls read).
    pub fn pack(&self) -> Result<Vec<u8>, NvError> {
        let mut size: usize = 0;
        // SAFETY: self.ptr is a valid list; size is a valid out-pointer.
        check("size", unsafe {
            sys::nvlist_size(self.as_ptr(), &mut size, sys::NV_ENCODE_NATIVE as c_int)
        })?;
        let mut buf = vec![0u8; size];
        let mut bufp = buf.as_mut_ptr() as *mut c_char;
        // SAFETY: buf holds exactly the `size` bytes nvlist_size asked for; with a non-NULL
        // *bufp libnvpair writes into it instead of allocating.
        check("pack", unsafe {
            sys::nvlist_pack(
                self.as_ptr(),
                &mut bufp,
                &mut size,
                sys::NV_ENCODE_NATIVE as c_int,
                0,
            )
        })?;
        buf.truncate(size);
        Ok(buf)
    }

    pub fn insert_str(&mut self, name: &str, value: &str) -> Result<&mut Self, NvError> {
        let (n, v) = (cstring(name)?, cstring(value)?);
        // SAFETY: both strings are NUL-terminated and outlive the call; libnvpair copies them.
        check("add string", unsafe {
            sys::nvlist_add_string(self.as_ptr(), n.as_ptr(), v.as_ptr())
        })?;
        Ok(self)
    }

    pub fn insert_u64(&mut self, name: &str, value: u64) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        // SAFETY: n is NUL-terminated and outlives the call.
        check("add uint64", unsafe {
            sys::nvlist_add_uint64(self.as_ptr(), n.as_ptr(), value)
        })?;
        Ok(self)
    }

    pub fn insert_i32(&mut self, name: &str, value: i32) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        // SAFETY: n is NUL-terminated and outlives the call.
        check("add int32", unsafe {
            sys::nvlist_add_int32(self.as_ptr(), n.as_ptr(), value)
        })?;
        Ok(self)
    }

    /// A valueless boolean: its presence is the flag (how libzfs_core spells options such as
    /// "force" or "compressok").
    pub fn insert_flag(&mut self, name: &str) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        // SAFETY: n is NUL-terminated and outlives the call.
        check("add boolean", unsafe {
            sys::nvlist_add_boolean(self.as_ptr(), n.as_ptr())
        })?;
        Ok(self)
    }

    pub fn insert_bool(&mut self, name: &str, value: bool) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        let v = if value { sys::B_TRUE } else { sys::B_FALSE };
        // SAFETY: n is NUL-terminated and outlives the call.
        check("add boolean value", unsafe {
            sys::nvlist_add_boolean_value(self.as_ptr(), n.as_ptr(), v)
        })?;
        Ok(self)
    }

    /// Stores a copy of `value` under `name`.
    pub fn insert_nvlist(&mut self, name: &str, value: &NvList) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        // SAFETY: both lists are valid; libnvpair deep-copies `value`.
        check("add nvlist", unsafe {
            sys::nvlist_add_nvlist(self.as_ptr(), n.as_ptr(), value.as_ptr())
        })?;
        Ok(self)
    }

    pub fn insert_str_array<S: AsRef<str>>(
        &mut self,
        name: &str,
        values: &[S],
    ) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        let owned = values
            .iter()
            .map(|s| cstring(s.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        let ptrs: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
        // SAFETY: ptrs holds owned.len() valid NUL-terminated strings that outlive the call;
        // libnvpair copies them. The C signature takes `const char *const *`.
        check("add string array", unsafe {
            sys::nvlist_add_string_array(
                self.as_ptr(),
                n.as_ptr(),
                ptrs.as_ptr() as _,
                ptrs.len() as sys::uint_t,
            )
        })?;
        Ok(self)
    }

    /// Builder-style helpers for the common case of a list literal.
    pub fn with_str(mut self, name: &str, value: &str) -> Result<Self, NvError> {
        self.insert_str(name, value)?;
        Ok(self)
    }

    pub fn get(&self, name: &str) -> Option<NvValue<'_>> {
        self.as_ref().get(name)
    }
    pub fn get_str(&self, name: &str) -> Result<Cow<'_, str>, NvError> {
        self.as_ref().get_str(name)
    }
    pub fn get_u64(&self, name: &str) -> Result<u64, NvError> {
        self.as_ref().get_u64(name)
    }
    pub fn get_nvlist(&self, name: &str) -> Result<NvListRef<'_>, NvError> {
        self.as_ref().get_nvlist(name)
    }
    pub fn contains(&self, name: &str) -> bool {
        self.as_ref().contains(name)
    }
    pub fn iter(&self) -> NvPairs<'_> {
        self.as_ref().iter()
    }
    pub fn is_empty(&self) -> bool {
        self.as_ref().is_empty()
    }
    pub fn len(&self) -> usize {
        self.as_ref().len()
    }
}

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
fn check_packed(buf: &[u8]) -> Result<(), NvError> {
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

impl Default for NvList {
    fn default() -> Self {
        NvList::new()
    }
}

impl Drop for NvList {
    fn drop(&mut self) {
        // SAFETY: we own the list and nothing borrows it past our lifetime (NvListRef borrows
        // are tied to &self).
        unsafe { sys::nvlist_free(self.ptr.as_ptr()) }
    }
}

impl Clone for NvList {
    fn clone(&self) -> Self {
        self.as_ref().to_owned()
    }
}

impl fmt::Debug for NvList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_ref().fmt(f)
    }
}

/// A borrowed nvlist: valid for as long as the list or call result it came from.
#[derive(Clone, Copy)]
pub struct NvListRef<'a> {
    ptr: NonNull<sys::nvlist_t>,
    _owner: PhantomData<&'a sys::nvlist_t>,
}

impl<'a> NvListRef<'a> {
    /// # Safety
    /// `ptr` must be a valid nvlist that stays alive and unmodified for `'a`.
    pub unsafe fn from_raw(ptr: *mut sys::nvlist_t) -> Option<NvListRef<'a>> {
        NonNull::new(ptr).map(|ptr| NvListRef {
            ptr,
            _owner: PhantomData,
        })
    }

    pub fn as_ptr(&self) -> *mut sys::nvlist_t {
        self.ptr.as_ptr()
    }

    /// A deep copy that the caller owns.
    pub fn to_owned(&self) -> NvList {
        let mut raw: *mut sys::nvlist_t = ptr::null_mut();
        // SAFETY: self.ptr is valid for 'a; raw is a valid out-pointer.
        let rc = unsafe { sys::nvlist_dup(self.as_ptr(), &mut raw, 0) };
        // SAFETY: on success raw is a fresh list we own.
        match (rc, unsafe { NvList::from_raw(raw) }) {
            (0, Some(list)) => list,
            _ => std::alloc::handle_alloc_error(std::alloc::Layout::new::<[u8; 64]>()),
        }
    }

    pub fn iter(&self) -> NvPairs<'a> {
        NvPairs {
            list: *self,
            cur: ptr::null_mut(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn get(&self, name: &str) -> Option<NvValue<'a>> {
        self.iter().find(|p| p.name() == name).map(|p| p.value())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|p| p.name() == name)
    }

    fn typed<T>(
        &self,
        name: &str,
        expected: &'static str,
        pick: impl FnOnce(NvValue<'a>) -> Option<T>,
    ) -> Result<T, NvError> {
        let value = self
            .get(name)
            .ok_or_else(|| NvError::Missing(name.to_string()))?;
        let found = value.type_name();
        pick(value).ok_or(NvError::WrongType {
            name: name.to_string(),
            expected,
            found,
        })
    }

    pub fn get_str(&self, name: &str) -> Result<Cow<'a, str>, NvError> {
        self.typed(name, "a string", |v| match v {
            NvValue::Str(s) => Some(s),
            _ => None,
        })
    }

    /// A u64, also accepting the narrower unsigned and signed-but-non-negative integer types.
    pub fn get_u64(&self, name: &str) -> Result<u64, NvError> {
        self.typed(name, "an unsigned integer", |v| v.as_u64())
    }

    pub fn get_i32(&self, name: &str) -> Result<i32, NvError> {
        self.typed(name, "an int32", |v| match v {
            NvValue::I32(x) => Some(x),
            _ => None,
        })
    }

    pub fn get_bool(&self, name: &str) -> Result<bool, NvError> {
        self.typed(name, "a boolean", |v| match v {
            NvValue::Flag => Some(true),
            NvValue::Bool(b) => Some(b),
            _ => None,
        })
    }

    pub fn get_nvlist(&self, name: &str) -> Result<NvListRef<'a>, NvError> {
        self.typed(name, "an nvlist", |v| match v {
            NvValue::List(l) => Some(l),
            _ => None,
        })
    }

    pub fn get_str_array(&self, name: &str) -> Result<Vec<Cow<'a, str>>, NvError> {
        self.typed(name, "a string array", |v| match v {
            NvValue::StrArray(a) => Some(a),
            _ => None,
        })
    }
}

impl fmt::Debug for NvListRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for pair in self.iter() {
            m.entry(&pair.name(), &pair.value());
        }
        m.finish()
    }
}

/// Iterator over the pairs of a list, in insertion order.
pub struct NvPairs<'a> {
    list: NvListRef<'a>,
    cur: *mut sys::nvpair_t,
}

impl fmt::Debug for NvPairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NvPairs").finish_non_exhaustive()
    }
}

impl<'a> Iterator for NvPairs<'a> {
    type Item = NvPair<'a>;
    fn next(&mut self) -> Option<NvPair<'a>> {
        // SAFETY: the list is valid for 'a and cur is either NULL (start) or a pair that
        // nvlist_next_nvpair returned for this same list.
        let next = unsafe { sys::nvlist_next_nvpair(self.list.as_ptr(), self.cur) };
        self.cur = next;
        NonNull::new(next).map(|ptr| NvPair {
            ptr,
            _owner: PhantomData,
        })
    }
}

/// One name/value pair of a list.
#[derive(Clone, Copy)]
pub struct NvPair<'a> {
    ptr: NonNull<sys::nvpair_t>,
    _owner: PhantomData<&'a sys::nvlist_t>,
}

impl fmt::Debug for NvPair<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}={:?}", self.name(), self.value())
    }
}

fn lossy<'a>(p: *const c_char) -> Cow<'a, str> {
    if p.is_null() {
        return Cow::Borrowed("");
    }
    // SAFETY: libnvpair strings are NUL-terminated and live as long as their list ('a).
    unsafe { CStr::from_ptr(p) }.to_string_lossy()
}

impl<'a> NvPair<'a> {
    pub fn name(&self) -> Cow<'a, str> {
        // SAFETY: the pair is valid for 'a; its name is a NUL-terminated string inside it.
        lossy(unsafe { sys::nvpair_name(self.ptr.as_ptr()) })
    }

    /// The value, decoded by the pair's own type. Types zsplice has no use for come back as
    /// [`NvValue::Other`] instead of failing.
    pub fn value(&self) -> NvValue<'a> {
        let p = self.ptr.as_ptr();
        // SAFETY: p is a valid pair for 'a.
        let ty = unsafe { sys::nvpair_type(p) };
        macro_rules! scalar {
            ($f:ident, $t:ty, $variant:ident) => {{
                let mut v: $t = Default::default();
                // SAFETY: the pair's type was checked to match this accessor; v is a valid
                // out-pointer.
                if unsafe { sys::$f(p, &mut v) } == 0 {
                    NvValue::$variant(v)
                } else {
                    NvValue::Other(ty)
                }
            }};
        }
        match ty {
            sys::DATA_TYPE_BOOLEAN => NvValue::Flag,
            sys::DATA_TYPE_BOOLEAN_VALUE => {
                let mut v: sys::boolean_t = sys::B_FALSE;
                // SAFETY: type checked above; v is a valid out-pointer.
                if unsafe { sys::nvpair_value_boolean_value(p, &mut v) } == 0 {
                    NvValue::Bool(v != sys::B_FALSE)
                } else {
                    NvValue::Other(ty)
                }
            }
            sys::DATA_TYPE_UINT64 => scalar!(nvpair_value_uint64, u64, U64),
            sys::DATA_TYPE_INT64 => scalar!(nvpair_value_int64, i64, I64),
            sys::DATA_TYPE_UINT32 => scalar!(nvpair_value_uint32, u32, U32),
            sys::DATA_TYPE_INT32 => scalar!(nvpair_value_int32, i32, I32),
            sys::DATA_TYPE_UINT8 => scalar!(nvpair_value_uint8, u8, U8),
            sys::DATA_TYPE_STRING => {
                let mut s: *const c_char = ptr::null();
                // SAFETY: type checked above; s is a valid out-pointer. The 2.3 signature
                // takes `const char **`.
                if unsafe { sys::nvpair_value_string(p, &mut s as *mut _ as _) } == 0 {
                    NvValue::Str(lossy(s))
                } else {
                    NvValue::Other(ty)
                }
            }
            sys::DATA_TYPE_NVLIST => {
                let mut l: *mut sys::nvlist_t = ptr::null_mut();
                // SAFETY: type checked above; the embedded list lives as long as its parent.
                if unsafe { sys::nvpair_value_nvlist(p, &mut l) } == 0 {
                    // SAFETY: l points into the parent list, valid for 'a.
                    match unsafe { NvListRef::from_raw(l) } {
                        Some(r) => NvValue::List(r),
                        None => NvValue::Other(ty),
                    }
                } else {
                    NvValue::Other(ty)
                }
            }
            sys::DATA_TYPE_STRING_ARRAY => {
                let mut arr: *mut *const c_char = ptr::null_mut();
                let mut n: sys::uint_t = 0;
                // SAFETY: type checked above; both out-pointers are valid.
                if unsafe { sys::nvpair_value_string_array(p, &mut arr as *mut _ as _, &mut n) }
                    == 0
                    && (!arr.is_null() || n == 0)
                {
                    let items = (0..n as usize)
                        // SAFETY: arr has n entries, each a NUL-terminated string in the list.
                        .map(|i| lossy(unsafe { *arr.add(i) }))
                        .collect();
                    NvValue::StrArray(items)
                } else {
                    NvValue::Other(ty)
                }
            }
            sys::DATA_TYPE_UINT64_ARRAY => {
                let mut arr: *mut u64 = ptr::null_mut();
                let mut n: sys::uint_t = 0;
                // SAFETY: type checked above; both out-pointers are valid.
                if unsafe { sys::nvpair_value_uint64_array(p, &mut arr, &mut n) } == 0 {
                    let slice = if n == 0 || arr.is_null() {
                        &[][..]
                    } else {
                        // SAFETY: arr points at n u64s inside the list, valid for 'a.
                        unsafe { std::slice::from_raw_parts(arr, n as usize) }
                    };
                    NvValue::U64Array(slice)
                } else {
                    NvValue::Other(ty)
                }
            }
            other => NvValue::Other(other),
        }
    }
}

/// A decoded value.
#[derive(Debug, Clone)]
pub enum NvValue<'a> {
    /// DATA_TYPE_BOOLEAN: a flag whose presence is the value.
    Flag,
    Bool(bool),
    U64(u64),
    I64(i64),
    U32(u32),
    I32(i32),
    U8(u8),
    Str(Cow<'a, str>),
    List(NvListRef<'a>),
    StrArray(Vec<Cow<'a, str>>),
    U64Array(&'a [u64]),
    /// A type zsplice does not decode, with its libnvpair `data_type_t`.
    Other(sys::data_type_t),
}

impl NvValue<'_> {
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            NvValue::U64(v) => Some(v),
            NvValue::U32(v) => Some(v as u64),
            NvValue::U8(v) => Some(v as u64),
            NvValue::I64(v) if v >= 0 => Some(v as u64),
            NvValue::I32(v) if v >= 0 => Some(v as u64),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            NvValue::Flag => "a flag",
            NvValue::Bool(_) => "a boolean",
            NvValue::U64(_) => "a uint64",
            NvValue::I64(_) => "an int64",
            NvValue::U32(_) => "a uint32",
            NvValue::I32(_) => "an int32",
            NvValue::U8(_) => "a uint8",
            NvValue::Str(_) => "a string",
            NvValue::List(_) => "an nvlist",
            NvValue::StrArray(_) => "a string array",
            NvValue::U64Array(_) => "a uint64 array",
            NvValue::Other(_) => "an unsupported type",
        }
    }
}

#[cfg(test)]
mod tests {
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
}
