package emulator

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// row is one data row of an upload: a JSON line or a CSV record.
type row struct {
	line   int // 1-based; the CSV header is line 1
	raw    []byte
	record []string
}

type rowSource interface {
	next() (row, error) // io.EOF after the last row
	close()
}

// fileError is a problem with the file as a whole: the job fails with it
// as its failureReason.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

func fileErrorf(format string, args ...any) error {
	return &fileError{fmt.Sprintf(format, args...)}
}

// failureReason keeps internal errors (which may name temp paths) out of
// what clients see.
func failureReason(err error) string {
	var fe *fileError
	if errors.As(err, &fe) {
		return fe.msg
	}
	return "Internal error while reading the uploaded file"
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// openRows opens an upload for reading rows. For CSV it also returns the
// columns: the header row, or the headers given at creation.
func openRows(path, fileType string, spec csvSpec) (rowSource, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		f.Close()
		return nil, nil, fileErrorf("The file starts with a byte order mark (BOM); files must be UTF-8 without a BOM")
	}
	if fileType != "csv" {
		return &jsonlRows{f: f, br: br}, nil, nil
	}
	cr := csv.NewReader(br)
	cr.Comma = spec.delimiter
	cr.FieldsPerRecord = -1 // a short or long row fails alone, not the file
	src := &csvRows{f: f, cr: cr}
	columns := spec.headers
	if spec.hasHeaders {
		header, err := cr.Read()
		if err == io.EOF {
			f.Close()
			return nil, nil, fileErrorf("The file is empty; expected a header row")
		}
		if err != nil {
			f.Close()
			return nil, nil, fileErrorf("Cannot parse the CSV header: %v", err)
		}
		if msg := checkHeader(header); msg != "" {
			f.Close()
			return nil, nil, fileErrorf("%s", msg)
		}
		columns = header
	}
	return src, columns, nil
}

func checkHeader(header []string) string {
	seen := map[string]bool{}
	for i, h := range header {
		switch {
		case !utf8.ValidString(h):
			return "The CSV header is not valid UTF-8"
		case strings.TrimSpace(h) == "":
			return fmt.Sprintf("The CSV header has an empty column name at position %d", i+1)
		case seen[h]:
			return fmt.Sprintf("The CSV header names column %q twice", h)
		}
		seen[h] = true
	}
	return ""
}

// countRows is the first pass Zuora makes before processing: it rejects
// files that cannot be parsed at all and counts the data rows.
func countRows(path, fileType string, spec csvSpec) (int, error) {
	src, _, err := openRows(path, fileType, spec)
	if err != nil {
		return 0, err
	}
	defer src.close()
	if j, ok := src.(*jsonlRows); ok {
		j.borrow = true
	}
	n := 0
	for {
		if _, err := src.next(); err == io.EOF {
			break
		} else if err != nil {
			return 0, err
		}
		n++
	}
	if n == 0 {
		return 0, fileErrorf("The file has no data rows")
	}
	return n, nil
}

type jsonlRows struct {
	f    *os.File
	br   *bufio.Reader
	line int

	// borrow: rows are only counted, so a row's bytes may be reused by
	// the next call instead of being allocated for each line.
	borrow  bool
	scratch []byte

	// arena is where kept lines are copied, many to a block: an imported
	// row's bytes are its stored record, and a block per row would be a
	// million objects for the garbage collector to track.
	arena []byte
}

// arenaBlock is the size of the blocks lines are copied into; a longer
// line gets a block of its own.
const arenaBlock = 1 << 20

// readLine is a line that stays valid, or with borrow a view that the
// next call overwrites.
func (s *jsonlRows) readLine() ([]byte, error) {
	b, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.scratch = append(s.scratch[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = s.br.ReadSlice('\n')
			s.scratch = append(s.scratch, b...)
		}
		b = s.scratch
	}
	if s.borrow || len(b) == 0 {
		return b, err
	}
	return s.keep(b), err
}

// keep copies a line into the arena.
func (s *jsonlRows) keep(b []byte) []byte {
	if len(b) > arenaBlock/4 {
		return append([]byte(nil), b...)
	}
	if cap(s.arena)-len(s.arena) < len(b) {
		s.arena = make([]byte, 0, arenaBlock)
	}
	start := len(s.arena)
	s.arena = append(s.arena, b...)
	return s.arena[start:len(s.arena):len(s.arena)]
}

// next skips blank lines; a last line without a newline still counts.
func (s *jsonlRows) next() (row, error) {
	for {
		b, err := s.readLine()
		if len(b) == 0 && err != nil {
			return row{}, err
		}
		s.line++
		b = bytes.TrimRight(b, "\r\n")
		if !utf8.Valid(b) {
			return row{}, fileErrorf("Line %d is not valid UTF-8", s.line)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return row{line: s.line, raw: b}, nil
		}
		if err != nil {
			return row{}, err
		}
	}
}

func (s *jsonlRows) close() { s.f.Close() }

type csvRows struct {
	f  *os.File
	cr *csv.Reader
}

func (s *csvRows) next() (row, error) {
	rec, err := s.cr.Read()
	if err == io.EOF {
		return row{}, err
	}
	if err != nil {
		return row{}, fileErrorf("Cannot parse the CSV file: %v", err)
	}
	line, _ := s.cr.FieldPos(0)
	for _, v := range rec {
		if !utf8.ValidString(v) {
			return row{}, fileErrorf("Line %d is not valid UTF-8", line)
		}
	}
	return row{line: line, record: rec}, nil
}

func (s *csvRows) close() { s.f.Close() }
