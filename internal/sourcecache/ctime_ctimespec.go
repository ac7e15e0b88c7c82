//go:build darwin || freebsd || netbsd || dragonfly

package sourcecache

import "syscall"

func changeTime(st *syscall.Stat_t) int64 { return syscall.TimespecToNsec(st.Ctimespec) }
