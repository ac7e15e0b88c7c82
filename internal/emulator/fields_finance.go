package emulator

import "github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"

const reAccountingCodeType = `^(Accounts Receivable|On-Account Receivable|Cash|Other Assets|Customer Cash on Account|Deferred Revenue|Sales Tax Payable|Other Liabilities|Sales Revenue|Sales Discounts|Other Revenue|Other Equity|Bad Debt|Other Expenses)$`

// accountingCode keeps the guide's lower-case objectType "accountingcode".
func accountingCode() *object {
	imp := objectOf(
		field("name", req("string", reRequiredName100)),
		field("type", req("string", reAccountingCodeType)),
		field("glAccountName", opt("string", reText255)),
		field("glAccountNumber", opt("string", reText255)),
		field("notes", opt("string", reText2000)),
	)
	o := crud("accounting-code", "accountingcode", imp)
	o.unique = []string{"name"}
	return o
}

func accountingPeriod() *object {
	return &object{
		Name:  "accounting-period",
		Type:  "AccountingPeriod",
		order: []string{actionImport, actionDelete},
		fields: map[string]*fieldmeta.Node{
			actionImport: objectOf(
				field("name", req("string", reRequiredName100)),
				field("startDate", req("string", reDate)),
				field("endDate", req("string", reDate)),
				field("fiscalYear", req("number", `^\d{4}$`)),
				field("fiscalQuarter", opt("number", `^(|[1-4])$`)),
				field("notes", opt("string", reText255)),
			),
			actionDelete: deleteByID(),
		},
		unique: []string{"name"},
	}
}
