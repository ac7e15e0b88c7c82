package rowcheck

import (
	"net/netip"
	"unsafe"
)

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f'
}

// findIPv4 checks each standalone run of digits and dots that has exactly
// four parts, so version strings like 1.2.3 and amounts stay quiet.
func findIPv4(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) || (i > 0 && (isAlnum(v[i-1]) || v[i-1] == '.' || v[i-1] == ':')) {
			continue
		}
		end, dots := i, 0
		for end < len(v) && (isDigit(v[end]) || v[end] == '.') {
			if v[end] == '.' {
				dots++
			}
			end++
		}
		run := end
		if v[end-1] == '.' { // a sentence ending right after the address
			end--
			dots--
		}
		if dots == 3 && (run == len(v) || !isAlnum(v[run])) && isIPv4(v[i:end]) {
			f.add(ipv4Address, i, end)
		}
		i = run
	}
}

// isIPv4 reports whether b (digits and dots) is a dotted-quad address as
// netip.ParseAddr accepts it: four fields of 0–255 without leading zeros.
// It parses in place: no string per candidate.
func isIPv4(b []byte) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == '.' {
			if digits == 0 {
				return false
			}
			fields++
			val, digits = 0, 0
			continue
		}
		if digits > 0 && val == 0 { // a leading zero
			return false
		}
		val = val*10 + int(b[i]-'0')
		if digits++; val > 255 {
			return false
		}
	}
	return fields == 4
}

// findIPv6 parses each standalone run of hex digits, colons and dots with
// at least two colons and one digit.
func findIPv6(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isHex(c) && c != ':' || (i > 0 && (isAlnum(v[i-1]) || v[i-1] == ':' || v[i-1] == '.')) {
			continue
		}
		end, colons, hex := i, 0, 0
		for end < len(v) && (isHex(v[end]) || v[end] == ':' || v[end] == '.') {
			switch {
			case v[end] == ':':
				colons++
			case v[end] != '.':
				hex++
			}
			end++
		}
		if colons >= 2 && hex > 0 && end-i <= 45 && (end == len(v) || !isAlnum(v[end])) {
			if a, err := netip.ParseAddr(bytesView(v[i:end])); err == nil && a.Is6() {
				f.add(ipv6Address, i, end)
			}
		}
		i = end
	}
}

// bytesView lets netip parse a candidate without copying it to a string.
// Safe here: v is not changed while the call runs, and neither the address
// (no zone: '%' never enters a candidate) nor the discarded error outlives it.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
