package emulator

import (
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/rowcheck"
)

// Processing runs in one goroutine that exists only while some job is
// Submitted, In Progress or Aborting and processing is not paused. Each
// tick (StepDelay) it stops aborting jobs, starts waiting jobs while fewer
// than MaxInProgress run, and takes RowsPerStep rows of every running job.

// jobRun is a running job's open upload and result files.
type jobRun struct {
	src       rowSource
	columns   csvColumns // CSV: how each column loads
	rowIDKey  string     // JSON lines: the rowIdHeader key, not a field
	validator *rowcheck.Validator
	out       *resultWriter
	// keyFields are the top-level fields a row is looked up or checked
	// by (unique, reference, auto-numbered, Id), read when it loads.
	keyFields []string
	reserved  bool // the record table was sized for the job
}

func (run *jobRun) close() {
	run.src.close()
	run.out.close()
}

func (j *job) stopRun() {
	if j.run != nil {
		j.run.close()
		j.run = nil
	}
}

// kickLocked starts the processing goroutine if there is work for it.
// Caller holds s.mu.
func (s *Server) kickLocked() {
	if s.running || s.closed || s.paused || !s.hasWorkLocked() {
		return
	}
	s.running = true
	s.wg.Add(1)
	go s.process()
}

func (s *Server) hasWorkLocked() bool {
	for _, j := range s.jobOrder {
		if j.isActive() {
			return true
		}
	}
	return false
}

func (s *Server) process() {
	defer s.wg.Done()
	t := time.NewTimer(s.opts.StepDelay)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		s.stepMu.Lock()
		s.step()
		s.stepMu.Unlock()
		s.mu.Lock()
		if s.closed || s.paused || !s.hasWorkLocked() {
			s.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		t.Reset(s.opts.StepDelay)
	}
}

// startSpec is what opening a job's upload needs, taken under the lock so
// the file work can happen outside it.
type startSpec struct {
	j         *job
	path, dir string
	err       error
}

type prepared struct {
	run   *jobRun
	paths resultPaths
	rows  int
	err   error
}

func (s *Server) step() {
	specs := s.pickStarts()
	preps := make([]prepared, len(specs))
	for i, sp := range specs {
		preps[i] = prepare(sp)
	}

	s.mu.Lock()
	// Paused (or closed) while the files were opened: nothing moves.
	halted := s.paused || s.closed
	now := time.Now()
	started := map[*job]bool{}
	for i, sp := range specs {
		s.startLocked(sp.j, preps[i], halted, now)
		started[sp.j] = true
	}
	var running []*job
	for _, j := range s.jobOrder {
		if !halted && j.status == statusInProgress && !started[j] && !j.held {
			running = append(running, j)
		}
	}
	s.mu.Unlock()
	for _, j := range running {
		s.advance(j)
	}
}

// pickStarts ends aborting jobs, which frees their slots, then chooses the
// Submitted jobs that may start, oldest first.
func (s *Server) pickStarts() []startSpec {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused || s.closed {
		return nil
	}
	now := time.Now()
	busy := 0
	for _, j := range s.jobOrder {
		switch j.status {
		case statusAborting:
			j.stopRun()
			j.status = statusAborted
			j.touch(now)
		case statusInProgress:
			busy++
		}
	}
	var specs []startSpec
	for _, j := range s.jobOrder {
		if busy >= s.opts.MaxInProgress {
			break
		}
		if j.status != statusSubmitted {
			continue
		}
		sp := startSpec{j: j, path: j.upload.path}
		sp.dir, sp.err = s.workDirLocked()
		specs = append(specs, sp)
		busy++
	}
	return specs
}

// validators is shared by every emulator in the process (they share one
// catalogue), since compiling look-around regexes is the slow part of
// starting a job.
var validators rowcheck.Cache

