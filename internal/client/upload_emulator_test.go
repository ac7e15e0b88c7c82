package client_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// These tests upload through the real presigned-POST endpoint of the
// emulator, which enforces S3's rules (every field, exact values, file
// last, policy size range), rather than a fake that only records.

func newEmulatorClient(t *testing.T) (*emulator.Server, *client.Client) {
	t.Helper()
	emu := emulator.New(emulator.Options{Dir: t.TempDir(), StepDelay: 10 * time.Millisecond})
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { _ = emu.Close() })
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{
		BaseURL:      srv.URL,
		ClientID:     emulator.DefaultClientID,
		ClientSecret: emulator.DefaultClientSecret,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c
}

func createAccountJob(t *testing.T, c *client.Client) *client.CreatedJob {
	t.Helper()
	job, err := c.CreateJob(t.Context(), client.CreateJobRequest{
		Name: "upload test", ObjectType: "Account", JobType: "Import", FileType: "jsonl",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(job.Upload.Fields) == 0 {
		t.Fatalf("the emulator answered no presigned POST fields: %+v", job.Upload)
	}
	return job
}

func TestUploadToEmulatorKeepsFieldOrderWithTheFileLast(t *testing.T) {
	t.Parallel()
	emu, c := newEmulatorClient(t)
	job := createAccountJob(t, c)
	content := `{"name":"Sam"}` + "\n" + `{"name":"Joe"}` + "\n"
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }

	if err := c.Upload(t.Context(), job.Upload, "accounts.jsonl", int64(len(content)), open); err != nil {
		t.Fatal(err)
	}

	view, ok := emu.Job(job.ID)
	if !ok || view.Upload == nil {
		t.Fatalf("the emulator stored no upload for job %s", job.ID)
	}
	var want []string
	for _, f := range job.Upload.Fields {
		want = append(want, f.Name)
	}
	want = append(want, "file")
	if got := strings.Join(view.Upload.FieldOrder, " "); got != strings.Join(want, " ") {
		t.Errorf("fields reached the emulator as\n  %s\nwant the order create-job gave, file last:\n  %s", got, strings.Join(want, " "))
	}
	sum := sha256.Sum256([]byte(content))
	if view.Upload.Size != int64(len(content)) || view.Upload.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("stored %d bytes, sha256 %s; want %d bytes, %x", view.Upload.Size, view.Upload.SHA256, len(content), sum)
	}
}

// patternReader yields size bytes of a repeating pattern without ever
// holding them, so only a streaming upload can send it in small memory.
type patternReader struct{ left int64 }

const pattern = `{"name":"Streaming Ltd","billCycleDay":1,"currency":"USD"}` + "\n"

func (r *patternReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		p[i] = pattern[i%len(pattern)]
	}
	r.left -= int64(len(p))
	return len(p), nil
}

func (r *patternReader) Close() error { return nil }

// The body is streamed: sending 64 MiB allocates a small fraction of that
// in this process, which holds both the client and the emulator (which
// spools to disk). A buffered body would allocate the whole file at least
// once. This counts bytes allocated, not time.
func TestUploadToEmulatorStreams(t *testing.T) {
	emu, c := newEmulatorClient(t)
	job := createAccountJob(t, c)
	const size = 64 << 20
	open := func() (io.ReadCloser, error) { return &patternReader{left: size}, nil }

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := c.Upload(t.Context(), job.Upload, "big.jsonl", size, open); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)

	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > size/4 {
		t.Errorf("uploading %d MiB allocated %d MiB: the body is being buffered, not streamed", size>>20, allocated>>20)
	}
	view, _ := emu.Job(job.ID)
	if view.Upload == nil || view.Upload.Size != size {
		t.Fatalf("the emulator stored %+v, want %d bytes", view.Upload, size)
	}
}
