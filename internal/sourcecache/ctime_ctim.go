//go:build linux || openbsd || solaris || illumos || aix

package sourcecache

import "syscall"

func changeTime(st *syscall.Stat_t) int64 { return syscall.TimespecToNsec(st.Ctim) }
