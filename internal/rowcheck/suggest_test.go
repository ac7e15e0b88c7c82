package rowcheck

import "testing"

func TestSuggest_atMostThree(t *testing.T) {
	t.Parallel()
	got := Suggest("contact", []string{"Contact", "contacts", "Contacts", "contract", "contacto", "Product"}, 3)
	if len(got) != 3 || got[0] != "Contact" {
		t.Errorf("Suggest = %q, want three, Contact first", got)
	}
	if got := Suggest("Spaceship", []string{"Account", "Product"}, 3); len(got) != 0 {
		t.Errorf("Suggest = %q, want none", got)
	}
}

func TestSuggest_wholeWordAfterTypos(t *testing.T) {
	t.Parallel()
	got := Suggest("account", []string{"accounts-and-contacts", "acount"}, 3)
	if len(got) != 2 || got[0] != "acount" || got[1] != "accounts-and-contacts" {
		t.Errorf("Suggest = %q, want the typo, then the name that contains it", got)
	}
	if got := Suggest("nmae", []string{"name", "notes"}, 1); len(got) != 1 || got[0] != "name" {
		t.Errorf("Suggest = %q, want name alone", got)
	}
}
