package rowcheck

import (
	"encoding/binary"
	"math/bits"
)

// sensitiveKind is what the PCI guard found.
type sensitiveKind uint8

const (
	cardNumber sensitiveKind = iota + 1
	bankAccount
	ipv4Address
	ipv6Address
)

func (k sensitiveKind) String() string {
	switch k {
	case cardNumber:
		return "a card number"
	case bankAccount:
		return "an IBAN"
	case ipv4Address:
		return "an IPv4 address"
	default:
		return "an IPv6 address"
	}
}

// finding is one sensitive span v[start:end] of a value.
type finding struct {
	kind       sensitiveKind
	start, end int
}

// findings collects what the detectors find: the first limit spans, and a
// count of the rest, so a value full of addresses costs no memory past
// the report cap.
type findings struct {
	list  []finding
	limit int // < 0: no limit
	more  int // found beyond limit
}

func (f *findings) add(kind sensitiveKind, start, end int) {
	if f.limit >= 0 && len(f.list) >= f.limit {
		f.more++
		return
	}
	f.list = append(f.list, finding{kind, start, end})
}

// The census classes, for a short value's bytes.
const (
	classOther = iota
	classDigit
	classUpper
	classDot
	classColon
)

var censusClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = classUpper
	}
	t['.'], t[':'] = classDot, classColon
	return t
}()

// tally is what the census found in a value.
type tally struct {
	digits, upper, dots, colons int
	// cardRun: some 8-byte window at an offset divisible by 4 holds only
	// digits, spaces and dashes. A card number spans 13 or more such bytes,
	// so it always covers one: without one there is no card to look for.
	// Taken as true for a short value, which is not looked at this way.
	cardRun bool
}

// census counts the digits, upper-case letters, dots and colons of v,
// eight bytes at a time: each class becomes a mask with the high bit of
// every matching byte set, and a population count adds them up. Bytes of
// 0x80 and above belong to no class. The last partial word is padded with
// zero bytes, which belong to none either.
func census(v []byte) (t tally) {
	var prev uint64 // the previous word's card bytes
	for i := 0; i < len(v); i += 8 {
		var x uint64
		switch {
		case i+8 <= len(v):
			x = binary.LittleEndian.Uint64(v[i:])
		case len(v) >= 8: // the last eight bytes, shifted past those counted
			x = binary.LittleEndian.Uint64(v[len(v)-8:]) >> (64 - 8*(len(v)-i))
		default:
			for k := len(v) - 1; k >= 0; k-- {
				x = x<<8 | uint64(v[k])
			}
		}
		ascii, y := ^x&wordHighs, x&wordLows
		digit := byteInRange(y, '0', '9') & ascii
		t.digits += bits.OnesCount64(digit)
		t.upper += bits.OnesCount64(byteInRange(y, 'A', 'Z') & ascii)
		t.dots += bits.OnesCount64(byteEquals(y, '.') & ascii)
		t.colons += bits.OnesCount64(byteEquals(y, ':') & ascii)
		card := digit | (byteEquals(y, ' ')|byteEquals(y, '-'))&ascii
		// This word, or its first half after the previous word's second half.
		t.cardRun = t.cardRun || card == wordHighs || prev>>32|card<<32 == wordHighs
		prev = card
	}
	return t
}

const (
	wordOnes  = 0x0101010101010101
	wordHighs = 0x8080808080808080
	wordLows  = 0x7f7f7f7f7f7f7f7f
)

// byteInRange sets the high bit of each byte of y (all below 0x80) that is
// in lo..hi. No byte's sum carries into the next.
func byteInRange(y uint64, lo, hi byte) uint64 {
	return (y + wordOnes*uint64(0x80-lo)) &^ (y + wordOnes*uint64(0x7f-hi)) & wordHighs
}

// byteEquals sets the high bit of each byte of y (all below 0x80) that is c.
func byteEquals(y uint64, c byte) uint64 {
	return ^((y ^ wordOnes*uint64(c)) + wordLows) & wordHighs
}

// findSensitive lists every sensitive span of v.
func findSensitive(v []byte) []finding {
	f := findings{limit: -1}
	f.scan(v)
	return f.list
}

// scan runs the detectors over v. A cheap census of the value first rules
// out the detectors that cannot match, so ordinary values cost one pass
// over their bytes.
func (f *findings) scan(v []byte) {
	t := tally{cardRun: true}
	if len(v) < 32 { // a table lookup a byte, inline, is quicker for the usual short value
		var count [5]int
		for _, c := range v {
			count[censusClass[c]]++
		}
		t.digits, t.upper, t.dots, t.colons = count[classDigit], count[classUpper], count[classDot], count[classColon]
	} else {
		t = census(v)
	}
	if t.digits >= 13 && t.cardRun {
		findCards(f, v)
	}
	if t.upper >= 2 && t.digits >= 2 && len(v) >= 15 {
		findIBANs(f, v)
	}
	if t.dots >= 3 && t.digits >= 4 {
		findIPv4(f, v)
	}
	if t.colons >= 2 {
		findIPv6(f, v)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

// findCards looks for 13–19 digits, optionally in groups separated by one
// space or dash, standing alone (no letter, digit or decimal point either
// side), that pass the Luhn check and start like a card scheme's number.
// The scheme check keeps Luhn's one-in-ten chance from flagging
// millisecond timestamps and long reference numbers.
func findCards(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			continue
		}
		if i > 0 && (isAlnum(v[i-1]) || partOfNumber(v, i-1)) {
			for i+1 < len(v) && isDigit(v[i+1]) { // no card starts inside this run
				i++
			}
			continue
		}
		var num [19]byte
		n, end := 0, i
		for j := i; j < len(v); j++ {
			switch {
			case isDigit(v[j]):
				if n < len(num) {
					num[n] = v[j]
				}
				n++
				end = j + 1
				continue
			case (v[j] == ' ' || v[j] == '-') && j+1 < len(v) && isDigit(v[j+1]):
				continue
			}
			break
		}
		alone := end == len(v) || !isAlnum(v[end]) && !partOfNumber(v, end)
		if n >= 13 && n <= 19 && alone && luhnValid(num[:n]) && cardScheme(num[:n]) {
			f.add(cardNumber, i, end)
		}
		i = end // a card never starts inside another digit run
	}
}

// partOfNumber reports a decimal point or separator at v[i] that joins
// digits, as in 1234567890123.45.
func partOfNumber(v []byte, i int) bool {
	if v[i] != '.' && v[i] != ',' {
		return false
	}
	return i > 0 && isDigit(v[i-1]) && i+1 < len(v) && isDigit(v[i+1])
}

func luhnValid(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardScheme reports whether the number starts with a card scheme's
// issuer prefix and has one of that scheme's lengths.
func cardScheme(d []byte) bool {
	n := len(d)
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	switch {
	case d[0] == '4': // Visa
		return n == 13 || n == 16 || n == 19
	case p2 == 34 || p2 == 37: // American Express
		return n == 15
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return n == 16
	case p2 == 36 || p2 == 38 || p2 == 39 || p2 == 30: // Diners Club
		return n >= 14 && n <= 19
	case p2 == 35: // JCB
		return n >= 16 && n <= 19
	case d[0] == '6' || p2 == 50 || (p2 >= 56 && p2 <= 58): // Discover, UnionPay, Maestro, RuPay
		return n >= 13 && n <= 19
	}
	return false
}
