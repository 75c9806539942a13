//! Reading nvlists: [`NvListRef`] borrows a list (inside another list or a call's result),
//! [`NvPairs`] iterates over its pairs, and [`NvPair::value`] decodes each into an [`NvValue`].
//! Reading never panics: a missing name or a value of an unexpected type is an [`NvError`].

use std::borrow::Cow;
use std::ffi::{c_char, CStr};
use std::fmt;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use libnvpair_sys as sys;

use super::error::NvError;

/// A borrowed nvlist: valid for as long as the list or call result it came from.
#[derive(Clone, Copy)]
pub struct NvListRef<'a> {
    pub(super) ptr: NonNull<sys::nvlist_t>,
    pub(super) _owner: PhantomData<&'a sys::nvlist_t>,
}

impl<'a> NvListRef<'a> {
    /// Borrows a list libnvpair or a C call handed out; None for NULL.
    ///
    /// # Safety
    /// `ptr` must be a valid nvlist that stays alive and unmodified for `'a`.
    pub unsafe fn from_raw(ptr: *mut sys::nvlist_t) -> Option<NvListRef<'a>> {
        NonNull::new(ptr).map(|ptr| NvListRef {
            ptr,
            _owner: PhantomData,
        })
    }

    /// The raw pointer, for passing to C; the list stays borrowed.
    pub fn as_ptr(&self) -> *mut sys::nvlist_t {
        self.ptr.as_ptr()
    }

    /// The pairs, in insertion order.
    pub fn iter(&self) -> NvPairs<'a> {
        NvPairs {
            list: *self,
            cur: ptr::null_mut(),
        }
    }

    /// Whether the list has no pairs.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// How many pairs the list has (counted by walking it).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// The value of the first pair named `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<NvValue<'a>> {
        self.iter().find(|p| p.name() == name).map(|p| p.value())
    }

    /// Whether a pair is named `name`.
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

    /// The string named `name` (bytes that are not UTF-8 replaced).
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

    /// The int32 named `name`.
    pub fn get_i32(&self, name: &str) -> Result<i32, NvError> {
        self.typed(name, "an int32", |v| match v {
            NvValue::I32(x) => Some(x),
            _ => None,
        })
    }

    /// The boolean named `name`: a flag (present: true) or a boolean value.
    pub fn get_bool(&self, name: &str) -> Result<bool, NvError> {
        self.typed(name, "a boolean", |v| match v {
            NvValue::Flag => Some(true),
            NvValue::Bool(b) => Some(b),
            _ => None,
        })
    }

    /// The list named `name`, borrowed from this one.
    pub fn get_nvlist(&self, name: &str) -> Result<NvListRef<'a>, NvError> {
        self.typed(name, "an nvlist", |v| match v {
            NvValue::List(l) => Some(l),
            _ => None,
        })
    }

    /// The string array named `name`.
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
    /// The pair's name (bytes that are not UTF-8 replaced).
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
    /// DATA_TYPE_BOOLEAN_VALUE.
    Bool(bool),
    /// DATA_TYPE_UINT64.
    U64(u64),
    /// DATA_TYPE_INT64.
    I64(i64),
    /// DATA_TYPE_UINT32.
    U32(u32),
    /// DATA_TYPE_INT32 (libzfs_core's errlists hold errnos so).
    I32(i32),
    /// DATA_TYPE_UINT8.
    U8(u8),
    /// DATA_TYPE_STRING (bytes that are not UTF-8 replaced).
    Str(Cow<'a, str>),
    /// DATA_TYPE_NVLIST: an embedded list, borrowed.
    List(NvListRef<'a>),
    /// DATA_TYPE_STRING_ARRAY.
    StrArray(Vec<Cow<'a, str>>),
    /// DATA_TYPE_UINT64_ARRAY, borrowed.
    U64Array(&'a [u64]),
    /// A type zsplice does not decode, with its libnvpair `data_type_t`.
    Other(sys::data_type_t),
}

impl NvValue<'_> {
    /// The value as a u64 if it is an unsigned integer or a non-negative signed one.
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

    /// The type in words, for messages ("a uint64").
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
