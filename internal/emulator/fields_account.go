package emulator

import (
	"fmt"
	"strings"

	"github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"
)

// The first eight Account Import fields are the guide's, verbatim.
const (
	reBillCycleDay     = `^(0|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)$`
	reAdditionalEmails = `^(|([a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})(|[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9.-]+.[a-zA-Z]{2,})*)$`
	rePaymentTerm      = `^(|(Due Upon Receipt|Net 15|Net 30|Net 45|Net 60|Net 90))$`
	reCountry          = `^[A-Za-z][A-Za-z .,'()&-]{1,63}$`
	reOptionalCountry  = `^(|[A-Za-z][A-Za-z .,'()&-]{1,63})$`
)

// batchRegex is the guide's "Batch1" … "Batch50" alternation.
func batchRegex() string {
	names := make([]string, 50)
	for i := range names {
		names[i] = fmt.Sprintf("Batch%d", i+1)
	}
	return "^(|(" + strings.Join(names, "|") + "))$"
}

func accountImport() *fieldmeta.Node {
	return objectOf(
		field("name", req("string", reRequiredName255)),
		field("billCycleDay", req("number", reBillCycleDay)),
		field("currency", req("string", reCurrency)),
		field("notes", opt("string", `^.{0,65535}$`)),
		field("accountNumber", opt("string", reText50)),
		field("additionalEmailAddresses", arrayOf(opt("string", reAdditionalEmails))),
		field("autoPay", opt("boolean", reBoolean)),
		field("batch", opt("string", batchRegex())),
		field("paymentTerm", opt("string", rePaymentTerm)),
		field("crmId", opt("string", reText100)),
		field("salesRep", opt("string", reText50)),
		field("purchaseOrderNumber", opt("string", reText100)),
		field("invoiceDeliveryPrefsEmail", opt("boolean", reBoolean)),
		field("invoiceDeliveryPrefsPrint", opt("boolean", reBoolean)),
		field("parentId", opt("string", reOptionalID)),
		// Neither contact is marked required, so a row may leave both out;
		// a contact that is given needs its names and country.
		field("billToContact", objectOf(contactFields(true)...)),
		field("soldToContact", objectOf(contactFields(true)...)),
	)
}

// contactFields are a contact's own fields, nested in an account or
// loaded as a contact of one.
func contactFields(countryRequired bool) []fieldmeta.Field {
	country := opt("string", reOptionalCountry)
	if countryRequired {
		country = req("string", reCountry)
	}
	return []fieldmeta.Field{
		field("firstName", req("string", reRequiredName100)),
		field("lastName", req("string", reRequiredName100)),
		field("workEmail", opt("string", reEmail)),
		field("personalEmail", opt("string", reEmail)),
		field("workPhone", opt("string", `^.{0,40}$`)),
		field("address1", opt("string", reText255)),
		field("address2", opt("string", reText255)),
		field("city", opt("string", `^.{0,40}$`)),
		field("state", opt("string", reText50)),
		field("postalCode", opt("string", `^.{0,20}$`)),
		field("country", country),
	}
}

func accountsAndContacts() *object {
	o := crud("accounts-and-contacts", "Account", accountImport(), "currency")
	o.refs = map[string]string{"parentId": "Account"}
	o.unique = []string{"accountNumber"}
	o.autoNumber = &autoNumber{field: "accountNumber", format: "A%08d"}
	return o
}

func contactObject() *object {
	imp := objectOf(append([]fieldmeta.Field{field("accountId", req("string", reZuoraID))}, contactFields(false)...)...)
	o := crud("contact", "Contact", imp, "accountId")
	o.refs = map[string]string{"accountId": "Account"}
	return o
}
