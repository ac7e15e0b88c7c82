// Package emulator is a local stand-in for a Zuora tenant: a real HTTP
// server speaking the OAuth, data-loader metadata and bulk-jobs APIs, plus
// the S3 presigned upload and download links those APIs hand out. The demo,
// the examples and the acceptance tests run against it, so it is strict
// where Zuora is strict: a provider that passes here has been held to the
// documented contract.
//
// A test drives it through HTTP and inspects it directly:
//
//	emu := emulator.New(emulator.Options{StepDelay: 20 * time.Millisecond, Dir: t.TempDir()})
//	srv := httptest.NewServer(emu)
//	t.Cleanup(func() { srv.Close(); emu.Close() })
//	emu.InjectFault(emulator.Fault{Method: "POST", PathSuffix: "/submissions", Status: 503})
//	// … point the client at srv.URL with DefaultClientID/DefaultClientSecret …
//	emu.Counts().Submissions // exactly-once assertions
//	emu.Records("Account")   // what Import/Update/Delete rows did
//
// Upload and download links are built from the request's Host, so they
// work whatever address the listener has.
package emulator

import (
	"crypto/rand"
	"net/http"
	"os"
	"sync"
	"time"
)

// Server is the emulator. It is an http.Handler; uploads are served under
// the same base URL, so one listener is all it needs.
type Server struct {
	opts      Options
	catalogue *catalogue
	mux       *http.ServeMux
	signKey   []byte // signs upload policies and download links

	mu       sync.Mutex
	stepMu   sync.Mutex // held by the processing goroutine during a step
	counts   Counts
	tokens   map[string]*token
	jobs     map[string]*job
	jobOrder []*job
	jobSeq   int
	recMu    sync.Mutex              // guards records; see advance
	records  map[string]*recordTable // by canonical objectType
	faults   []*Fault
	idem     map[idemKey]*idemEntry
	rate     rateWindow // the reference profile's rate-limit window
	profileCounts
	paused  bool
	running bool // the processing loop is alive
	closed  bool
	dir     string // created on first use

	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

// New builds a server with the built-in catalogue and opts.Objects.
func New(opts Options) *Server {
	s := &Server{
		opts:      opts.withDefaults(),
		catalogue: sharedCatalogue.withObjects(opts.Objects),
		signKey:   make([]byte, 32),
		tokens:    map[string]*token{},
		jobs:      map[string]*job{},
		records:   map[string]*recordTable{},
		idem:      map[idemKey]*idemEntry{},
		done:      make(chan struct{}),
	}
	_, _ = rand.Read(s.signKey)
	s.mux = s.routes()
	if s.opts.OccupiedSlots > 0 {
		s.AddOtherJobs(s.opts.OccupiedSlots, statusInProgress, time.Minute, 0)
	}
	return s
}

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /oauth/token", s.handleToken)
	m.HandleFunc("GET /data-loader/metadata/json/objects", s.handleObjects)
	m.HandleFunc("GET /data-loader/metadata/json/objects/{objectName}/fields", s.handleFields)
	m.HandleFunc("GET /data-loader/metadata/csv/objects", s.handleCSVObjects)
	m.HandleFunc("GET /data-loader/metadata/csv/objects/{objectName}/fields", s.handleFields)
	m.HandleFunc("POST /bulk-data/bulk-jobs", s.handleCreateJob)
	m.HandleFunc("GET /bulk-data/bulk-jobs/summaries", s.handleSummaries)
	m.HandleFunc("POST /bulk-data/bulk-jobs/{id}/submissions", s.handleSubmit)
	m.HandleFunc("GET /bulk-data/bulk-jobs/{id}/summary", s.handleSummary)
	m.HandleFunc("GET /bulk-data/bulk-jobs/{id}/downloads", s.handleDownloads)
	m.HandleFunc("POST /bulk-data/bulk-jobs/{id}/cancellations", s.handleCancel)
	m.HandleFunc("POST /bulk-data/bulk-jobs/{id}/aborts", s.handleAbort)
	m.HandleFunc("GET /bulk-data/bulk-jobs/{id}/mappings", s.handleMappings)
	m.HandleFunc("POST "+s3Prefix+"{bucket}", s.handleUpload)
	m.HandleFunc("POST "+s3Prefix+"{bucket}/{$}", s.handleUpload)
	m.HandleFunc("GET "+s3Prefix+"{bucket}/{key...}", s.handleObjectGet)
	m.HandleFunc("PUT "+s3Prefix+"{bucket}/{key...}", s.handlePut)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeReason(w, http.StatusNotFound, codeNotFound, "No resource at %s %s", r.Method, r.URL.Path)
	})
	return m
}

// Close stops background processing and removes uploaded and result
// files. The handler must not be used afterwards.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.done)
		s.wg.Wait()

		s.mu.Lock()
		defer s.mu.Unlock()
		for _, j := range s.jobs {
			j.stopRun()
		}
		if s.dir != "" {
			_ = os.RemoveAll(s.dir)
		}
	})
	return nil
}

// workDir returns the directory for uploads and results, creating it on
// first use so a server that never sees an upload leaves nothing behind.
// Caller holds s.mu.
func (s *Server) workDirLocked() (string, error) {
	if s.dir != "" {
		return s.dir, nil
	}
	dir, err := os.MkdirTemp(s.opts.Dir, "zuora-emulator-")
	if err != nil {
		return "", err
	}
	s.dir = dir
	return dir, nil
}

// Counts returns a snapshot of what was received.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

func (s *Server) count(field *int) {
	s.mu.Lock()
	*field++
	s.mu.Unlock()
}

// Job returns a stored job by id.
func (s *Server) Job(id string) (JobView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return JobView{}, false
	}
	return j.view(), true
}

// Jobs lists stored jobs in creation order.
func (s *Server) Jobs() []JobView {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobView, len(s.jobOrder))
	for i, j := range s.jobOrder {
		out[i] = j.view()
	}
	return out
}

// SetPaused stops (true) or resumes (false) asynchronous processing, so a
// test can hold a job in Submitted or In Progress.
// Pausing waits for a step in flight, whose rows are processed outside
// s.mu, so nothing moves once it returns.
func (s *Server) SetPaused(paused bool) {
	s.mu.Lock()
	s.paused = paused
	s.kickLocked()
	s.mu.Unlock()
	if paused {
		s.stepMu.Lock()
		s.stepMu.Unlock() //nolint:staticcheck // SA2001: waiting for the step is the point

	}
}
