package provider

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// A dataset's JSON-lines file (source) is read in chunks, each hashed on
// a free core while the next is read, and only its rows' keys, hashes and
// places are kept: a plan of 100,000 rows sends about 1 % of them, so
// holding the whole file would cost more (memory cleared, then copied
// into) than hashing it. The rows to send are read again from their
// places (datasetFile.load), and each must have the bytes that were
// hashed, or the plan stops: the file changed while it was read.

// sourceChunkBytes is how much of the file a chunk holds (more for a
// line longer than that).
const sourceChunkBytes = 1 << 20

// sourceChunk is a run of whole lines of the file.
type sourceChunk struct {
	data  []byte
	at    int64 // the file offset of data[0]
	first int   // its first line's number
	rows  []parsedRow
}

// readDatasetSource reads the JSON-lines file at name, as readDatasetRows
// reads the same bytes, but keeps no row's bytes (Raw is nil).
func readDatasetSource(name, display, keyField string, updatable map[string]bool) (*datasetFile, error) {
	src, err := openSourceFile(name)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if src.Size > client.MaxFileBytes {
		return nil, errDatasetFileTooLarge
	}
	var (
		work    = make(chan *sourceChunk, runtime.GOMAXPROCS(0))
		free    = make(chan []byte, 2*cap(work)+1) // buffers back from the hashers
		chunks  []*sourceChunk
		parsed  atomic.Int64 // rows hashed so far: past the limit, reading stops
		hashers sync.WaitGroup
	)
	for range cap(work) {
		hashers.Go(func() {
			h, keys := newRowHasher(updatable), &keyArena{}
			for c := range work {
				c.rows = parseLines(c.data, c.first, keyField, h)
				c.detach(keys)
				parsed.Add(int64(len(c.rows)))
				select {
				case free <- c.data[:0]:
				default:
				}
				c.data = nil
			}
		})
	}
	err = readChunks(src, free, func(c *sourceChunk) bool {
		chunks = append(chunks, c)
		work <- c
		return parsed.Load() <= maxDatasetRows
	})
	close(work)
	hashers.Wait()
	if err != nil {
		return nil, err
	}
	c := newRowCollector(min(int(parsed.Load()), maxDatasetRows+1), display, keyField)
	c.f.source = name
	for _, chunk := range chunks {
		if stop, err := c.addAll(chunk.rows); err != nil {
			return nil, err
		} else if stop {
			break
		}
	}
	return c.done()
}

// readChunks reads r in chunks of whole lines, in buffers from free when
// there are any, and hands each to take until it answers false.
func readChunks(r io.Reader, free chan []byte, take func(*sourceChunk) bool) error {
	var carry []byte // the start of a line the last read cut
	var at, total int64
	line := 1
	for eof := false; !eof; {
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, 0, sourceChunkBytes)
		}
		buf = append(buf, carry...)
		for {
			if len(buf) == cap(buf) {
				buf = slices.Grow(buf, cap(buf)) // a line longer than a chunk
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if total += int64(n); total > client.MaxFileBytes {
				return errDatasetFileTooLarge // it grew while read
			}
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return err
			}
			if len(buf) == cap(buf) && bytes.IndexByte(buf[len(carry):], '\n') >= 0 {
				break
			}
		}
		end := len(buf)
		if !eof {
			end = bytes.LastIndexByte(buf, '\n') + 1
		}
		carry = append(carry[:0], buf[end:]...)
		if end == 0 {
			continue
		}
		c := &sourceChunk{data: buf[:end], at: at, first: line}
		at += int64(end)
		line += bytes.Count(c.data, []byte{'\n'})
		if !take(c) {
			return nil
		}
	}
	return nil
}

// errDatasetFileTooLarge refuses a file past Zuora's limit for a bulk
// job's file: a dataset's jobs could not hold it.
var errDatasetFileTooLarge = fmt.Errorf("the file is larger than %s bytes, Zuora's limit for a bulk job's file; "+
	"a zuora_bulk_dataset holds at most %s rows", groupThousands64(client.MaxFileBytes), groupThousands64(maxDatasetRows))

