package rowcheck

import (
	"sync"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// Cache compiles each schema's Validator once, however many jobs or plans
// use it: compiling means building every regex of the metadata. Entries are
// keyed by the schema node, which its owner (the client's metadata cache,
// the emulator's catalogue) keeps for as long as the Cache. The zero value
// is ready to use and safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[*fieldmeta.Node]*cacheEntry
}

type cacheEntry struct {
	once sync.Once
	v    *Validator
	err  error
}

// Validator returns the schema's compiled Validator, compiling it on first
// use. Concurrent first callers share one compilation.
func (c *Cache) Validator(schema *fieldmeta.Node) (*Validator, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[*fieldmeta.Node]*cacheEntry{}
	}
	e, ok := c.entries[schema]
	if !ok {
		e = &cacheEntry{}
		c.entries[schema] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.err = NewValidator(schema) })
	return e.v, e.err
}
