package rowcheck

// sink collects problems in two classes (schema and file problems; PCI
// findings), keeping the first keep of each and counting all.
type sink struct {
	keep int // < 0: keep everything
	// redact: the rows come from a write-only argument, so no message
	// shows any part of a value (see redact_test.go).
	redact   bool
	quiet    bool // drop problems other than PCI findings, uncounted
	problems []Problem
	total    int
	pci      []Problem
	pciTotal int
}

// want counts one problem of a class and reports whether it will be kept.
// Callers build the message only when it is: a file with a bad value on
// every row must not format a million messages.
func (s *sink) want(pci bool) bool {
	if !pci && s.quiet {
		return false
	}
	if pci {
		s.pciTotal++
		return s.keep < 0 || len(s.pci) < s.keep
	}
	s.total++
	return s.keep < 0 || len(s.problems) < s.keep
}

// pciRoom is how many more PCI findings will be kept; < 0 for no limit.
func (s *sink) pciRoom() int {
	if s.keep < 0 {
		return -1
	}
	return max(s.keep-len(s.pci), 0)
}

// add stores a problem that want allowed.
func (s *sink) add(p Problem) {
	if p.PCI {
		s.pci = append(s.pci, p)
	} else {
		s.problems = append(s.problems, p)
	}
}

// report is want and add for a message that costs nothing to build.
func (s *sink) report(line int, field, message string) {
	if s.want(false) {
		s.add(Problem{Line: line, Field: field, Message: message})
	}
}

func (s *sink) reset(keep int) {
	*s = sink{keep: keep, problems: s.problems[:0], pci: s.pci[:0]}
}

// mergePCI adds the PCI findings of o, counted and kept as if reported here.
func (s *sink) mergePCI(o *sink) {
	for _, p := range o.pci {
		if s.want(true) {
			s.add(p)
		}
	}
	s.pciTotal += o.pciTotal - len(o.pci)
}
