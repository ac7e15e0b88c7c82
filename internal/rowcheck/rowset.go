package rowcheck

import (
	"encoding/binary"
	"errors"
	"slices"
	"sort"
)

// RowSet is the 64-bit hashes of a file's canonical rows, sorted, one per
// row (a row that appears twice is there twice): 8 bytes a row, so a
// 300 MB file of 100-byte rows takes 24 MB. Two different rows share a
// hash with odds of about one in 10^7 for files of millions of rows; the
// comparison it serves is a count in a warning, not a guard.
type RowSet struct {
	hashes []uint64
}

func newRowSet(hashes []uint64) *RowSet {
	slices.Sort(hashes)
	return &RowSet{hashes: hashes}
}

// Len is the number of rows.
func (s *RowSet) Len() int { return len(s.hashes) }

// take finds an unmatched row with hash sum, marks it matched in the
// bitset, and reports whether there was one.
func (s *RowSet) take(sum uint64, matched []uint64) bool {
	i := sort.Search(len(s.hashes), func(i int) bool { return s.hashes[i] >= sum })
	for ; i < len(s.hashes) && s.hashes[i] == sum; i++ {
		if word, bit := i/64, uint64(1)<<(i%64); matched[word]&bit == 0 {
			matched[word] |= bit
			return true
		}
	}
	return false
}

// MarshalBinary encodes the set for keeping it (in private state, say):
// 8 bytes a row, little-endian.
func (s *RowSet) MarshalBinary() ([]byte, error) {
	out := make([]byte, 8*len(s.hashes))
	for i, h := range s.hashes {
		binary.LittleEndian.PutUint64(out[8*i:], h)
	}
	return out, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (s *RowSet) UnmarshalBinary(b []byte) error {
	if len(b)%8 != 0 {
		return errors.New("row set: length is not a multiple of 8")
	}
	hashes := make([]uint64, len(b)/8)
	for i := range hashes {
		hashes[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	*s = *newRowSet(hashes)
	return nil
}
