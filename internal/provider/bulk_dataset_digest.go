package provider

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
)

// The plan's diff, as a digest (diff_sha256): the five counts alone let
// a file edited between plan and apply through when the edit keeps them
// (another row changed instead of the planned one). The digest is a
// planned attribute, not private state: Terraform plans again at apply
// (a saved plan too) and hands ApplyResourceChange the private state of
// that second plan, made from the edited file, so a digest kept there
// always matches. A planned value must match between the two plans, so
// Terraform stops the apply, before the provider sends anything, when
// the digest changed; and apply compares it again with the diff it runs.

// digest identifies the diff: per action, the keys it touches in key
// order, with the hashes of the rows sent (a removal's key alone).
func (d datasetDiff) digest(f *datasetFile, deleting bool) string {
	h := sha256.New()
	rows := func(action string, idx []int) {
		keyed := make([]datasetRow, len(idx))
		for i, n := range idx {
			keyed[i] = f.Rows[n]
		}
		slices.SortFunc(keyed, func(a, b datasetRow) int { return strings.Compare(a.Key, b.Key) })
		h.Write([]byte(action + "\n"))
		for _, r := range keyed {
			h.Write([]byte(r.Key + "\x00"))
			_ = binary.Write(h, binary.BigEndian, r.hashes) // a hash.Hash never fails
		}
	}
	rows("import", d.Import)
	rows("update", d.Update)
	removal := "forget\n"
	if deleting {
		removal = "delete\n"
	}
	h.Write([]byte(removal))
	for _, k := range d.Removed { // sorted by diffDataset
		h.Write([]byte(k + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}