// detach makes the chunk's rows independent of its buffer: each keeps its
// place in the file and a CRC of its bytes, and its key is copied.
func (c *sourceChunk) detach(keys *keyArena) {
	for i := range c.rows {
		row := &c.rows[i].row
		if row.Raw != nil {
			row.at = c.at + int64(cap(c.data)-cap(row.Raw)) // Raw is a slice of data
			row.size = uint32(len(row.Raw))
			row.sum = crc32.Checksum(row.Raw, castagnoli)
			row.Raw = nil
		}
		row.Key = keys.copy(row.Key)
	}
}

// keyArena copies keys into shared blocks that are never written again:
// 100,000 keys of their own would be as many allocations.
type keyArena struct{ block []byte }

func (a *keyArena) copy(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(a.block)+len(s) > cap(a.block) {
		a.block = make([]byte, 0, max(64<<10, len(s)))
	}
	start := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[start], len(s))
}

// load reads again the bytes of the rows named (indexes into Rows) that
// do not hold them, and checks each against the CRC taken when it was
// hashed. Rows that hold their bytes (content, CSV) need nothing.
func (f *datasetFile) load(rows ...[]int) error {
	var missing []int
	need := int64(0)
	for _, idx := range rows {
		for _, i := range idx {
			if r := &f.Rows[i]; r.Raw == nil {
				missing = append(missing, i)
				need += int64(r.size)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if f.source == "" {
		return errors.New("the rows' bytes were not kept") // a file read from memory keeps them: cannot happen
	}
	// Opened as the first read opened it: a path swapped meanwhile for a
	// FIFO must not block the plan.
	opened, err := openSourceFile(f.source)
	if err != nil {
		return err
	}
	defer opened.Close()
	src, ok := opened.ReadCloser.(io.ReaderAt)
	if !ok {
		return fmt.Errorf("%s cannot be read at an offset", f.source)
	}
	slices.SortFunc(missing, func(a, b int) int { return cmp.Compare(f.Rows[a].at, f.Rows[b].at) })
	last := f.Rows[missing[len(missing)-1]]
	span := last.at + int64(last.size) - f.Rows[missing[0]].at
	if need*4 >= span { // most of the span is wanted: one read of it
		first := f.Rows[missing[0]].at
		buf := make([]byte, span)
		if err := readAt(src, buf, first); err != nil {
			return f.changed(missing[0], err)
		}
		for _, i := range missing {
			r := &f.Rows[i]
			if err := f.check(i, buf[r.at-first:r.at-first+int64(r.size)]); err != nil {
				return err
			}
		}
		return nil
	}
	for _, i := range missing {
		r := &f.Rows[i]
		buf := make([]byte, r.size)
		if err := readAt(src, buf, r.at); err != nil {
			return f.changed(i, err)
		}
		if err := f.check(i, buf); err != nil {
			return err
		}
	}
	return nil
}

// readAt fills buf from offset at: an io.ReaderAt may answer io.EOF with
// the last bytes of the file.
func readAt(r io.ReaderAt, buf []byte, at int64) error {
	n, err := r.ReadAt(buf, at)
	if n == len(buf) {
		return nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// check gives row i the bytes b read again, if they are the bytes hashed.
func (f *datasetFile) check(i int, b []byte) error {
	r := &f.Rows[i]
	if crc32.Checksum(b, castagnoli) != r.sum {
		return f.changed(i, nil)
	}
	r.Raw = b
	return nil
}

func (f *datasetFile) changed(i int, err error) error {
	why := ""
	if err != nil {
		why = fmt.Sprintf(" (%v)", err)
	}
	return fmt.Errorf("%s changed while it was read: line %d is not what was read a moment before%s. Nothing was sent; run the command again",
		f.source, f.Rows[i].Line, why)
}
