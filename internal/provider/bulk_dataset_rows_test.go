package provider

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

func mustRows(t *testing.T, content string, updatable map[string]bool) *datasetFile {
	t.Helper()
	f, err := readDatasetRows([]byte(content), "rows.jsonl", "accountNumber", updatable)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDatasetRows_hashIgnoresLayoutButNotValues(t *testing.T) {
	updatable := map[string]bool{"name": true, "billToContact": true}
	a := mustRows(t, `{"accountNumber":"A-1","name":"Acme","currency":"USD","billToContact":{"city":"Paris","country":"France"}}`, updatable).Rows[0]
	same := mustRows(t, "\r\n{ \"billToContact\": {\"city\":\"Paris\", \"country\":\"France\"},\t\"currency\":\"USD\", \"name\":\"Acme\", \"accountNumber\":\"A-1\" }\r\n", updatable).Rows[0]
	renamed := mustRows(t, `{"accountNumber":"A-1","name":"Acme 2","currency":"USD","billToContact":{"city":"Paris","country":"France"}}`, updatable).Rows[0]
	recurrency := mustRows(t, `{"accountNumber":"A-1","name":"Acme","currency":"EUR","billToContact":{"city":"Paris","country":"France"}}`, updatable).Rows[0]
	if a.hashes != same.hashes {
		t.Errorf("reordered members and whitespace changed the hashes: %+v vs %+v", a.hashes, same.hashes)
	}
	if renamed.All == a.All || renamed.Fixed != a.Fixed {
		t.Errorf("a change of an updatable member: All must change and Fixed stay: %+v vs %+v", a.hashes, renamed.hashes)
	}
	if recurrency.All == a.All || recurrency.Fixed == a.Fixed {
		t.Errorf("a change of a member Update does not take must change Fixed: %+v vs %+v", a.hashes, recurrency.hashes)
	}
}

func TestDatasetRows_keysAndProblems(t *testing.T) {
	f := mustRows(t, "{\"accountNumber\":7}\n\n{\"accountNumber\":\"x\"}", nil)
	if len(f.Rows) != 2 || f.Rows[0].Key != "7" || f.Rows[1].Key != "x" || f.Rows[1].Line != 3 {
		t.Fatalf("rows = %+v", f.Rows)
	}
	nested, err := readDatasetRows([]byte(`{"billToContact":{"workEmail":"a@b.c"}}`), "c", "billToContact.workEmail", nil)
	if err != nil || nested.Rows[0].Key != "a@b.c" {
		t.Fatalf("nested key: %v %+v", err, nested)
	}
	for content, want := range map[string]string{
		"{\"accountNumber\":\"A\"}\n{\"accountNumber\":\"B\"}\n{\"accountNumber\":\"A\"}": `rows.jsonl lines 1 and 3: both have accountNumber "A"`,
		`{"name":"no key"}`:         "rows.jsonl line 1: no value for the key field accountNumber",
		`{"accountNumber":null}`:    "rows.jsonl line 1: no value for the key field accountNumber",
		`["not","an","object"]`:     "rows.jsonl line 1: not a JSON object",
		`{"accountNumber":{"a":1}}`: "rows.jsonl line 1: no value for the key field",
	} {
		_, err := readDatasetRows([]byte(content), "rows.jsonl", "accountNumber", nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", content, err, want)
		}
	}
}

func TestDatasetRows_tooManyRowsPointsToBulkJob(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i <= maxDatasetRows; i++ {
		fmt.Fprintf(&b, "{\"accountNumber\":%d}\n", i)
	}
	_, err := readDatasetRows(b.Bytes(), "big.jsonl", "accountNumber", nil)
	if err == nil || !strings.Contains(err.Error(), "zuora_bulk_job") {
		t.Fatalf("error %v, want one pointing to zuora_bulk_job", err)
	}
}

func TestDatasetDiff_andGeneratedFiles(t *testing.T) {
	updatable := map[string]bool{"name": true}
	old := mustRows(t, `{"accountNumber":"A","name":"a"}
{"accountNumber":"B","name":"b","currency":"USD"}
{"accountNumber":"C","name":"c"}
{"accountNumber":"D","name":"d"}`, updatable)
	s := newDatasetState()
	for _, r := range old.Rows {
		s.Rows[r.Key] = loadedRow{ID: "id-" + r.Key, hashes: r.hashes}
	}
	now := mustRows(t, `{"accountNumber":"A","name":"a"}
{"accountNumber":"B","name":"b","currency":"EUR"}
{"accountNumber":"C","name":"c2"}
{"accountNumber":"E","name":"e"}`, updatable)
	d := diffDataset(now, s)
	if fmt.Sprint(d.Import, d.Update, d.Fixed, d.Removed, d.Unchanged) != "[3] [2] [1] [D] 1" {
		t.Fatalf("diff = %+v", d)
	}
	if got := d.line("Account", true); got != "Account dataset: 1 to import, 1 to update, 1 to delete, 1 unchanged" {
		t.Errorf("line = %q", got)
	}
	if got := d.line("Account", false); got != "Account dataset: 1 to import, 1 to update, 1 to forget, 1 unchanged" {
		t.Errorf("line = %q", got)
	}
	row, err := updateRow(now.Rows[2], "Id", "id-C", updatable)
	if err != nil || string(row) != `{"Id":"id-C","name":"c2"}` {
		t.Errorf("update row = %s, %v", row, err)
	}
	if got := string(deleteFile([]string{"D"}, s, "Id")); got != "{\"Id\":\"id-D\"}\n" {
		t.Errorf("delete file = %q", got)
	}
	if got, _ := importFile(now, d.Import); string(got) != "{\"accountNumber\":\"E\",\"name\":\"e\"}\n" {
		t.Errorf("import file = %q", got)
	}
}

// memPrivate is private state in memory, encoded as the framework does.
type memPrivate map[string][]byte

func (p memPrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }
func (p memPrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

// State of 100,000 rows keyed by 16-character account numbers, written as
// Terraform writes its state file (version 4): json.MarshalIndent with two
// spaces a level, so each ids entry sits 14 spaces deep, the attributes
// as their JSON, and private state base64-encoded (the framework's JSON
// map of its keys' values, base64 again, around ours). A row costs about
// 82 bytes plus its key: 54 for its ids entry (indent, quotes, a 32-
// character record id) and 28 for its 12 bytes of hashes after three
// base64 encodings. So 100,000 rows stay under 10 MB (10^7 bytes) with
// keys up to 16 characters of ASCII (a character JSON escapes, such as <
// or &, costs six; others their UTF-8 bytes): plan's estimate, a byte a
// row above this, refuses 17. content (unlike source) adds the whole file
// to state.
func TestDatasetState_100kRowsUnder10MB(t *testing.T) {
	ctx := context.Background()
	s := newDatasetState()
	for i := 0; i < maxDatasetRows; i++ {
		key := fmt.Sprintf("ACCT-%011d", i)
		s.Rows[key] = loadedRow{ID: fmt.Sprintf("8a8a%028x", i), hashes: hashes{All: uint64(i) * 7919, Fixed: uint32(i)}}
	}
	s.Jobs = []string{"8a90a1b2c3d4e5f60718293a4b5c6d7e", "8a90a1b2c3d4e5f60718293a4b5c6d7f"}
	m := bulkDatasetModel{ID: types.StringValue("Account/accountNumber"), ObjectType: types.StringValue("Account"),
		KeyField: types.StringValue("accountNumber"), Source: types.StringValue("seed/accounts.jsonl"), Content: types.StringNull(),
		OnRemove: types.StringValue("delete"), OnDestroy: types.StringNull(), MaxFailedRows: types.Int64Null(),
		FileType: types.StringNull(), Delimiter: types.StringNull(), Mappings: types.MapNull(types.StringType),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})}}
	m.setCounts([5]int64{100, 1000, 1, 0, maxDatasetRows - 1100})
	p := memPrivate{}
	if d := s.save(ctx, &m, p); d.HasError() {
		t.Fatal(d)
	}
	back, d := loadDatasetState(ctx, m.JobIDs, modelRows(m.IDs), p)
	if d.HasError() || len(back.Rows) != maxDatasetRows || back.Rows["ACCT-00000000042"] != s.Rows["ACCT-00000000042"] {
		t.Fatalf("round trip: %v, %d rows", d, len(back.Rows))
	}
	sr := &resource.SchemaResponse{}
	(&bulkDatasetResource{}).Schema(ctx, resource.SchemaRequest{}, sr)
	state := tfsdk.State{Schema: sr.Schema}
	if d := state.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	attrs, err := json.Marshal(plainValue(state.Raw))
	if err != nil {
		t.Fatal(err)
	}
	private, _ := json.Marshal(map[string][]byte{datasetRowsKey: p[datasetRowsKey]}) // the framework's private state
	type instance struct {
		SchemaVersion       int             `json:"schema_version"`
		Attributes          json.RawMessage `json:"attributes"`
		SensitiveAttributes []any           `json:"sensitive_attributes"`
		Private             []byte          `json:"private"`
	}
	type res struct {
		Mode      string     `json:"mode"`
		Type      string     `json:"type"`
		Name      string     `json:"name"`
		Provider  string     `json:"provider"`
		Instances []instance `json:"instances"`
	}
	file, err := json.MarshalIndent(struct {
		Version          int            `json:"version"`
		TerraformVersion string         `json:"terraform_version"`
		Serial           int            `json:"serial"`
		Lineage          string         `json:"lineage"`
		Outputs          map[string]any `json:"outputs"`
		Resources        []res          `json:"resources"`
		CheckResults     any            `json:"check_results"`
	}{4, "1.14.0", 3, "0b3f6a4e-5f21-4c38-9d7e-2a1c6e0f9b11", map[string]any{}, []res{{"managed", "zuora_bulk_dataset", "accounts",
		`provider["registry.terraform.io/zuora-tf/zuora"]`, []instance{{0, attrs, []any{}, private}}}}, nil}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(file, []byte("\n              \"ACCT-00000000042\": \"8a8a")) {
		t.Fatal("the ids entries are not where Terraform writes them")
	}
	t.Logf("state file for %d rows with 16-character keys: %d bytes (%.2f MB, %.1f bytes a row; private state %d bytes)",
		maxDatasetRows, len(file), float64(len(file))/1e6, float64(len(file))/maxDatasetRows, base64.StdEncoding.EncodedLen(len(private)))
	if len(file) >= maxDatasetStateBytes {
		t.Errorf("state is %d bytes, want under 10 MB", len(file))
	}
	// Plan's estimate (checkStateSize) must not be below the real size,
	// nor so far above that it refuses files that fit.
	est := stateBytesFixed
	for k := range s.Rows {
		est += stateBytesPerRow(k)
	}
	if est < len(file) || est > len(file)+len(file)/50 {
		t.Errorf("plan estimates %d bytes of state, the state file has %d: want at least that and at most 2%% more", est, len(file))
	}
}

