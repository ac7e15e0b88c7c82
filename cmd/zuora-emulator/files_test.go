package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A bad -faults or -catalogue file stops the emulator before it serves,
// naming the flag and the file, so a CI job fails at its first step.
func TestBadFilesStopBeforeServing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`[{"status": 503, "pth": "/x"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-faults", bad}, "-faults " + bad + `: fault 1: unknown key "pth"`},
		{[]string{"-catalogue", bad}, "-catalogue " + bad + ": catalogue entry 1: object_name is missing"},
		{[]string{"-faults", filepath.Join(dir, "missing.json")}, "-faults: open "},
	} {
		var stdout strings.Builder
		err := run(t.Context(), append(tc.args, "-listen", "127.0.0.1:0"), &stdout, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want %q", tc.args, err, tc.want)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: printed %q before failing", tc.args, stdout.String())
		}
	}
}
