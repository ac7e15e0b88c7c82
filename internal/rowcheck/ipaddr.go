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
// run is validated as it is scanned, as netip.ParseAddr would: four fields
// of 0–255 without leading zeros (isIPv4 is the reference it must match).
func findIPv4(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) || (i > 0 && (isAlnum(v[i-1]) || v[i-1] == '.' || v[i-1] == ':')) {
			continue
		}
		end, dots, val, digits, ok := i, 0, 0, 0, true
		for ; end < len(v); end++ {
			c := v[end]
			if c == '.' {
				ok = ok && digits > 0
				dots++
				val, digits = 0, 0
				continue
			}
			if !isDigit(c) {
				break
			}
			ok = ok && (digits == 0 || val != 0) // no leading zero
			val = min(val*10+int(c-'0'), 256)
			ok = ok && val <= 255
			digits++
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