// Long keys lower the row limit: plan refuses a file whose state would
// pass 10 MB, before anything is sent, and says how to split it.
func TestDatasetRows_stateOver10MBPointsToSplittingOrBulkJob(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i < maxDatasetRows; i++ {
		fmt.Fprintf(&b, "{\"accountNumber\":\"CUSTOMER-ACCOUNT-%012d\"}\n", i) // 29 characters
	}
	f, err := readDatasetRows(b.Bytes(), "big.jsonl", "accountNumber", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = f.checkStateSize("big.jsonl", "accountNumber", 0)
	for _, want := range []string{"big.jsonl has 100000 rows", "up to 29 characters", "about 11.", "several datasets (about 8", "zuora_bulk_job"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %q", err, want)
		}
	}
	f.Rows = f.Rows[:80_000]
	if err := f.checkStateSize("big.jsonl", "accountNumber", 0); err != nil {
		t.Errorf("80,000 rows with 29-character keys fit in 10 MB, got %v", err)
	}
	if err := f.checkStateSize("content", "accountNumber", 3_000_000); err == nil || !strings.Contains(err.Error(), "source instead of content") {
		t.Errorf("80,000 rows and 3 MB of content: error %v, want one pointing to source", err)
	}
	empty := &datasetFile{} // 11 MB of blank content: no rows, and no division by them
	if err := empty.checkStateSize("content", "accountNumber", 11_000_000); err == nil || !strings.Contains(err.Error(), "source instead of content") {
		t.Errorf("11 MB of content without rows: error %v, want one pointing to source", err)
	}
}

