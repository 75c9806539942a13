//! Operating-system helpers that need `unsafe` and have nothing to do with ZFS itself, kept in
//! this crate so the engine above stays `forbid(unsafe_code)`: [`isolate`] runs senders and
//! receivers on threads with a private descriptor table (so `kill -9` always ends zsplice), and
//! [`mapped`] maps stream files read-only.

pub mod isolate;
pub mod mapped;
