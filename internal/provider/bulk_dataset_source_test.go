package provider

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// sourceTestFile is about 4 MB of rows across several chunks: lines of
// many lengths, one longer than a chunk, blank lines, CRLF endings,
// spaces around rows, and no newline after the last row.
func sourceTestFile() []byte {
	rnd := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for n := 1; n <= 20_000; n++ {
		switch {
		case n%997 == 0:
			b.WriteString("\n  \n")
		case n%1009 == 0:
			b.WriteString("\r\n")
		}
		name := strings.Repeat("x", rnd.IntN(300))
		if n == 7_000 {
			name = strings.Repeat("long ", sourceChunkBytes/3) // a row of 1.7 MB
		}
		end := "\n"
		if n%3 == 0 {
			end = " \r\n"
		}
		if n == 20_000 {
			end = ""
		}
		fmt.Fprintf(&b, `{"accountNumber":"A-%d","name":%q,"currency":"USD"}%s`, n, name, end)
	}
	return b.Bytes()
}

// A file read in chunks gives the rows, keys, lines and hashes of the
// same bytes read whole, and each row's bytes when they are read again,
// whether a few rows are asked for (read one by one) or most (one read).
func TestReadDatasetSource_asReadWhole(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // parts on a machine of any size
	data := sourceTestFile()
	if len(data) < 3*sourceChunkBytes {
		t.Fatalf("the file is %d bytes: too small to span chunks", len(data))
	}
	updatable := map[string]bool{"name": true}
	whole, err := readDatasetRows(data, "rows.jsonl", "accountNumber", updatable)
	if err != nil {
		t.Fatal(err)
	}
	name := writeJobFile(t, "rows.jsonl", string(data))
	for _, wanted := range []string{"a few", "most"} {
		f, err := readDatasetSource(name, "rows.jsonl", "accountNumber", updatable)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Rows) != len(whole.Rows) {
			t.Fatalf("%d rows, want %d", len(f.Rows), len(whole.Rows))
		}
		var idx []int
		for i, r := range f.Rows {
			w := whole.Rows[i]
			if r.Key != w.Key || r.Line != w.Line || r.hashes != w.hashes || r.Raw != nil {
				t.Fatalf("row %d: %s line %d %+v (bytes kept: %v), want %s line %d %+v", i, r.Key, r.Line, r.hashes, r.Raw != nil, w.Key, w.Line, w.hashes)
			}
			if f.byKey[r.Key] != i {
				t.Fatalf("byKey[%s] = %d, want %d", r.Key, f.byKey[r.Key], i)
			}
			if wanted == "most" || i%1000 == 0 || r.Line == 7_000 || i == len(f.Rows)-1 {
				idx = append(idx, i)
			}
		}
		if err := f.load(idx); err != nil {
			t.Fatal(err)
		}
		for _, i := range idx {
			if !bytes.Equal(f.Rows[i].Raw, whole.Rows[i].Raw) {
				t.Fatalf("%s: row %d read again as %.80q, want %.80q", wanted, i, f.Rows[i].Raw, whole.Rows[i].Raw)
			}
		}
	}
}

// A row edited between the read and the read again stops the command:
// what would be sent is not what was hashed and diffed.
func TestReadDatasetSource_changedFileIsRefusedWhenRowsAreReadAgain(t *testing.T) {
	data := []byte(datasetAccounts(1, 3, nil))
	name := writeJobFile(t, "rows.jsonl", string(data))
	for _, edit := range []struct {
		what string
		data []byte
	}{
		{"a value changed in place", bytes.Replace(data, []byte("Account 2"), []byte("Account X"), 1)},
		{"the file cut short", data[:len(data)/2]},
		{"the file emptied", nil},
	} {
		f, err := readDatasetSource(name, "rows.jsonl", "accountNumber", nil)
		if err != nil {
			t.Fatal(err)
		}
		rewriteJobFile(t, name, string(edit.data))
		err = f.load([]int{1})
		if err == nil || !strings.Contains(err.Error(), "changed while it was read: line 2") {
			t.Errorf("%s: error %v, want one naming line 2", edit.what, err)
		}
		if f.Rows[1].Raw != nil {
			t.Errorf("%s: the row took the edited bytes", edit.what)
		}
		if _, err := updateRow(f.Rows[1], "Id", "id", nil); err != errRowNotRead {
			t.Errorf("%s: an Update row from a row not read again: %v", edit.what, err)
		}
		if _, err := importFile(f, []int{1}); err == nil {
			t.Errorf("%s: an Import file from a row not read again", edit.what)
		}
		rewriteJobFile(t, name, string(data))
	}
}

