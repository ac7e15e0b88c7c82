package client

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestNormalizeDelimiterTakesTheNameOrTheCharacter(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "comma", ",": "comma", "comma": "comma", "Comma": "comma", "\t": "tab", `\t`: "tab", "TAB": "tab",
		"|": "pipe", ";": "semicolon", ":": "colon", "^": "caret", "~": "tilde", ".": "dot", "period": "dot",
		"dot/period": "dot", " pipe ": "pipe",
	} {
		if got, err := NormalizeDelimiter(in); err != nil || got != want {
			t.Errorf("NormalizeDelimiter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"#", ",,", "space", " "} {
		if _, err := NormalizeDelimiter(bad); err == nil {
			t.Errorf("NormalizeDelimiter(%q) accepted", bad)
		}
	}
	if DelimiterRune("semicolon") != ';' || DelimiterRune("") != ',' || DelimiterRune("#") != 0 {
		t.Error("DelimiterRune")
	}
}

func TestCreateJobSendsTheDelimiterByNameAndHasHeadersAlways(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 200, `{"id":"j","uploadUrl":"https://s3/put"}`)
	})
	c := newTestClient(t, srv.URL)
	no := false
	for _, req := range []CreateJobRequest{
		{Name: "a", ObjectType: "Account", FileType: "csv", Delimiter: ";"},
		{Name: "b", ObjectType: "Account", Delimiter: "tab", HasHeaders: &no, Headers: []string{"name"}},
		{Name: "c", ObjectType: "Account", FileType: "csv", Headers: []string{"name"}},
		{Name: "d", ObjectType: "Account", FileType: "jsonl"},
	} {
		if _, err := c.CreateJob(testCtx(t), req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateJob(testCtx(t), CreateJobRequest{Name: "e", ObjectType: "Account", FileType: "csv", Delimiter: "#"}); err == nil {
		t.Fatal("an unsupported delimiter was sent")
	}
	want := []string{
		`{"delimiter":"semicolon","fileType":"csv","hasHeaders":true}`,
		`{"delimiter":"tab","hasHeaders":false}`,
		`{"delimiter":"comma","fileType":"csv","hasHeaders":false}`,
		`{"fileType":"jsonl"}`,
	}
	reqs := srv.got()
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, r := range reqs {
		var body map[string]interface{}
		_ = json.Unmarshal(r.Body, &body)
		got := map[string]interface{}{}
		for _, k := range []string{"delimiter", "hasHeaders", "fileType"} {
			if v, ok := body[k]; ok {
				got[k] = v
			}
		}
		if g := mustJSONString(t, got); g != want[i] {
			t.Errorf("request %d sent %s, want %s", i, g, want[i])
		}
	}
}
