//! Integration tests against real ZFS. On a host without ZFS they skip with a message (and the
//! missing-/dev/zfs test runs for real); `scripts/test.sh` runs them inside the OpenZFS guest with
//! ZSPLICE_REQUIRE_ZFS=1, where a skip is a failure.
mod faults;
mod helpers;
mod streams;
mod tasks;
mod zfs_layer;