// Problems are found and worded as in a file read whole, and a file with
// too many rows is refused without being read to its end.
func TestReadDatasetSource_problemsAndTooManyRows(t *testing.T) {
	data := append([]byte(datasetAccounts(1, 20_000, nil)), datasetAccount(3, "again")...)
	data = append(data, "not json\n"...)
	_, err := readDatasetSource(writeJobFile(t, "big.jsonl", string(data)), "big.jsonl", "accountNumber", nil)
	for _, want := range []string{"big.jsonl lines 3 and 20001: both have accountNumber \"A-003\"", "big.jsonl line 20002: not a JSON object"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	var big bytes.Buffer
	for i := 0; i <= 3*maxDatasetRows; i++ {
		fmt.Fprintf(&big, "{\"accountNumber\":%d}\n", i)
	}
	_, err = readDatasetSource(writeJobFile(t, "big.jsonl", big.String()), "big.jsonl", "accountNumber", nil)
	if err == nil || !strings.Contains(err.Error(), "zuora_bulk_job") {
		t.Fatalf("error %v, want one pointing to zuora_bulk_job", err)
	}
	if _, err := readDatasetSource(writeJobFile(t, "empty.jsonl", ""), "empty.jsonl", "accountNumber", nil); err != nil {
		t.Errorf("an empty file: %v", err)
	}
}

// BenchmarkReadDatasetSource reads the plan benchmark's file from disk.
func BenchmarkReadDatasetSource(b *testing.B) {
	name := writeJobFile(b, "accounts.jsonl", datasetAccounts(1, maxDatasetRows, nil))
	info, err := os.Stat(name)
	if err != nil {
		b.Fatal(err)
	}
	updatable := map[string]bool{"name": true, "currency": true, "billToContact": true}
	b.SetBytes(info.Size())
	for b.Loop() {
		if _, err := readDatasetSource(name, "accounts.jsonl", "accountNumber", updatable); err != nil {
			b.Fatal(err)
		}
	}
}

// A large diff, made in parts, is the diff of the rows in one run: every
// kind of row in every part, in file order.
func TestDiffDataset_inPartsAsInOneRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // parts on a machine of any size
	names := map[int]string{}
	for n := 1; n <= 50_000; n += 7 {
		names[n] = "Changed"
	}
	updatable := map[string]bool{"name": true}
	f, err := readDatasetRows([]byte(datasetAccounts(1, 50_000, names)), "rows.jsonl", "accountNumber", updatable)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := readDatasetRows([]byte(datasetAccounts(1, 52_000, nil)), "rows.jsonl", "accountNumber", updatable)
	if err != nil {
		t.Fatal(err)
	}
	s := newDatasetState()
	for i, r := range loaded.Rows {
		switch {
		case i%11 == 0: // not loaded: to import
		case i%13 == 0: // loaded with another fixed member: cannot be updated
			s.Rows[r.Key] = loadedRow{ID: "id", hashes: hashes{All: r.All + 1, Fixed: r.Fixed + 1}}
		default:
			s.Rows[r.Key] = loadedRow{ID: "id", hashes: r.hashes}
		}
	}
	d := diffDataset(f, s)
	var want datasetDiff
	diffRows(f.Rows, 0, len(f.Rows), s, &want)
	if !slices.Equal(d.Import, want.Import) || !slices.Equal(d.Update, want.Update) || !slices.Equal(d.Fixed, want.Fixed) || d.Unchanged != want.Unchanged {
		t.Errorf("in parts: %d import, %d update, %d fixed, %d unchanged; in one run: %d, %d, %d, %d",
			len(d.Import), len(d.Update), len(d.Fixed), d.Unchanged, len(want.Import), len(want.Update), len(want.Fixed), want.Unchanged)
	}
	if len(want.Import) == 0 || len(want.Update) == 0 || len(want.Fixed) == 0 || want.Unchanged == 0 {
		t.Fatalf("the test lacks a kind of row: %+v", []int{len(want.Import), len(want.Update), len(want.Fixed), want.Unchanged})
	}
	removed := 0
	for i := 50_000; i < 52_000; i++ {
		if i%11 != 0 {
			removed++
		}
	}
	if len(d.Removed) != removed || d.Removed[0] != "A-50001" {
		t.Errorf("removed %d keys from %v, want the loaded keys past the file's", len(d.Removed), d.Removed[:1])
	}
}

