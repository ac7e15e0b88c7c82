package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	got, err := ParseFaults([]byte(`[
	  {"method": "POST", "path_suffix": "/submissions", "status": 503, "times": 2, "after_handling": true},
	  {"PathSuffix": "/summary", "latency": "1.5s"},
	  {"pathSuffix": "/bulk-jobs", "status": 429, "retryAfter": 2, "latency": 250},
	  {"path_suffix": "/summary", "reset": true, "after_handling": true}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Fault{
		{Method: "POST", PathSuffix: "/submissions", Status: 503, Times: 2, AfterHandling: true},
		{PathSuffix: "/summary", Latency: 1500 * time.Millisecond},
		{PathSuffix: "/bulk-jobs", Status: 429, RetryAfter: "2", Latency: 250 * time.Millisecond},
		{PathSuffix: "/summary", Reset: true, AfterHandling: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fault %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
}

func TestParseFaultsRefusesMistakes(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		`{"status": 503}`:                      "expected a JSON list",
		`[{"status": 503, "path": "/x"}]`:      `fault 1: unknown key "path"`,
		`[{"path_suffix": "/x"}]`:              "would do nothing",
		`[{"status": 42}]`:                     "not an HTTP status",
		`[{"status": 503, "latency": "soon"}]`: "latency",
		`[{"status": 503, "latency": true}]`:   "number of milliseconds",
		`[{"status": 503, "times": -1}]`:       "negative",
		`[{"status": 503, "retry_after": []}]`: "retry_after",
	} {
		if _, err := ParseFaults([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", doc, err, want)
		}
	}
}
