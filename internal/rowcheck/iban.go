package rowcheck

// ibanLengths is the IBAN length per country (ISO 13616 registry). Knowing
// the exact length keeps mod-97's one-in-a-hundred chance from flagging
// ordinary upper-case reference codes.
var ibanLengths = map[[2]byte]int{
	{'A', 'D'}: 24, {'A', 'E'}: 23, {'A', 'L'}: 28, {'A', 'T'}: 20, {'A', 'Z'}: 28,
	{'B', 'A'}: 20, {'B', 'E'}: 16, {'B', 'G'}: 22, {'B', 'H'}: 22, {'B', 'I'}: 27,
	{'B', 'R'}: 29, {'B', 'Y'}: 28, {'C', 'H'}: 21, {'C', 'R'}: 22, {'C', 'Y'}: 28,
	{'C', 'Z'}: 24, {'D', 'E'}: 22, {'D', 'J'}: 27, {'D', 'K'}: 18, {'D', 'O'}: 28,
	{'E', 'E'}: 20, {'E', 'G'}: 29, {'E', 'S'}: 24, {'F', 'I'}: 18, {'F', 'K'}: 18,
	{'F', 'O'}: 18, {'F', 'R'}: 27, {'G', 'B'}: 22, {'G', 'E'}: 22, {'G', 'I'}: 23,
	{'G', 'L'}: 18, {'G', 'R'}: 27, {'G', 'T'}: 28, {'H', 'N'}: 28, {'H', 'R'}: 21,
	{'H', 'U'}: 28, {'I', 'E'}: 22, {'I', 'L'}: 23, {'I', 'Q'}: 23, {'I', 'S'}: 26,
	{'I', 'T'}: 27, {'J', 'O'}: 30, {'K', 'W'}: 30, {'K', 'Z'}: 20, {'L', 'B'}: 28,
	{'L', 'C'}: 32, {'L', 'I'}: 21, {'L', 'T'}: 20, {'L', 'U'}: 20, {'L', 'V'}: 21,
	{'L', 'Y'}: 25, {'M', 'C'}: 27, {'M', 'D'}: 24, {'M', 'E'}: 22, {'M', 'K'}: 19,
	{'M', 'N'}: 20, {'M', 'R'}: 27, {'M', 'T'}: 31, {'M', 'U'}: 30, {'N', 'I'}: 28,
	{'N', 'L'}: 18, {'N', 'O'}: 15, {'O', 'M'}: 23, {'P', 'K'}: 24, {'P', 'L'}: 28,
	{'P', 'S'}: 29, {'P', 'T'}: 25, {'Q', 'A'}: 29, {'R', 'O'}: 24, {'R', 'S'}: 22,
	{'R', 'U'}: 33, {'S', 'A'}: 24, {'S', 'C'}: 31, {'S', 'D'}: 18, {'S', 'E'}: 24,
	{'S', 'I'}: 19, {'S', 'K'}: 24, {'S', 'M'}: 27, {'S', 'O'}: 23, {'S', 'T'}: 25,
	{'S', 'V'}: 28, {'T', 'L'}: 23, {'T', 'N'}: 24, {'T', 'R'}: 26, {'U', 'A'}: 29,
	{'V', 'A'}: 22, {'V', 'G'}: 24, {'X', 'K'}: 20, {'Y', 'E'}: 30,
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// findIBANs looks for a country code, two check digits and the country's
// number of further letters and digits, optionally grouped by single
// spaces, standing alone, whose mod-97 check value is 1.
func findIBANs(f *findings, v []byte) {
	for i := 0; i+4 <= len(v); i++ {
		if !isUpper(v[i]) || !isUpper(v[i+1]) || !isDigit(v[i+2]) || !isDigit(v[i+3]) || (i > 0 && isAlnum(v[i-1])) {
			continue
		}
		want, ok := ibanLengths[[2]byte{v[i], v[i+1]}]
		if !ok {
			continue
		}
		var iban [34]byte
		n, end := 0, i
		for j := i; j < len(v) && n < want; j++ {
			switch {
			case isAlnum(v[j]):
				iban[n] = v[j]
				n++
				end = j + 1
				continue
			case v[j] == ' ' && j+1 < len(v) && isAlnum(v[j+1]):
				continue
			}
			break
		}
		if n == want && (end == len(v) || !isAlnum(v[end])) && ibanChecksumValid(iban[:n]) {
			f.add(bankAccount, i, end)
			i = end - 1
		}
	}
}

// ibanChecksumValid is ISO 7064 mod 97-10: the first four characters move
// to the end, letters become 10–35, and the number mod 97 must be 1.
func ibanChecksumValid(iban []byte) bool {
	rem := 0
	add := func(c byte) {
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		default:
			rem = (rem*100 + int(c|0x20-'a') + 10) % 97
		}
	}
	for _, c := range iban[4:] {
		add(c)
	}
	for _, c := range iban[:4] {
		add(c)
	}
	return rem == 1
}
