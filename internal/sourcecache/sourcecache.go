// Package sourcecache remembers what checking a source file found, keyed
// by the file's identity (absolute path, size, modification and change
// times, inode) and the check's parameters, so that a later Terraform
// walk in another provider process need not read and validate the same
// unchanged file again.
//
// An entry is a hint, never proof: the provider still verifies the bytes
// it uploads against the hash it planned, so a file changed behind an
// unchanged identity is refused, not loaded.
package sourcecache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultTTL bounds how old an entry may be: long enough for a saved plan
// applied the same day, short enough that stale metadata checks age out.
const DefaultTTL = 12 * time.Hour

// Identity is what must be unchanged for an entry to apply.
type Identity struct {
	Path      string // absolute
	Size      int64
	ModTimeNs int64
	ChangeNs  int64  // status change time where the platform has one; users cannot set it
	Inode     uint64 // 0 where the platform has none
	Device    uint64
}

// Identify stats path. Two identities are equal only if the file was not
// written in between (short of clock tampering).
func Identify(path string) (Identity, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Identity{}, err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return Identity{}, err
	}
	if !info.Mode().IsRegular() {
		return Identity{}, errors.New("not a regular file")
	}
	id := Identity{Path: abs, Size: info.Size(), ModTimeNs: info.ModTime().UnixNano()}
	platformIdentity(info, &id)
	return id, nil
}

// Warning is a diagnostic the check produced, replayed with the facts.
type Warning struct{ Summary, Detail string }

// Entry is what one check of one file found.
type Entry struct {
	Identity Identity
	Params   string // the check's parameters, as the caller renders them
	Written  time.Time
	SHA256   string
	Size     int64
	Rows     int
	// RowsSHA256 is the identity of the file's rows (line endings and
	// blank lines ignored), as the caller's check computed it.
	RowsSHA256 string
	Warnings   []Warning
}

// Cache is a directory of entries, one small file each.
type Cache struct {
	Dir string        // "" disables the cache
	TTL time.Duration // 0: DefaultTTL
}

// Default is the cache under the user's cache directory. Without one the
// cache is off: a shared temporary directory could hold entries another
// user planted.
func Default() Cache {
	base, err := os.UserCacheDir()
	if err != nil {
		return Cache{}
	}
	return Cache{Dir: filepath.Join(base, "terraform-provider-zuora", "source-facts")}
}

func (c Cache) ttl() time.Duration {
	if c.TTL > 0 {
		return c.TTL
	}
	return DefaultTTL
}

func (c Cache) file(id Identity, params string) string {
	b, _ := json.Marshal(struct {
		Identity
		Params string
	}{id, params})
	sum := sha256.Sum256(b)
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:16])+".json")
}

// Load returns the entry for this identity and these parameters, if one
// was stored within the TTL.
func (c Cache) Load(id Identity, params string) (Entry, bool) {
	if c.Dir == "" {
		return Entry{}, false
	}
	b, err := os.ReadFile(c.file(id, params))
	if err != nil {
		return Entry{}, false
	}
	var e Entry
	if json.Unmarshal(b, &e) != nil || e.Identity != id || e.Params != params ||
		time.Since(e.Written) > c.ttl() || e.Written.After(time.Now().Add(time.Minute)) {
		return Entry{}, false
	}
	return e, true
}

// Store writes e atomically (readers never see half an entry) with
// owner-only permissions, and drops entries past the TTL.
func (c Cache) Store(e Entry) error {
	if c.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	e.Written = time.Now()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, ".entry-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), c.file(e.Identity, e.Params)); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	c.prune()
	return nil
}

// prune removes entries (and abandoned temporary files) past the TTL.
func (c Cache) prune() {
	dir, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	for _, d := range dir {
		if !strings.HasSuffix(d.Name(), ".json") && !strings.HasPrefix(d.Name(), ".entry-") {
			continue
		}
		if info, err := d.Info(); err == nil && time.Since(info.ModTime()) > c.ttl() {
			_ = os.Remove(filepath.Join(c.Dir, d.Name()))
		}
	}
}
