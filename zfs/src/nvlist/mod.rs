//! Safe handles over libnvpair's `nvlist_t`: the name/value lists every libzfs_core call takes and
//! returns. [`NvList`] (here) owns a list (freed on drop); [`NvListRef`] (`read`) borrows one
//! that lives inside another list or inside a call's result. Reading never panics: a missing
//! name or a value of an unexpected type is an [`NvError`]. Packed lists are checked (`packed`)
//! before libnvpair decodes them.

use std::borrow::Cow;
use std::ffi::{c_char, c_int};
use std::fmt;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use libnvpair_sys as sys;

mod error;
mod packed;
mod read;

#[cfg(test)]
mod tests;

pub use error::NvError;
pub use read::{NvListRef, NvPair, NvPairs, NvValue};

use error::{check, cstring};
use packed::check_packed;

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

    /// Stores a string under `name`; NULs in either are [`NvError::InteriorNul`].
    pub fn insert_str(&mut self, name: &str, value: &str) -> Result<&mut Self, NvError> {
        let (n, v) = (cstring(name)?, cstring(value)?);
        // SAFETY: both strings are NUL-terminated and outlive the call; libnvpair copies them.
        check("add string", unsafe {
            sys::nvlist_add_string(self.as_ptr(), n.as_ptr(), v.as_ptr())
        })?;
        Ok(self)
    }

    /// Stores a uint64 under `name`.
    pub fn insert_u64(&mut self, name: &str, value: u64) -> Result<&mut Self, NvError> {
        let n = cstring(name)?;
        // SAFETY: n is NUL-terminated and outlives the call.
        check("add uint64", unsafe {
            sys::nvlist_add_uint64(self.as_ptr(), n.as_ptr(), value)
        })?;
        Ok(self)
    }

    /// Stores an int32 under `name`.
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

    /// Stores a boolean value (`DATA_TYPE_BOOLEAN_VALUE`) under `name`.
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

    /// Stores an array of strings under `name`.
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

    /// The value named `name`, if there is one. See [`NvListRef::get`].
    pub fn get(&self, name: &str) -> Option<NvValue<'_>> {
        self.as_ref().get(name)
    }
    /// The string named `name`. See [`NvListRef::get_str`].
    pub fn get_str(&self, name: &str) -> Result<Cow<'_, str>, NvError> {
        self.as_ref().get_str(name)
    }
    /// The unsigned integer named `name`. See [`NvListRef::get_u64`].
    pub fn get_u64(&self, name: &str) -> Result<u64, NvError> {
        self.as_ref().get_u64(name)
    }
    /// The list named `name`, borrowed. See [`NvListRef::get_nvlist`].
    pub fn get_nvlist(&self, name: &str) -> Result<NvListRef<'_>, NvError> {
        self.as_ref().get_nvlist(name)
    }
    /// Whether a pair is named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.as_ref().contains(name)
    }
    /// The pairs, in insertion order.
    pub fn iter(&self) -> NvPairs<'_> {
        self.as_ref().iter()
    }
    /// Whether the list has no pairs.
    pub fn is_empty(&self) -> bool {
        self.as_ref().is_empty()
    }
    /// How many pairs the list has (counted by walking it).
    pub fn len(&self) -> usize {
        self.as_ref().len()
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

impl NvListRef<'_> {
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
}
