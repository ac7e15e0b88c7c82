package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestReferenceProfileFlagServesTheReferenceForms(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-profile", "reference", "-occupied-slots", "2", "-rate-limit", "50", "-quiet"}, stdoutW, io.Discard)
		stdoutW.Close()
	}()
	first, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	base := strings.TrimSpace(first)

	resp, err := http.PostForm(base+"/oauth/token", url.Values{"client_id": {"emulator-client"}, "client_secret": {"emulator-secret"}, "grant_type": {"client_credentials"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	get := func(query string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, base+"/bulk-data/bulk-jobs/summaries?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get("status=Completed"); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "No job summaries found") {
		t.Errorf("an empty listing: %d %s", resp.StatusCode, body)
	}
	resp, body := get("status=In+Progress")
	if resp.StatusCode != 200 || strings.Count(body, `"In Progress"`) != 2 || strings.Contains(body, "objectType") {
		t.Errorf("the occupied slots: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("RateLimit-Limit") != "50, 50;w=60" || resp.Header.Get("RateLimit-Remaining") != "48" {
		t.Errorf("rate-limit headers %q %q", resp.Header.Get("RateLimit-Limit"), resp.Header.Get("RateLimit-Remaining"))
	}
	stopRun(t, cancel, done)
}

func TestUnknownProfileIsRefused(t *testing.T) {
	t.Parallel()
	if err := run(t.Context(), []string{"-profile", "zuora"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "reference") {
		t.Errorf("%v", err)
	}
}
