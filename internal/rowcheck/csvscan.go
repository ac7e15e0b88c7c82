package rowcheck

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

func (s *scan) csv(in io.Reader) error {
	br := bufio.NewReaderSize(in, readBuffer)
	c := s.checker()
	var skipped int64
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		c.line = 1
		c.lineProblem(bomMessage)
		_, _ = br.Discard(len(utf8BOM)) // Peek just saw these bytes
		skipped = int64(len(utf8BOM))
	}
	if !validDelimiter(s.delimiter()) {
		c.lineProblem("invalid CSV delimiter " + strconv.QuoteRune(s.delimiter()))
		return nil
	}
	guard := newRecordGuard(br, s.opts.PCI, s.opts.Redact)
	cr := csv.NewReader(guard)
	cr.Comma = s.delimiter()
	cr.FieldsPerRecord = -1 // the layout reports a wrong field count
	cr.ReuseRecord = true

	var layout *csvLayout
	if !s.opts.HasHeaders && len(s.opts.Headers) > 0 {
		layout = s.layout(0, s.opts.Headers)
	}
	headerPending := s.opts.HasHeaders
	for {
		guard.begin(cr.InputOffset(), s.sink.keep)
		record, err := cr.Read()
		if guard.tripped {
			c.line = guard.startLine
			if !s.opts.PCI {
				line, _ := cr.FieldPos(0)
				c.line = line + 1
			}
			c.lineProblem(longRecordMessage(s.opts.PCI))
			if s.checks {
				return guard.rest(s.sink)
			}
			return nil
		}
		if s.src.err != nil {
			return s.src.err
		}
		if err == io.EOF {
			return nil
		}
		var parseErr *csv.ParseError
		if errors.As(err, &parseErr) {
			c.line = parseErr.Line
			if s.checks {
				c.lineProblem("invalid CSV: " + parseErr.Err.Error())
				guard.failed(s.sink, cr.InputOffset())
			}
			if headerPending {
				headerPending = false // no usable header: only the PCI guard reads on
			} else {
				s.rows++
			}
			continue
		}
		if err != nil {
			return err
		}
		c.line, _ = cr.FieldPos(0)
		s.passed(skipped+cr.InputOffset(), c.line)
		if headerPending {
			headerPending = false
			layout = s.layout(c.line, record)
			continue
		}
		s.rows++
		if !s.checks {
			continue
		}
		c.path = c.path[:0]
		if layout == nil {
			layout = &csvLayout{headerless: true}
		}
		c.record(layout, record)
	}
}

func (s *scan) delimiter() rune {
	if s.opts.Delimiter == 0 {
		return ','
	}
	return s.opts.Delimiter
}

// validDelimiter is what encoding/csv accepts as Comma.
func validDelimiter(r rune) bool {
	return r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError && utf8.ValidRune(r)
}

// layout resolves the header and reports its problems once, on its line.
func (s *scan) layout(line int, header []string) *csvLayout {
	header = append([]string(nil), header...) // the csv.Reader reuses it
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	l := layoutCSV(s.opts.Validator.schema(), s.mapColumns(header))
	copy(l.header, header) // cell problems name the column as written
	for _, p := range l.problems {
		s.sink.report(line, p.Field, p.Message)
	}
	return l
}

// longRecordMessage says what was and was not checked after a CSV record
// longer than maxLine.
func longRecordMessage(pci bool) string {
	msg := "record is longer than " + strconv.Itoa(maxLine>>20) + " MiB; the rest of the file was not checked"
	if pci {
		msg += " (the PCI guard read all of it)"
	}
	return msg
}

// mapColumns is the header as the schema reads it: each mapped column by
// its target field path, the row id column marked as no field ("").
func (s *scan) mapColumns(header []string) []string {
	if len(s.opts.Mappings) == 0 && s.opts.RowIDColumn == "" {
		return header
	}
	out := make([]string, len(header))
	for i, name := range header {
		switch target, ok := s.opts.Mappings[name]; {
		case s.opts.RowIDColumn != "" && name == s.opts.RowIDColumn:
			out[i] = noFieldColumn
		case ok:
			out[i] = target
		default:
			out[i] = name
		}
	}
	return out
}
