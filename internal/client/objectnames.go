package client

import "strings"

// Zuora spells one object several ways: create-job takes an objectType
// ("Account" in the JSON-lines guide, "account" in the create-job
// reference's list), the metadata endpoints an objectName
// ("accounts-and-contacts"), and a summary echoes either
// (process-bulk-job-with-jsonl.txt sends "Account" and reads back
// "accounts-and-contacts"; v1-api-reference_api_operation_getbulkjobsummary.md
// shows "account"). Matching must therefore be generous about "same" and
// strict about "different": only a positive mismatch rules a job out of
// the duplicate guard, and a name the tables do not know is never one.

// createJobObjectTypes is the list of objectType values in
// v1-api-reference_api_operation_createbulkjob.md.
var createJobObjectTypes = []string{
	"account", "accountingcode", "accountingperiod", "amendment", "bill-run", "bill-run-batches",
	"bill-run-filters", "contact", "credit-memo", "credit-memo-from-charge", "credit-memo-from-invoice",
	"debit-memo", "debit-memo-from-charge", "debit-memo-from-invoice", "invoice", "journal-entry",
	"journal-run", "offer", "omni-channel-subscription", "order", "order-create-order-line-item",
	"order-create-subscription-existing-account", "order-create-subscription-existing-account-with-volume-charge",
	"order-create-subscription-with-new-account", "order-remove-product", "order-update-subscription-add-product",
	"order-update-subscription-change-plan", "order-update-subscription-price-quantity-change", "payment",
	"payment-profile", "payment-schedule", "payment-schedule-item", "payments-simple", "payments-unapply",
	"price-book-item", "product", "product-charge-definition", "product-rate-plan", "product-rate-plan-charge",
	"product-rate-plan-charge-tier", "product-rate-plan-definition", "refund", "revenue-accounting-code",
	"subscription", "subscription-add-rate-plan", "subscription-change-rate-plan", "subscription-remove-rate-plan",
	"subscription-update-rate-plan", "taxation-item", "unitofmeasure", "usage",
}

// objectNameAliases maps the Data Loader objectNames (the data dictionary
// pages' names, data-management_data-loader_data-dictionary-for-data-loader_*)
// that are not simply another spelling of a create-job objectType onto
// that objectType. Keys and values are squashed (see squashObjectName).
var objectNameAliases = map[string]string{
	"accountsandcontacts":                                         "account",
	"accountsandcontact":                                          "account",
	"ordersadvancemultiactionorders":                              "order",
	"advancemultiactionorders":                                    "order",
	"orderscreateorderlineitem":                                   "ordercreateorderlineitem",
	"orderscreatesubscriptiononexistingaccount":                   "ordercreatesubscriptionexistingaccount",
	"orderscreatesubscriptiononanexistingaccountwithvolumecharge": "ordercreatesubscriptionexistingaccountwithvolumecharge",
	"orderscreatesubscriptionwithnewaccount":                      "ordercreatesubscriptionwithnewaccount",
	"ordersremoveproduct":                                         "orderremoveproduct",
	"ordersupdatesubscriptionaddproduct":                          "orderupdatesubscriptionaddproduct",
	"ordersupdatesubscriptionpricequantity":                       "orderupdatesubscriptionpricequantitychange",
	"ordersupdatesubscriptionrateplan":                            "orderupdatesubscriptionchangeplan",
	"unapplypayments":                                             "paymentsunapply",
	"importpaymentprofiles":                                       "paymentprofile",
	"accountingcodeupdate":                                        "accountingcode",
	"updateaccountingcode":                                        "accountingcode",
	"revenueaccountingcodeupdate":                                 "revenueaccountingcode",
	"updaterevenueaccountingcode":                                 "revenueaccountingcode",
	"usagerecords":                                                "usage",
	"updateusagerecords":                                          "usage",
	"usagerecordsupdate":                                          "usage",
	"importtaxationitems":                                         "taxationitem",
	"billrunwithbatches":                                          "billrunbatches",
	"billrunwithfilters":                                          "billrunfilters",
	"importjournalrun":                                            "journalrun",
}

// squashObjectName lower-cases a name and drops separators, so that
// "Account", "account", "credit-memo", "CreditMemo" and "credit_memo"
// compare equal.
func squashObjectName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case '-', '_', ' ', '.', '/':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var knownObjectKeys = func() map[string]bool {
	known := map[string]bool{}
	for _, t := range createJobObjectTypes {
		known[squashObjectName(t)] = true
	}
	return known
}()

// objectKey is the squashed create-job objectType a name stands for, and
// whether the tables know it. A plural ("payments", "contacts",
// "refunds") stands for its singular.
func objectKey(name string) (string, bool) {
	s := squashObjectName(name)
	if alias, ok := objectNameAliases[s]; ok {
		return alias, true
	}
	if knownObjectKeys[s] {
		return s, true
	}
	if single, ok := strings.CutSuffix(s, "s"); ok && knownObjectKeys[single] {
		return single, true
	}
	return s, false
}

// SameObject compares two spellings of an object type. same is true when
// they name the same object in any spelling Zuora uses; known is true
// when the answer is certain. same=false with known=false means "cannot
// tell": a caller deciding whether a job may be a duplicate must treat it
// as a possible match and let the file's hash decide.
func SameObject(a, b string) (same, known bool) {
	if squashObjectName(a) == squashObjectName(b) {
		return true, true
	}
	ka, okA := objectKey(a)
	kb, okB := objectKey(b)
	if ka == kb {
		return true, true
	}
	return false, okA && okB
}

func catalogueEntry(objects []Object, name string) (Object, bool) {
	s := squashObjectName(name)
	for _, o := range objects {
		if squashObjectName(o.Name) == s || squashObjectName(o.Type) == s {
			return o, true
		}
	}
	return Object{}, false
}
