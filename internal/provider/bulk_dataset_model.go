package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"
	"strings"
	"unsafe"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// bulkDatasetModel is zuora_bulk_dataset's configuration and state.
type bulkDatasetModel struct {
	ID             types.String   `tfsdk:"id"`
	ObjectType     types.String   `tfsdk:"object_type"`
	KeyField       types.String   `tfsdk:"key_field"`
	Source         types.String   `tfsdk:"source"`
	Content        types.String   `tfsdk:"content"`
	FileType       types.String   `tfsdk:"file_type"`
	Delimiter      types.String   `tfsdk:"delimiter"`
	Mappings       types.Map      `tfsdk:"mappings"`
	OnRemove       types.String   `tfsdk:"on_remove"`
	OnDestroy      types.String   `tfsdk:"on_destroy"`
	MaxFailedRows  types.Int64    `tfsdk:"max_failed_rows"`
	IDs            types.Map      `tfsdk:"ids"`
	JobIDs         types.List     `tfsdk:"job_ids"`
	ImportCount    types.Int64    `tfsdk:"import_count"`
	UpdateCount    types.Int64    `tfsdk:"update_count"`
	DeleteCount    types.Int64    `tfsdk:"delete_count"`
	ForgetCount    types.Int64    `tfsdk:"forget_count"`
	UnchangedCount types.Int64    `tfsdk:"unchanged_count"`
	DiffSHA256     types.String   `tfsdk:"diff_sha256"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// datasetState is what the dataset loaded: per key the record id and the
// hashes of the row that made it, and the jobs that built it. It never
// holds the rows themselves.
type datasetState struct {
	Rows map[string]loadedRow
	Jobs []string
	Held map[string]string // keys no import may send: bulk_dataset_held.go
}

// loadedRow is one record of the dataset: its id and its row's hashes.
type loadedRow struct {
	ID string
	hashes
}

// clone is a copy of s that can be changed without changing s.
func (s *datasetState) clone() *datasetState {
	c := &datasetState{Rows: maps.Clone(s.Rows), Jobs: slices.Clone(s.Jobs), Held: maps.Clone(s.Held)}
	if c.Rows == nil {
		c.Rows = map[string]loadedRow{}
	}
	return c
}

func newDatasetState() *datasetState {
	return &datasetState{Rows: map[string]loadedRow{}}
}

// id is the record id of key, "" when the dataset has none.
func (s *datasetState) id(key string) string { return s.Rows[key].ID }

// rehash records that key's record now holds a row with hashes h.
func (s *datasetState) rehash(key string, h hashes) {
	r := s.Rows[key]
	r.hashes = h
	s.Rows[key] = r
}

// keys are the dataset's keys in order.
func (s *datasetState) keys() []string {
	keys := make([]string, 0, len(s.Rows))
	for k := range s.Rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// accounted: the outcome of job id is recorded in s already.
func (s *datasetState) accounted(id string) bool { return slices.Contains(s.Jobs, id) }

// loadDatasetState reads the dataset's job ids, its rows (key and record
// id, from ids) and their hashes from private state.
func loadDatasetState(ctx context.Context, jobIDs types.List, rows []keyedRow, p privateState) (*datasetState, diag.Diagnostics) {
	s := newDatasetState()
	var diags diag.Diagnostics
	if !jobIDs.IsNull() && !jobIDs.IsUnknown() {
		diags.Append(jobIDs.ElementsAs(ctx, &s.Jobs, false)...)
	}
	diags.Append(s.loadHeld(ctx, p)...)
	if len(rows) == 0 {
		return s, diags
	}
	// The rows are put in the order their hashes are stored in, given
	// their hashes, and only then made a map.
	sortRows(rows)
	var raw []byte
	if p != nil {
		var d diag.Diagnostics
		raw, d = p.GetKey(ctx, datasetRowsKey)
		diags.Append(d...)
	}
	if err := decodeHashes(raw, rows); err != nil {
		diags.AddError("Cannot read the dataset's state", fmt.Sprintf("The row hashes in private state are damaged (%v). "+
			"Remove the resource from state and import it again from its completed Import jobs (terraform import with their ids; "+
			"job_ids lists them among its Update and Delete jobs).", err))
	}
	s.Rows = make(map[string]loadedRow, len(rows))
	for _, r := range rows {
		s.Rows[r.key] = r.loadedRow
	}
	return s, diags
}

// modelRows are the rows of an ids attribute read into a model. (Not
// ElementsAs: its reflection costs more than the whole row diff at
// 100,000 rows.)
func modelRows(ids types.Map) []keyedRow {
	elems := ids.Elements()
	rows := make([]keyedRow, 0, len(elems))
	for k, v := range elems {
		if id, ok := v.(types.String); ok {
			rows = append(rows, keyedRow{key: k, loadedRow: loadedRow{ID: id.ValueString()}})
		}
	}
	return rows
}

type keyedRow struct {
	key   string
	order uint64
	loadedRow
}

// sortRows puts rows in the order their hashes are stored in: by a CRC of
// the key (keyOrder), then the key. The CRCs are sorted by radix, a pass
// per 16 bits that differ anywhere: a comparison sort of 100,000 rows
// costs several times as much, and this runs in every plan.
func sortRows(rows []keyedRow) {
	for i := range rows {
		rows[i].order = keyOrder(rows[i].key)
	}
	if len(rows) < 2 {
		return
	}
	tmp := make([]keyedRow, len(rows))
	src, dst := rows, tmp
	var counts [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(counts[:])
		for i := range src {
			counts[uint16(src[i].order>>shift)]++
		}
		if counts[uint16(src[0].order>>shift)] == len(src) {
			continue // every row has this digit: nothing to order
		}
		at := 0
		for d, n := range counts {
			counts[d], at = at, at+n
		}
		for i := range src {
			d := uint16(src[i].order >> shift)
			dst[counts[d]] = src[i]
			counts[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &rows[0] {
		copy(rows, src)
	}
	// Rows with the same CRC and length (rare) go by key.
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].order == rows[i].order {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(rows[i:j], func(a, b keyedRow) int { return strings.Compare(a.key, b.key) })
		}
		i = j
	}
}

func keyOrder(key string) uint64 {
	return uint64(crc32.Checksum(unsafe.Slice(unsafe.StringData(key), len(key)), castagnoli))<<32 | uint64(len(key))
}

// save writes s into m and private state.
func (s *datasetState) save(ctx context.Context, m *bulkDatasetModel, p privateState) diag.Diagnostics {
	var diags diag.Diagnostics
	elems := make(map[string]attr.Value, len(s.Rows))
	for k, r := range s.Rows {
		elems[k] = types.StringValue(r.ID)
	}
	ids, d := types.MapValue(types.StringType, elems)
	diags.Append(d...)
	jobs, d := types.ListValueFrom(ctx, types.StringType, append([]string{}, s.Jobs...))
	diags.Append(d...)
	m.IDs, m.JobIDs = ids, jobs
	if p != nil {
		diags.Append(p.SetKey(ctx, datasetRowsKey, s.encodeHashes())...)
		diags.Append(s.saveHeld(ctx, p)...)
	}
	return diags
}

// encodeHashes is the hashes as a JSON string (private state values are
// JSON): base64 of 12 bytes per row, in sortRows' order (the keys
// themselves are in ids). The
// framework and Terraform base64 private state twice more, so a row
// costs about 28 bytes of state here.
func (s *datasetState) encodeHashes() []byte {
	rows := make([]keyedRow, 0, len(s.Rows))
	for k, r := range s.Rows {
		rows = append(rows, keyedRow{key: k, loadedRow: r})
	}
	sortRows(rows)
	buf := make([]byte, 0, len(rows)*hashBytes)
	for _, r := range rows {
		h := r.hashes
		buf = binary.BigEndian.AppendUint64(buf, h.All)
		buf = binary.BigEndian.AppendUint32(buf, h.Fixed)
	}
	out, _ := json.Marshal(base64.StdEncoding.EncodeToString(buf)) // a string: cannot fail
	return out
}

const hashBytes = 12

// base64JSONString decodes a JSON string of base64, as encoding/json
// writes []byte: without escapes it is decoded in place of the quotes
// (about 2 MB at 100,000 rows, in every plan), else through encoding/json.
func base64JSONString(raw []byte) ([]byte, error) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		inner := raw[1 : n-1]
		out := make([]byte, base64.StdEncoding.DecodedLen(len(inner)))
		m, err := base64.StdEncoding.Decode(out, inner)
		return out[:m], err
	}
	var out []byte
	err := json.Unmarshal(raw, &out)
	return out, err
}

// decodeHashes fills the hashes of rows, in key order, from what
// encodeHashes wrote; none at all (no private state) leaves them zero.
func decodeHashes(raw []byte, rows []keyedRow) error {
	if len(raw) == 0 {
		return nil
	}
	buf, err := base64JSONString(raw)
	if err != nil {
		return err
	}
	if len(buf) != len(rows)*hashBytes {
		return fmt.Errorf("%d bytes of hashes for %d rows", len(buf), len(rows))
	}
	for i := range rows {
		b := buf[i*hashBytes:]
		rows[i].hashes = hashes{All: binary.BigEndian.Uint64(b), Fixed: binary.BigEndian.Uint32(b[8:])}
	}
	return nil
}
