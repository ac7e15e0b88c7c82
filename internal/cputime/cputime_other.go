//go:build !unix

// Package cputime reads the CPU time a process has used.
package cputime

import "time"

// Process is 0 where the CPU time cannot be read; callers then skip the
// per-CPU-second figure.
func Process() time.Duration { return 0 }
