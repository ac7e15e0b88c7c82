package rowcheck

import "testing"

// The regexes of the emulator's catalogue and Zuora's guide, in words.
func TestDescribeRule(t *testing.T) {
	for pattern, want := range map[string]string{
		`^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`: "a whole number from 0 to 31",
		`^(1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`:   "a whole number from 1 to 31",
		`^(1|5|10)$`:                            "one of 1, 5, 10",
		`^(AUD|USD|EUR|GBP|JPY|CAD)$`:           "one of AUD, USD, EUR, GBP, JPY, CAD",
		`^(|(Due Upon Receipt|Net 15|Net 30))$`: "empty, or one of Due Upon Receipt, Net 15, Net 30",
		`^(|(Batch1|Batch2|Batch3|Batch4|Batch5|Batch6|Batch7|Batch8|Batch9|Batch10|Batch11|Batch12|Batch13|Batch14|Batch15|Batch16|Batch17|Batch18|Batch19|Batch20|Batch21|Batch22|Batch23|Batch24|Batch25|Batch26|Batch27|Batch28|Batch29|Batch30|Batch31|Batch32|Batch33|Batch34|Batch35|Batch36|Batch37|Batch38|Batch39|Batch40|Batch41|Batch42|Batch43|Batch44|Batch45|Batch46|Batch47|Batch48|Batch49|Batch50))$`: "empty, or one of Batch1 to Batch50",
		`^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$`: "empty, or true or false (any case)",
		`^(true|false)$`:       "true or false",
		`^(Yes)$`:              "exactly Yes",
		`(^(?!\s*$).{1,255})$`: "1 to 255 characters, not blank",
		`^.{1,255}$`:           "1 to 255 characters",
		`^.{0,65535}$`:         "at most 65535 characters",
		`^.{2}$`:               "exactly 2 characters",
		`^.{3,}$`:              "at least 3 characters",
		`^.*$`:                 "any text on one line",
		`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`:       "a date as YYYY-MM-DD",
		`^(|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$`:    "empty, or a date as YYYY-MM-DD",
		`^(|[0-9a-fA-F]{32})$`:                                "empty, or a Zuora ID (32 hexadecimal characters)",
		`^(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,})$`: "empty, or an email address",
		`^(|a)|(b)$`:          "",
		`^[A-Z]{2}-[0-9]{3}$`: "",
		`^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`: "",
		`^[A-Za-z][A-Za-z .,'()&-]{1,63}$`: "",
	} {
		if got := describeRule(pattern); got != want {
			t.Errorf("describeRule(%q) = %q, want %q", pattern, got, want)
		}
	}
}
