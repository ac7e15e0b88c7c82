package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read the log while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServesPrintsURLAndStopsCleanly(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	urlFile := filepath.Join(t.TempDir(), "url")
	stdoutR, stdoutW := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-client-id", "cid", "-client-secret", "sec", "-url-file", urlFile, "-step-delay", "10ms"}, stdoutW, stderr)
		stdoutW.Close()
	}()

	first, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSpace(first)
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(base) {
		t.Fatalf("first line %q is not the base URL", first)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	if b, _ := os.ReadFile(urlFile); strings.TrimSpace(string(b)) != base {
		t.Errorf("url file holds %q", b)
	}

	resp, err := http.PostForm(base+"/oauth/token", url.Values{"client_id": {"cid"}, "client_secret": {"sec"}, "grant_type": {"client_credentials"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("token with the flag credentials: %d", resp.StatusCode)
	}

	stopRun(t, cancel, done)
	if log := stderr.String(); !strings.Contains(log, "POST /oauth/token 200") || strings.Contains(log, "sec") {
		t.Errorf("log %q", log)
	}
}

func TestBadFlag(t *testing.T) {
	t.Parallel()
	if err := run(t.Context(), []string{"-no-such-flag"}, io.Discard, io.Discard); err == nil {
		t.Error("unknown flag accepted")
	}
}

// stopRun cancels a running server and waits for run to end cleanly.
func stopRun(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop")
	}
}
