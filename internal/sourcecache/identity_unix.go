//go:build unix

package sourcecache

import (
	"os"
	"syscall"
)

func platformIdentity(info os.FileInfo, id *Identity) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	id.Inode, id.Device = uint64(st.Ino), uint64(st.Dev) //nolint:unconvert // widths differ by platform
	id.ChangeNs = changeTime(st)
}