// prepare compiles the validator, counts the rows (which also rejects an
// unparsable file) and opens the upload and result files. The job's
// identity and file options never change after creation, so reading them
// here needs no lock.
func prepare(sp startSpec) prepared {
	if sp.err != nil {
		return prepared{err: sp.err}
	}
	j := sp.j
	var check *rowcheck.Validator // nil for an open object: rows are taken as sent
	if !j.object.open {
		var err error
		if check, err = validators.Validator(j.object.fields[j.jobType]); err != nil {
			return prepared{err: err}
		}
	}
	n, err := countRows(sp.path, j.fileType, j.csv)
	if err != nil {
		return prepared{err: err}
	}
	src, columns, err := openRows(sp.path, j.fileType, j.csv)
	if err != nil {
		return prepared{err: err}
	}
	out, paths, err := newResultWriter(sp.dir, j, columns)
	if err != nil {
		src.close()
		return prepared{err: err}
	}
	run := &jobRun{src: src, columns: newCSVColumns(columns, j.csv, j.rowIDHeader), rowIDKey: j.rowIDHeader,
		validator: check, out: out, keyFields: j.object.keyFields()}
	return prepared{run: run, paths: paths, rows: n}
}

// startLocked moves a Submitted job to In Progress with its row count
// known, or to Failed when its file cannot be read. A job cancelled while
// its file was being opened stays Cancelled; a halted one stays Submitted.
func (s *Server) startLocked(j *job, p prepared, halted bool, now time.Time) {
	if j.status != statusSubmitted || halted {
		if p.run != nil {
			p.run.close()
			_ = os.Remove(p.paths.success)
			_ = os.Remove(p.paths.errors)
		}
		return
	}
	j.touch(now)
	if p.err != nil {
		j.status = statusFailed
		j.failureReason = failureReason(p.err)
		return
	}
	j.run, j.results, j.rowCount = p.run, p.paths, p.rows
	j.status = statusInProgress
}

// applyChunk is how many rows are applied per hold of the locks, so the
// counts a summary poll sees move steadily.
const applyChunk = 256

// advance processes up to RowsPerStep rows of a running job. Only the
// processing goroutine touches j.run, so reading, decoding and checking
// rows and writing results need no lock. Rows are applied to the record
// store (O(1) per row) under s.recMu, which no API request takes; s.mu,
// which every request takes, is held only to add to the job's counts.
func (s *Server) advance(j *job) {
	run := j.run
	if !run.reserved && j.jobType == actionImport {
		// rowCount was set by this goroutine, in startLocked.
		s.recMu.Lock()
		s.tableLocked(j.object.storedAs()).reserve(j.rowCount)
		s.recMu.Unlock()
		run.reserved = true
	}
	batch := make([]processed, 0, min(applyChunk, s.opts.RowsPerStep))
	var end error
	for left := s.opts.RowsPerStep; left > 0 && end == nil; {
		batch = batch[:0]
		for ; left > 0 && len(batch) < applyChunk; left-- {
			r, err := run.src.next()
			if err != nil {
				end = err
				break
			}
			batch = append(batch, processed{r: r})
		}
		run.decodeAll(batch)
		s.recMu.Lock()
		succeeded, failed := s.applyBatchLocked(j, batch)
		s.recMu.Unlock()
		s.mu.Lock()
		j.succeeded += succeeded
		j.failed += failed
		j.touch(time.Now())
		s.mu.Unlock()
		run.writeResults(batch)
		runtime.Gosched() // let waiting requests run between chunks
	}
	if end == nil {
		run.out.flush()
		return
	}
	// The result files are complete before the job shows as finished.
	run.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	j.run = nil
	j.touch(time.Now())
	if j.status != statusInProgress {
		return // aborted meanwhile: pickStarts settles it
	}
	if end == io.EOF {
		j.status = statusCompleted
		return
	}
	j.status = statusFailed
	j.failureReason = failureReason(end)
}

// decodeAll decodes and checks a chunk's rows, on several cores when there
// are: this is most of a row's cost, and rows are independent until they
// are applied, in order, to the record store. One core is left for the
// API, so polls are answered promptly while a job runs.
func (run *jobRun) decodeAll(batch []processed) {
	workers := min(runtime.GOMAXPROCS(0)-1, len(batch)/32)
	if workers < 2 {
		for i := range batch {
			run.decode(&batch[i])
		}
		return
	}
	var wg sync.WaitGroup
	per := (len(batch) + workers - 1) / workers
	for lo := 0; lo < len(batch); lo += per {
		part := batch[lo:min(lo+per, len(batch))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range part {
				run.decode(&part[i])
			}
		}()
	}
	wg.Wait()
}
