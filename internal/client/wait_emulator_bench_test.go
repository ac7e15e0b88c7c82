package client_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

// BenchmarkCompletionLatency runs a job of about 30 s on the emulator
// (100 rows every 200 ms) and measures how long after the emulator marked
// it Completed WaitForJob returned, with the default polling settings
// (PollMin 1s, PollMax 10s). The emulator stamps lastUpdatedAt when it
// completes the job; epoch-millisecond timestamps keep that exact.
func BenchmarkCompletionLatency(b *testing.B) {
	const rows = 15_000
	var file bytes.Buffer
	for i := range rows {
		fmt.Fprintf(&file, `{"name":"Latency %d","billCycleDay":1,"currency":"USD","billToContact":{"firstName":"A","lastName":"B","country":"GB"},"soldToContact":{"firstName":"A","lastName":"B","country":"GB"}}`+"\n", i)
	}
	emu := emulator.New(emulator.Options{Dir: b.TempDir(), StepDelay: 200 * time.Millisecond, RowsPerStep: 100, EpochTimestamps: true})
	srv := httptest.NewServer(emu)
	b.Cleanup(func() { _ = emu.Close() })
	b.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, ClientID: emulator.DefaultClientID, ClientSecret: emulator.DefaultClientSecret})
	if err != nil {
		b.Fatal(err)
	}
	var late, jobTime time.Duration
	var polls int64
	for b.Loop() {
		job, err := c.CreateJob(b.Context(), client.CreateJobRequest{Name: "latency", ObjectType: "Account", JobType: "Import", FileType: "jsonl"})
		if err != nil {
			b.Fatal(err)
		}
		content := file.Bytes()
		if err := c.Upload(b.Context(), job.Upload, "accounts.jsonl", int64(len(content)), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }); err != nil {
			b.Fatal(err)
		}
		if _, err := c.SubmitJob(b.Context(), job.ID); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var n atomic.Int64
		s, err := c.WaitForJob(b.Context(), job.ID, func(client.Summary) { n.Add(1) })
		returned := time.Now()
		if err != nil || s.Status != client.StatusCompleted || s.RowsSucceeded != rows {
			b.Fatalf("%+v %v", s, err)
		}
		late += returned.Sub(s.LastUpdatedAt)
		jobTime += s.LastUpdatedAt.Sub(start)
		polls += n.Load()
	}
	b.ReportMetric(float64(late.Milliseconds())/float64(b.N), "ms-completed-to-return")
	b.ReportMetric(jobTime.Seconds()/float64(b.N), "s-job")
	b.ReportMetric(float64(polls)/float64(b.N), "polls")
	b.ReportMetric(0, "ns/op")
}