func TestDatasetJobUndone(t *testing.T) {
	at := func(sec int) time.Time { return time.Unix(int64(1_700_000_000+sec), 0) }
	label := datasetJobLabel("Account", "accountNumber", "")
	imp := client.Summary{ID: "i", Name: label + "import 0123456789abcdef", Status: client.StatusCompleted, CreatedAt: at(0)}
	destroy := client.Summary{ID: "d", Name: label + "destroy fedcba9876543210", Status: client.StatusCompleted, CreatedAt: at(0)}
	other := client.Summary{ID: "o", Name: datasetJobLabel("Account", "name", "destroy") + " fedcba9876543210", Status: client.StatusCompleted, CreatedAt: at(5)}
	failed := destroy
	failed.RowsFailed = 1
	older := destroy
	older.CreatedAt = at(-1)
	for name, c := range map[string]struct {
		s    client.Summary
		jobs []client.Summary
		want bool
	}{
		"destroyed in the same second": {imp, []client.Summary{imp, destroy}, true},
		"destroyed before it was made": {imp, []client.Summary{imp, older}, false},
		"destroy left records":         {imp, []client.Summary{imp, failed}, false},
		"another dataset's destroy":    {imp, []client.Summary{imp, other}, false},
		"the destroy job itself":       {destroy, []client.Summary{destroy}, false},
		"not a dataset job":            {client.Summary{Name: "seed accounts"}, []client.Summary{destroy}, false},
	} {
		if got := datasetJobUndone(c.s, c.jobs); got != c.want {
			t.Errorf("%s: undone = %v, want %v", name, got, c.want)
		}
	}
}

