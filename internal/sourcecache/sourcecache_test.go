package sourcecache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStoredEntryAppliesOnlyToTheSameFileAndParameters(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	file := filepath.Join(t.TempDir(), "rows.jsonl")
	if err := os.WriteFile(file, []byte("one\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	id, err := Identify(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Store(Entry{Identity: id, Params: "p", SHA256: "abc", Size: 4, Rows: 1, Warnings: []Warning{{"s", "d"}}}); err != nil {
		t.Fatal(err)
	}
	e, ok := c.Load(id, "p")
	if !ok || e.SHA256 != "abc" || e.Rows != 1 || len(e.Warnings) != 1 || e.Warnings[0].Detail != "d" {
		t.Fatalf("load = %+v %v", e, ok)
	}
	if _, ok := c.Load(id, "q"); ok {
		t.Error("an entry applied to other parameters")
	}

	// Same size, same modification time, other bytes: the change time (or
	// at least the inode's) still tells the files apart on this platform.
	info, _ := os.Stat(file)
	if err := os.WriteFile(file, []byte("two\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(file, info.ModTime(), info.ModTime())
	after, err := Identify(file)
	if err != nil {
		t.Fatal(err)
	}
	if after == id && after.ChangeNs != 0 {
		t.Errorf("a rewritten file has the same identity: %+v", after)
	}

	if _, ok := (Cache{Dir: c.Dir, TTL: time.Nanosecond}).Load(id, "p"); ok {
		t.Error("an entry past its TTL applied")
	}
	if info, err := os.Stat(c.Dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("cache directory %v %v; want owner-only", info, err)
	}
}

func TestIdentifyRefusesWhatIsNotARegularFile(t *testing.T) {
	if _, err := Identify(t.TempDir()); err == nil {
		t.Error("a directory got an identity")
	}
}
