//go:build unix

// Package cputime reads the CPU time a process has used. Benchmarks report
// throughput per CPU second as well as per wall second, because a shared
// machine's load inflates wall time but not CPU time.
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time (user and system) this process has used.
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
