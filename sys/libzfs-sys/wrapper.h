/*
 * What libzfs-sys binds: libzfs_core's API, plus the kernel ABI that libzfs_core does not
 * expose but zsplice needs for listing (zfs_cmd_t, the ZFS_IOC_* numbers) and for parsing
 * send streams (dmu_replay_record_t), and OpenZFS's own error numbers (zfs_errno_t, 1024+).
 */
#include <libzfs_core.h>
#include <sys/fs/zfs.h>
#include <sys/zfs_ioctl.h>