// Rows checked in parts give the problems of rows checked in order: the
// first 20, imports before updates, each with its line.
func TestDatasetProblems_inPartsAsInOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // parts on a machine of any size
	validator := func(doc string) *rowcheck.Validator {
		n, err := fieldmeta.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		v, err := rowcheck.NewValidator(n)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	o := datasetObject{Updatable: map[string]bool{"name": true}, UpdateID: "Id", check: map[string]*rowcheck.Validator{
		"Import": validator(`{"accountNumber": {"type": "string", "regex": "", "required": true}, "name": {"type": "string", "regex": "^[A-Za-z0-9 ]+$", "required": true}}`),
		"Update": validator(`{"Id": {"type": "string", "regex": "", "required": true}, "name": {"type": "string", "regex": "^[A-Za-z0-9 ]+$", "required": false}}`),
	}}
	names := map[int]string{}
	for n := 1; n <= 3_000; n += 97 {
		names[n] = "bad!" // fails the name regex
	}
	f, err := readDatasetRows([]byte(datasetAccounts(1, 3_000, names)), "rows.jsonl", "accountNumber", o.Updatable)
	if err != nil {
		t.Fatal(err)
	}
	s := newDatasetState()
	var d datasetDiff
	for i, r := range f.Rows {
		if i%2 == 0 {
			d.Import = append(d.Import, i)
		} else {
			s.Rows[r.Key] = loadedRow{ID: fmt.Sprintf("id-%d", i)}
			d.Update = append(d.Update, i)
		}
	}
	got := o.problems(f, d, s)
	var want []rowcheck.Problem
	check := o.rowCheck(f, d, s)
	for k := 0; k < len(d.Import)+len(d.Update) && len(want) < 20; k++ {
		want = append(want, check(k)...)
	}
	want = want[:min(len(want), 20)]
	if len(got) != 20 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("in parts:\n%v\nin order:\n%v", got, want)
	}
	if got[0].Line != 1 || got[len(got)-1].Line <= got[0].Line {
		t.Errorf("problems not in row order: %v", got)
	}

	// A row of a file read from disk whose bytes were not read again is
	// a problem, not a blank row that passes.
	lazy, err := readDatasetSource(writeJobFile(t, "rows.jsonl", datasetAccounts(1, 2, nil)), "rows.jsonl", "accountNumber", o.Updatable)
	if err != nil {
		t.Fatal(err)
	}
	if ps := o.problems(lazy, datasetDiff{Import: []int{1}}, s); len(ps) != 1 || ps[0].Line != 2 || ps[0].Message != errRowNotRead.Error() {
		t.Errorf("a row not read again: %v", ps)
	}
}

// Rows an Update cannot change are loaded again only after their old
// records are deleted: the advice says how for the dataset's settings.
func TestDatasetFixedDetail_advisesDeletingFirst(t *testing.T) {
	f, err := readDatasetRows([]byte(datasetAccounts(1, 1, nil)), "rows.jsonl", "accountNumber", nil)
	if err != nil {
		t.Fatal(err)
	}
	o := datasetObject{Updatable: map[string]bool{"name": true}}
	o.Type = "Account"
	for _, c := range []struct {
		onRemove, onDestroy string
		want, not           []string
	}{
		{onRemoveDelete, onDestroyDeleteRecords, []string{`rows.jsonl line 1 (accountNumber "A-001")`, "remove the rows from the file and apply", "-replace=ADDRESS (on_destroy"},
			[]string{`set on_remove`, `set on_destroy`}},
		{"forget", "forget", []string{`set on_remove = "delete"`, `set on_destroy = "delete_records", apply, and replace`}, nil},
	} {
		m := bulkDatasetModel{Source: types.StringValue("rows.jsonl"), KeyField: types.StringValue("accountNumber"),
			OnRemove: types.StringValue(c.onRemove), OnDestroy: types.StringValue(c.onDestroy)}
		got := o.fixedDetail(f, datasetDiff{Fixed: []int{0}}, m)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s/%s: the advice lacks %q:\n%s", c.onRemove, c.onDestroy, w, got)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s/%s: the advice says %q:\n%s", c.onRemove, c.onDestroy, w, got)
			}
		}
	}
}

// A line that is no JSON object says so once; one that starts with a
// byte order mark names it.
func TestDatasetRows_notAnObjectWording(t *testing.T) {
	_, err := readDatasetRows([]byte("[1]\n\uFEFF{\"accountNumber\":\"A\"}\n"), "rows.jsonl", "accountNumber", nil)
	for _, want := range []string{"rows.jsonl line 1: not a JSON object\n", "rows.jsonl line 2: starts with a byte order mark"} {
		if err == nil || !strings.Contains(err.Error()+"\n", want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "not a JSON object: not a JSON object") {
		t.Errorf("the cause is said twice: %v", err)
	}
}
