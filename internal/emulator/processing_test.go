package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestUpdateAndDeleteAddressImportedRecords(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.run(jsonlJob("Account", "Import"), accountRow("Acme", `,"notes":"old"`)+"\n"+accountRow("Globex", "")+"\n")
	recs := h.emu.Records("Account")
	acme, globex := text(recs[0]["Id"]), text(recs[1]["Id"])
	missing := strings.Repeat("0", 32)

	s := h.run(jsonlJob("Account", "Update"),
		`{"Id":"`+acme+`","notes":"new","billToContact":{"city":"London"}}`+"\n"+
			`{"Id":"`+missing+`","notes":"x"}`+"\n")
	if s.Status != statusCompleted || s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Errorf("update summary %+v", s)
	}
	recs = h.emu.Records("Account")
	contact, _ := recs[0]["billToContact"].(map[string]any)
	if recs[0]["notes"] != "new" || contact["city"] != "London" || contact["firstName"] != "Ada" {
		t.Errorf("updated record %v", recs[0])
	}

	s = h.run(jsonlJob("Account", "Delete"), `{"Id":"`+globex+`"}`+"\n"+`{"Id":"`+globex+`"}`+"\n")
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Errorf("delete summary %+v", s)
	}
	recs = h.emu.Records("Account")
	if len(recs) != 1 || recs[0]["Id"] != acme {
		t.Errorf("after delete %v", recs)
	}
	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+s.ID+"/downloads", nil, &dl)
	if _, body := h.get(dl.ErrorRowsFile); !strings.Contains(string(body), "Record not found") {
		t.Errorf("error rows %s", body)
	}
}

func TestReferencesAndCancelAction(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	h.run(jsonlJob("Account", "Import"), accountRow("Acme", "")+"\n")
	acct := text(h.emu.Records("Account")[0]["Id"])
	plan := strings.Repeat("a", 32)
	sub := func(account string) string {
		return `{"accountId":"` + account + `","termType":"EVERGREEN","renewalTerm":12,"contractEffectiveDate":"2025-01-01","subscribeToRatePlans":[{"productRatePlanId":"` + plan + `"}]}`
	}
	s := h.run(jsonlJob("Subscription", "Import"), sub(acct)+"\n"+sub(strings.Repeat("b", 32))+"\n")
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 {
		t.Fatalf("subscription import %+v", s)
	}
	subs := h.emu.Records("subscription")
	if subs[0]["subscriptionNumber"] != "A-S00000001" {
		t.Errorf("subscription %v", subs[0])
	}
	id := text(subs[0]["Id"])
	cancel := `{"Id":"` + id + `","cancellationPolicy":"EndOfCurrentTerm"}` + "\n"
	s = h.run(jsonlJob("Subscription", "Cancel"), cancel+cancel)
	if s.RowsSucceeded != 1 || s.RowsFailed != 1 || h.emu.Records("Subscription")[0]["status"] != "Cancelled" {
		t.Errorf("cancel %+v %v", s, h.emu.Records("Subscription"))
	}
}

func TestRowsFailingMetadataGoToTheErrorFile(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	s := h.run(jsonlJob("Account", "Import"),
		`{"name":"No currency","billCycleDay":1}`+"\n"+accountRow("Bad day", "")[:0]+
			strings.Replace(accountRow("Bad day", ""), `"billCycleDay":1`, `"billCycleDay":40`, 1)+"\n")
	if s.Status != statusCompleted || s.RowCount != 2 || s.RowsFailed != 2 || s.RowsSucceeded != 0 {
		t.Errorf("a job where every row fails still completes: %+v", s)
	}
	if recs := h.emu.Records("Account"); len(recs) != 0 {
		t.Errorf("failed rows stored: %v", recs)
	}
	var dl downloadsJSON
	h.callOK("GET", "/bulk-data/bulk-jobs/"+s.ID+"/downloads", nil, &dl)
	_, body := h.get(dl.ErrorRowsFile)
	rows := lines(body)
	if len(rows) != 2 || !strings.Contains(rows[0], "currency") || !strings.Contains(rows[1], "billCycleDay") {
		t.Errorf("error rows %q", body)
	}
}

func TestUnparsableFilesFailTheJob(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	for _, tc := range []struct {
		name, fileType, content, reason string
	}{
		{"bom", "jsonl", "\uFEFF" + accountRow("A", "") + "\n", "byte order mark"},
		{"empty", "jsonl", "\n\n", "no data rows"},
		{"bad utf8", "jsonl", "{\"name\":\"\xff\"}\n", "not valid UTF-8"},
		{"bad csv", "csv", "name,type\n\"Cash,Cash\n", "Cannot parse"},
	} {
		body := jsonlJob("AccountingCode", "Import")
		body["fileType"] = tc.fileType
		s := h.run(body, tc.content)
		if s.Status != statusFailed || !strings.Contains(s.FailureReason, tc.reason) {
			t.Errorf("%s: %+v", tc.name, s)
		}
		if resp, _ := h.call("GET", "/bulk-data/bulk-jobs/"+s.ID+"/downloads", nil); resp.StatusCode != 404 {
			t.Errorf("%s: downloads of a failed job: %d", tc.name, resp.StatusCode)
		}
	}
}

