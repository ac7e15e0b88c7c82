package rowcheck

import "testing"

func TestMaskSensitive(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`Dup 1,4111111111111111,Error: card declined`, `Dup 1,************1111,Error: card declined`},
		{`{"iban":"DE89370400440532013000"}`, `{"iban":"******************3000"}`},
		{`card 4111-1111-1111-1111 refused`, `card ****-****-****-1111 refused`},
		{`account A-00000042 is closed`, `account A-00000042 is closed`},
		{``, ``},
	} {
		if got := MaskSensitive(c.in); got != c.want {
			t.Errorf("MaskSensitive(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
