package rowcheck

import "net/netip"

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f'
}

// findIPv4 parses each standalone run of digits and dots that has exactly
// four parts, so version strings like 1.2.3 and amounts stay quiet.
func findIPv4(out []finding, v []byte) []finding {
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
		if dots == 3 && (run == len(v) || !isAlnum(v[run])) {
			if a, err := netip.ParseAddr(string(v[i:end])); err == nil && a.Is4() {
				out = append(out, finding{ipv4Address, i, end})
			}
		}
		i = run
	}
	return out
}

// findIPv6 parses each standalone run of hex digits, colons and dots with
// at least two colons and one digit.
func findIPv6(out []finding, v []byte) []finding {
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
			if a, err := netip.ParseAddr(string(v[i:end])); err == nil && a.Is6() {
				out = append(out, finding{ipv6Address, i, end})
			}
		}
		i = end
	}
	return out
}
