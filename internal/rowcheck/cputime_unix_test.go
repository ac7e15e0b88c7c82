//go:build unix

package rowcheck

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used. Benchmarks report
// throughput per CPU second as well as per wall second, because a shared
// machine's load inflates wall time but not CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
