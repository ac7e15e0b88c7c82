package provider

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// datasetState is what the dataset loaded: per key the record id and the
// hashes of the row that made it, and the jobs that built it. It never
// holds the rows themselves.
type datasetState struct {
	IDs    map[string]string
	Hashes map[string]hashes
	Jobs   []string
}

func newDatasetState() *datasetState {
	return &datasetState{IDs: map[string]string{}, Hashes: map[string]hashes{}}
}

func (s *datasetState) accounted(id string) bool {
	for _, j := range s.Jobs {
		if j == id {
			return true
		}
	}
	return false
}

// loadDatasetState reads ids and job_ids from m and the hashes from
// private state.
func loadDatasetState(ctx context.Context, m bulkDatasetModel, p privateState) (*datasetState, diag.Diagnostics) {
	s := newDatasetState()
	var diags diag.Diagnostics
	if !m.IDs.IsNull() && !m.IDs.IsUnknown() {
		diags.Append(m.IDs.ElementsAs(ctx, &s.IDs, false)...)
	}
	if !m.JobIDs.IsNull() && !m.JobIDs.IsUnknown() {
		diags.Append(m.JobIDs.ElementsAs(ctx, &s.Jobs, false)...)
	}
	if p == nil {
		return s, diags
	}
	raw, d := p.GetKey(ctx, datasetRowsKey)
	diags.Append(d...)
	if len(raw) > 0 {
		if err := s.decodeHashes(raw); err != nil {
			diags.AddError("Cannot read the dataset's state", fmt.Sprintf("The row hashes in private state are damaged (%v). "+
				"Remove the resource from state and import it again from its jobs (terraform import with the ids in job_ids).", err))
		}
	}
	return s, diags
}

// save writes s into m and private state.
func (s *datasetState) save(ctx context.Context, m *bulkDatasetModel, p privateState) diag.Diagnostics {
	var diags diag.Diagnostics
	ids, d := types.MapValueFrom(ctx, types.StringType, s.IDs)
	diags.Append(d...)
	jobs, d := types.ListValueFrom(ctx, types.StringType, append([]string{}, s.Jobs...))
	diags.Append(d...)
	m.IDs, m.JobIDs = ids, jobs
	if p != nil {
		diags.Append(p.SetKey(ctx, datasetRowsKey, s.encodeHashes())...)
	}
	return diags
}

// encodeHashes is the hashes as a JSON string (private state values are
// JSON): base64 of, per key in key order, its length, the key and the
// two 8-byte hashes. About 30 bytes a row.
func (s *datasetState) encodeHashes() []byte {
	keys := make([]string, 0, len(s.Hashes))
	for k := range s.Hashes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf := make([]byte, 0, len(keys)*32)
	for _, k := range keys {
		h := s.Hashes[k]
		buf = binary.AppendUvarint(buf, uint64(len(k)))
		buf = append(buf, k...)
		buf = binary.BigEndian.AppendUint64(buf, h.All)
		buf = binary.BigEndian.AppendUint64(buf, h.Fixed)
	}
	out, _ := json.Marshal(base64.StdEncoding.EncodeToString(buf)) // a string: cannot fail
	return out
}

func (s *datasetState) decodeHashes(raw []byte) error {
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return err
	}
	buf, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return err
	}
	for len(buf) > 0 {
		n, w := binary.Uvarint(buf)
		if w <= 0 || uint64(len(buf)-w) < n+16 {
			return fmt.Errorf("truncated entry")
		}
		k := string(buf[w : w+int(n)])
		buf = buf[w+int(n):]
		s.Hashes[k] = hashes{All: binary.BigEndian.Uint64(buf), Fixed: binary.BigEndian.Uint64(buf[8:])}
		buf = buf[16:]
	}
	return nil
}
