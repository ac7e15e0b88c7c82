package rowcheck

import (
	"net/netip"
	"unsafe"
)

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f'
}

// findIPv4 checks each standalone run of digits and dots that has exactly
// four parts, so version strings like 1.2.3 and amounts stay quiet. The
// run is validated field by field as it is scanned, as netip.ParseAddr
// would: four fields of 0–255 without leading zeros. A digit that cannot
// start a run skips the rest of its digits at once.
func findIPv4(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			continue
		}
		if i > 0 && (isAlnum(v[i-1]) || v[i-1] == '.' || v[i-1] == ':') {
			for i+1 < len(v) && isDigit(v[i+1]) {
				i++
			}
			continue
		}
		end, dots, ok := i, 0, true
		for {
			start := end
			for end < len(v) && isDigit(v[end]) {
				end++
			}
			ok = ok && ipv4Field(v[start:end])
			if end == len(v) || v[end] != '.' {
				break
			}
			ok = ok && end > start
			dots++
			end++
		}
		run := end
		if v[end-1] == '.' { // a sentence ending right after the address
			end--
			dots--
		}
		if ok && dots == 3 && (run == len(v) || !isAlnum(v[run])) {
			f.add(ipv4Address, i, end)
		}
		i = run
	}
}

// ipv4Field reports whether the digits d are a valid IPv4 field, or empty
// (the caller decides where an empty field is allowed).
func ipv4Field(d []byte) bool {
	switch len(d) {
	case 0, 1:
		return true
	case 2:
		return d[0] != '0'
	case 3:
		return d[0] == '1' || d[0] == '2' && (d[1] < '5' || d[1] == '5' && d[2] <= '5')
	}
	return false
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