// A file large enough to be parsed in parts on several cores gives the
// same rows, order and line numbers as one read in order, problems too.
func TestDatasetRows_partsKeepOrderAndLineNumbers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // parts on a machine of any size
	var b strings.Builder
	for n := 1; n <= 20_000; n++ {
		if n%1000 == 0 {
			b.WriteString("\n") // blank lines count as lines
		}
		b.WriteString(datasetAccount(n, fmt.Sprintf("Account %d", n)))
	}
	data := []byte(b.String())
	if len(data) < 2<<20 {
		t.Fatalf("the file is %d bytes, too small to be read in parts", len(data))
	}
	f, err := readDatasetRows(data, "big.jsonl", "accountNumber", nil)
	if err != nil || len(f.Rows) != 20_000 {
		t.Fatalf("%v, %d rows", err, len(f.Rows))
	}
	for i, r := range f.Rows {
		n := i + 1
		if want := fmt.Sprintf("A-%03d", n); r.Key != want || r.Line != n+n/1000 {
			t.Fatalf("row %d is %s on line %d, want %s on line %d", i, r.Key, r.Line, want, n+n/1000)
		}
	}
	late := append(append([]byte{}, data...), datasetAccount(3, "again")...)
	late = append(late, "not json\n"...)
	_, err = readDatasetRows(late, "big.jsonl", "accountNumber", nil)
	for _, want := range []string{"big.jsonl lines 3 and 20021: both have accountNumber \"A-003\"", "big.jsonl line 20022: not a JSON object"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// The radix sort orders rows exactly as the comparison it replaced: by
// keyOrder, then by key (300,000 random keys of one length share a few
// CRCs, so the tie-break is exercised too).
func TestSortRows_asByOrderThenKey(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	rows := make([]keyedRow, 300_000)
	for i := range rows {
		b := make([]byte, 12)
		for j := range b {
			b[j] = 'A' + byte(rnd.IntN(26))
		}
		rows[i].key = string(b)
	}
	want := slices.Clone(rows)
	for i := range want {
		want[i].order = keyOrder(want[i].key)
	}
	slices.SortFunc(want, func(a, b keyedRow) int {
		if c := cmp.Compare(a.order, b.order); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	ties := 0
	for i := 1; i < len(want); i++ {
		if want[i].order == want[i-1].order {
			ties++
		}
	}
	sortRows(rows)
	for i := range rows {
		if rows[i].key != want[i].key {
			t.Fatalf("row %d is %s, want %s", i, rows[i].key, want[i].key)
		}
	}
	if ties == 0 {
		t.Error("no two keys share a CRC: the tie-break is not tested")
	}
	sortRows(nil)
	one := []keyedRow{{key: "A"}}
	sortRows(one)
	if one[0].order != keyOrder("A") {
		t.Error("a single row gets no order")
	}
}
