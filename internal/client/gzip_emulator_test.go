package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// gzipCounter counts answers that came compressed, below the client.
type gzipCounter struct {
	next       http.RoundTripper
	compressed atomic.Int32
}

func (g *gzipCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := g.next.RoundTrip(r)
	if err == nil && resp.Header.Get("Content-Encoding") == "gzip" {
		g.compressed.Add(1)
	}
	return resp, err
}

// The emulator, like Zuora, compresses answers over 1000 bytes; the
// client asks for gzip itself, so it must decompress them itself.
func TestGzipAnswersEndToEnd(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{Dir: t.TempDir()})
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); _ = emu.Close() })
	counter := &gzipCounter{next: http.DefaultTransport}
	c, err := client.New(client.Config{BaseURL: srv.URL, ClientID: emulator.DefaultClientID,
		ClientSecret: emulator.DefaultClientSecret, HTTPClient: &http.Client{Transport: counter}})
	if err != nil {
		t.Fatal(err)
	}

	fields, err := c.ObjectFields(context.Background(), "accounts-and-contacts", "Import")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fields.Lookup("billToContact"); !ok {
		t.Errorf("decompressed metadata lacks billToContact: %v", fields.Names())
	}
	if counter.compressed.Load() == 0 {
		t.Error("no answer came compressed; the test proves nothing")
	}
}