func codes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"name":"code %d","type":"Cash"}`+"\n", i)
	}
	return b.String()
}

func TestCountsGrowStepByStep(t *testing.T) {
	t.Parallel()
	h := start(t, Options{StepDelay: 20 * time.Millisecond, RowsPerStep: 2})
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, codes(7))
	h.submit(c.ID)
	seen := map[int]bool{}
	for {
		s := h.summary(c.ID)
		if s.Status == statusInProgress {
			if s.RowCount != 7 {
				t.Fatalf("rowCount unknown while In Progress: %+v", s)
			}
			seen[s.RowsSucceeded] = true
		}
		if s.Status == statusCompleted {
			if s.RowsSucceeded != 7 {
				t.Fatalf("%+v", s)
			}
			break
		}
		time.Sleep(3 * time.Millisecond)
	}
	// Rows arrive RowsPerStep at a time, and some step is seen part-way.
	partial := false
	for n := range seen {
		if n%2 != 0 {
			t.Errorf("saw %d rows done; steps are 2 rows", n)
		}
		partial = partial || (n > 0 && n < 7)
	}
	if !partial {
		t.Errorf("no progress seen while In Progress: %v", seen)
	}
}

func TestAtMostMaxInProgress(t *testing.T) {
	t.Parallel()
	h := start(t, Options{StepDelay: 5 * time.Millisecond, RowsPerStep: 1})
	h.emu.SetPaused(true)
	var ids []string
	for range 7 {
		c := h.create(jsonlJob("AccountingCode", "Import"))
		h.upload(c, codes(0)+`{"name":"`+c.ID+`","type":"Cash"}`+"\n"+`{"name":"`+c.ID+`-2","type":"Cash"}`+"\n"+`{"name":"`+c.ID+`-3","type":"Cash"}`+"\n")
		h.submit(c.ID)
		ids = append(ids, c.ID)
	}
	h.emu.SetPaused(false)
	maxSeen := 0
	for {
		running, done := 0, 0
		for _, v := range h.emu.Jobs() {
			switch v.Status {
			case statusInProgress:
				running++
			case statusCompleted:
				done++
			}
		}
		maxSeen = max(maxSeen, running)
		if running > DefaultMaxInProgress {
			t.Fatalf("%d jobs In Progress", running)
		}
		if done == len(ids) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if maxSeen != DefaultMaxInProgress {
		t.Errorf("at most %d ran at once; the limit was never reached", maxSeen)
	}
	if v, _ := h.emu.Job(ids[6]); v.RowsSucceeded != 3 {
		t.Errorf("last job %+v", v)
	}
}

func TestPauseHoldsJobsWhereTheyAre(t *testing.T) {
	t.Parallel()
	h := start(t, Options{StepDelay: 5 * time.Millisecond, RowsPerStep: 1})
	c := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(c, codes(50))
	h.emu.SetPaused(true)
	h.submit(c.ID)
	time.Sleep(30 * time.Millisecond)
	if v, _ := h.emu.Job(c.ID); v.Status != statusSubmitted {
		t.Fatalf("paused job moved to %s", v.Status)
	}
	h.emu.SetPaused(false)
	h.wait(c.ID, statusInProgress)
	h.emu.SetPaused(true)
	before, _ := h.emu.Job(c.ID)
	time.Sleep(30 * time.Millisecond)
	after, _ := h.emu.Job(c.ID)
	if after.Status != statusInProgress || after.RowsSucceeded != before.RowsSucceeded {
		t.Errorf("paused job progressed: %+v then %+v", before, after)
	}
	h.emu.SetPaused(false)
	h.wait(c.ID, statusCompleted)
}

func TestCancelOnlyBeforeInProgress(t *testing.T) {
	t.Parallel()
	h := start(t, Options{StepDelay: 5 * time.Millisecond, RowsPerStep: 1})
	h.emu.SetPaused(true)

	created := h.create(jsonlJob("AccountingCode", "Import"))
	var st idStatus
	h.callOK("POST", "/bulk-data/bulk-jobs/"+created.ID+"/cancellations", nil, &st)
	if st.Status != statusCancelled {
		t.Errorf("cancel Created: %+v", st)
	}
	resp, body := h.call("POST", "/bulk-data/bulk-jobs/"+created.ID+"/submissions", nil)
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, body), "Cancelled") {
		t.Errorf("submit Cancelled: %d %s", resp.StatusCode, body)
	}

	submitted := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(submitted, codes(3))
	h.submit(submitted.ID)
	h.callOK("POST", "/bulk-data/bulk-jobs/"+submitted.ID+"/cancellations", nil, &st)

	running := h.create(jsonlJob("AccountingCode", "Import"))
	h.upload(running, codes(100))
	h.submit(running.ID)
	h.emu.SetPaused(false)
	h.wait(running.ID, statusInProgress)
	resp, body = h.call("POST", "/bulk-data/bulk-jobs/"+running.ID+"/cancellations", nil)
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, body), "abort it instead") {
		t.Errorf("cancel In Progress: %d %s", resp.StatusCode, body)
	}
	if n := h.emu.Counts().Cancellations; n != 2 {
		t.Errorf("Cancellations = %d", n)
	}
	time.Sleep(20 * time.Millisecond)
	if v, _ := h.emu.Job(submitted.ID); v.Status != statusCancelled || v.RowCount != 0 {
		t.Errorf("cancelled job was processed: %+v", v)
	}
}

func TestAbortStopsProcessing(t *testing.T) {
	t.Parallel()
	h := start(t, Options{StepDelay: 10 * time.Millisecond, RowsPerStep: 1})
	c := h.create(jsonlJob("AccountingCode", "Import"))
	resp, body := h.call("POST", "/bulk-data/bulk-jobs/"+c.ID+"/aborts", nil)
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, body), "cancel it instead") {
		t.Errorf("abort Created: %d %s", resp.StatusCode, body)
	}
	h.upload(c, codes(100))
	h.submit(c.ID)
	h.wait(c.ID, statusInProgress)
	var st idStatus
	h.callOK("POST", "/bulk-data/bulk-jobs/"+c.ID+"/aborts", nil, &st)
	if st.Status != statusAborting {
		t.Errorf("abort answered %+v", st)
	}
	s := h.wait(c.ID, statusAborted)
	time.Sleep(30 * time.Millisecond)
	if after := h.summary(c.ID); after.RowsSucceeded != s.RowsSucceeded || after.RowsSucceeded >= 100 || after.Status != statusAborted {
		t.Errorf("processing went on after abort: %+v then %+v", s, after)
	}
	if n := len(h.emu.Records("AccountingCode")); n != s.RowsSucceeded {
		t.Errorf("%d records for %d rows", n, s.RowsSucceeded)
	}
	resp, body = h.call("POST", "/bulk-data/bulk-jobs/"+c.ID+"/aborts", nil)
	if resp.StatusCode != 400 {
		t.Errorf("abort Aborted: %d %s", resp.StatusCode, body)
	}
	done := h.run(jsonlJob("AccountingCode", "Import"), `{"name":"z","type":"Cash"}`+"\n")
	if resp, _ := h.call("POST", "/bulk-data/bulk-jobs/"+done.ID+"/aborts", nil); resp.StatusCode != 400 {
		t.Errorf("abort Completed: %d", resp.StatusCode)
	}
	if n := h.emu.Counts().Aborts; n != 1 {
		t.Errorf("Aborts = %d", n)
	}
}

func TestSubmitRules(t *testing.T) {
	t.Parallel()
	h := start(t, Options{})
	c := h.create(jsonlJob("AccountingCode", "Import"))
	resp, body := h.call("POST", "/bulk-data/bulk-jobs/"+c.ID+"/submissions", nil)
	if resp.StatusCode != 400 || !strings.Contains(reasonsOf(t, body), "no uploaded file") {
		t.Errorf("submit without upload: %d %s", resp.StatusCode, body)
	}
	h.upload(c, codes(1))
	var st idStatus
	h.callOK("POST", "/bulk-data/bulk-jobs/"+c.ID+"/submissions", nil, &st)
	if st.Status != statusSubmitted || st.JobType != "Import" || st.ID != c.ID {
		t.Errorf("submit answered %+v", st)
	}
	if resp, _ := h.call("POST", "/bulk-data/bulk-jobs/"+c.ID+"/submissions", nil); resp.StatusCode != 400 {
		t.Errorf("second submit: %d", resp.StatusCode)
	}
	if resp, _ := h.call("POST", "/bulk-data/bulk-jobs/"+newUUID()+"/submissions", nil); resp.StatusCode != 404 {
		t.Errorf("unknown job: %d", resp.StatusCode)
	}
	if n := h.emu.Counts().Submissions; n != 1 {
		t.Errorf("Submissions = %d", n)
	}
}
