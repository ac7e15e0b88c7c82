package rowcheck

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The byte-at-a-time detectors the faster ones replaced, kept as the
// reference they must agree with on every input.

func referenceCensus(v []byte) (digits, upper, dots, colons int) {
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c >= 'A' && c <= 'Z':
			upper++
		case c == '.':
			dots++
		case c == ':':
			colons++
		}
	}
	return
}

func referenceFindIPv4(f *findings, v []byte) {
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
			ok = ok && (digits == 0 || val != 0)
			val = min(val*10+int(c-'0'), 256)
			ok = ok && val <= 255
			digits++
		}
		run := end
		if v[end-1] == '.' {
			end--
			dots--
		}
		if ok && dots == 3 && (run == len(v) || !isAlnum(v[run])) {
			f.add(ipv4Address, i, end)
		}
		i = run
	}
}

func referenceFindCards(f *findings, v []byte) {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) || (i > 0 && (isAlnum(v[i-1]) || partOfNumber(v, i-1))) {
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
		i = end
	}
}

// referenceScan runs every reference detector, without the census's gates.
func referenceScan(v []byte) []finding {
	f := findings{limit: -1}
	referenceFindCards(&f, v)
	findIBANs(&f, v)
	referenceFindIPv4(&f, v)
	findIPv6(&f, v)
	return f.list
}

// randomValue draws from the bytes the detectors care about, with real
// addresses and card numbers mixed in so that matches are common.
func randomValue(r *rand.Rand) []byte {
	const alphabet = "0123456789012345678901234567890123456789....::  --,,aZAfx\u00e9\x80\xff"
	pieces := []string{"4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "378282246310005", "4222222222222", "30569309025904",
		"192.168.0.1", "10.0.0.42.", "255.255.255.255", "1.2.3.4.5", "01.2.3.4", "2001:db8::1", "::ffff:1.2.3.4",
		"DE89370400440532013000", "1234567.89"}
	var v []byte
	for range r.IntN(80) {
		if r.IntN(6) == 0 {
			v = append(v, pieces[r.IntN(len(pieces))]...)
		} else {
			v = append(v, alphabet[r.IntN(len(alphabet))])
		}
	}
	return v
}

func TestDetectorsMatchTheirReference(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 15))
	for range 100_000 {
		v := randomValue(r)
		got := census(v)
		if d, u, p, c := referenceCensus(v); got.digits != d || got.upper != u || got.dots != p || got.colons != c {
			t.Fatalf("census(%q) = %+v, reference %d %d %d %d", v, got, d, u, p, c)
		}
		// Same spans in the same order: the order of the report's messages.
		if found, want := findSensitive(v), referenceScan(v); !slices.Equal(found, want) {
			t.Fatalf("findSensitive(%q) = %v, reference %v", v, found, want)
		}
	}
}

// FuzzDetectorsMatchTheirReference: the same on whatever the fuzzer finds.
func FuzzDetectorsMatchTheirReference(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomValue(r))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if found, want := findSensitive(v), referenceScan(v); !slices.Equal(found, want) {
			t.Fatalf("findSensitive(%q) = %v, reference %v", v, found, want)
		}
	})
}
