package provider

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"

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
// JSON): base64 of 12 bytes per row, in the order of the keys of IDs,
// which always has the same keys (the keys themselves are in ids). The
// framework and Terraform base64 private state twice more, so a row
// costs about 28 bytes of state here.
func (s *datasetState) encodeHashes() []byte {
	keys := sortedKeys(s.IDs)
	buf := make([]byte, 0, len(keys)*hashBytes)
	for _, k := range keys {
		h := s.Hashes[k]
		buf = binary.BigEndian.AppendUint64(buf, h.All)
		buf = binary.BigEndian.AppendUint32(buf, h.Fixed)
	}
	out, _ := json.Marshal(base64.StdEncoding.EncodeToString(buf)) // a string: cannot fail
	return out
}

const hashBytes = 12

func (s *datasetState) decodeHashes(raw []byte) error {
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return err
	}
	buf, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return err
	}
	keys := sortedKeys(s.IDs)
	if len(buf) != len(keys)*hashBytes {
		return fmt.Errorf("%d bytes of hashes for %d rows", len(buf), len(keys))
	}
	for i, k := range keys {
		b := buf[i*hashBytes:]
		s.Hashes[k] = hashes{All: binary.BigEndian.Uint64(b), Fixed: binary.BigEndian.Uint32(b[8:])}
	}
	return nil
}
