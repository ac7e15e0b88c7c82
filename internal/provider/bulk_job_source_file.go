package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// Checks on the file to load that need neither Zuora nor the rows: what
// kind of file `source` is, how big, and whether its CSV settings can work.

// openedSource is the file (or inline content) checkSource reads.
type openedSource struct {
	io.ReadCloser
	Size int64 // known before reading: stat for a file, length for content
}

// statSource refuses anything but a regular file before it is opened:
// open() on a FIFO blocks until a writer appears, and a device such as
// /dev/zero or a socket never reaches end of file. os.Stat follows
// symlinks, so a link to /dev/zero is judged by what it points at.
func statSource(name string) (fs.FileInfo, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegularError{name: name, mode: info.Mode()}
	}
	return info, nil
}

// openSourceFile opens a regular file and checks again on the open
// descriptor, in case the path was swapped between the two calls.
func openSourceFile(name string) (openedSource, error) {
	if _, err := statSource(name); err != nil {
		return openedSource{}, err
	}
	f, err := openFile(name)
	if err != nil {
		return openedSource{}, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = notRegularError{name: name, mode: info.Mode()}
	}
	if err != nil {
		_ = f.Close()
		return openedSource{}, err
	}
	return openedSource{ReadCloser: f, Size: info.Size()}, nil
}

type notRegularError struct {
	name string
	mode fs.FileMode
}

func (e notRegularError) Error() string {
	return fmt.Sprintf("%q is %s, not a regular file. source must name a regular file; "+
		"write the data to a file first (a pipe or device would never end, or block the plan).", e.name, describeMode(e.mode))
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	default:
		return "a special file"
	}
}

// tooLargeDiagnostic is the one max_file_bytes check, enforced whatever
// validation says. unread: size was measured before a byte was read
// (hashing and checking a file that cannot be loaded anyway only makes the
// plan slow); otherwise it is what a scan read.
func (in sourceCheck) tooLargeDiagnostic(size int64, unread bool) diag.Diagnostics {
	if in.MaxFileBytes <= 0 || size <= in.MaxFileBytes {
		return nil
	}
	nothing := "Nothing was sent to Zuora."
	if unread {
		nothing = "Nothing was read or sent to Zuora."
	}
	return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(in.Attr, "Source file too large",
		fmt.Sprintf("%s is %s bytes, over max_file_bytes (%s bytes). %s\n"+
			"Split the rows over several jobs, or raise max_file_bytes if Zuora accepts files this large.%s",
			in.subject(), groupThousands64(size), groupThousands64(in.MaxFileBytes), nothing, zuoraLimitNote(in.MaxFileBytes)))}
}

// zuoraLimitNote cites Data Loader's limit when max_file_bytes is it.
func zuoraLimitNote(limit int64) string {
	if limit != client.MaxFileBytes {
		return ""
	}
	return " The default, 300 MB, is Data Loader's documented limit: \"Files larger than 300 MB are not accepted\" (Zuora's known behaviour of Data Loader)."
}

// settingsDiagnostics catches CSV settings that cannot describe any file.
func (in sourceCheck) settingsDiagnostics() diag.Diagnostics {
	if !strings.EqualFold(in.FileType, "csv") || in.HasHeaders || len(in.Headers) > 0 {
		return nil
	}
	return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(path.Root("has_headers"), "CSV without column names",
		"has_headers = false says the file has no header row, but headers is not set, so Zuora could not tell "+
			"which field each column is. Set headers to the column names, or remove has_headers if the first row holds them.")}
}

// emptyDiagnostic: Zuora fails a job without rows after it has been
// created, which would taint the resource; plan says so first.
func (in sourceCheck) emptyDiagnostic(rows int) diag.Diagnostics {
	if rows > 0 {
		return nil
	}
	what := "holds no rows: it is empty or has only blank lines"
	if strings.EqualFold(in.FileType, "csv") && in.HasHeaders {
		what = "holds no data rows: it is empty or has only a header row or blank lines"
	}
	return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(in.Attr, "Nothing to load",
		fmt.Sprintf("%s %s. Zuora fails a bulk job without rows, so nothing was sent.", in.subject(), what))}
}

// firstLinePeek is how much of a CSV file delimiterHint looks at.
const firstLinePeek = 64 << 10

// delimiterHint warns when a CSV file's first line has no configured
// delimiter but does have semicolons: a spreadsheet export in a locale
// where the comma is the decimal separator, read as one column per row.
func (in sourceCheck) delimiterHint(br *bufio.Reader) diag.Diagnostics {
	if !strings.EqualFold(in.FileType, "csv") || in.Delimiter != "" {
		return nil
	}
	head, _ := br.Peek(firstLinePeek) // a short file gives what it has
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if bytes.IndexByte(head, ',') >= 0 || bytes.IndexByte(head, ';') < 0 {
		return nil
	}
	return diag.Diagnostics{diag.NewAttributeWarningDiagnostic(path.Root("delimiter"), "CSV delimiter looks wrong",
		fmt.Sprintf("The first line of %s has no comma but has semicolons: it looks ;-delimited. "+
			"Set delimiter = \";\" if it is; Zuora reads commas by default.", in.displayName()))}
}

// nonBlank is what a name or path must match: Zuora refuses a job name of
// only spaces after the job is created.
var nonBlank = regexp.MustCompile(`\S`)

// hasUnknownElement: headers = [var.x] is known as a list before x is;
// the check waits for apply rather than failing on the unknown name.
func hasUnknownElement(l types.List) bool {
	for _, e := range l.Elements() {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}
