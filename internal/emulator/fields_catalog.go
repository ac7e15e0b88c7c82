package emulator

import "github.com/zuora-tf/terraform-provider-zuora/internal/fieldmeta"

// Product catalog, subscriptions and what hangs off them.

func productObject() *object {
	imp := objectOf(
		field("name", req("string", reRequiredName255)),
		field("sku", opt("string", reText50)),
		field("description", opt("string", reText500)),
		field("category", opt("string", `^(|(Base Products|Add On Services|Miscellaneous Products))$`)),
		field("effectiveStartDate", req("string", reDate)),
		field("effectiveEndDate", req("string", reDate)),
		field("allowFeatureChanges", opt("boolean", reBoolean)),
	)
	o := crud("product", "Product", imp)
	o.unique = []string{"sku"}
	return o
}

func productRatePlan() *object {
	imp := objectOf(
		field("productId", req("string", reZuoraID)),
		field("name", req("string", reRequiredName255)),
		field("description", opt("string", reText500)),
		field("effectiveStartDate", opt("string", reOptionalDate)),
		field("effectiveEndDate", opt("string", reOptionalDate)),
		field("grade", opt("number", `^(|[1-9]\d{0,3})$`)),
		field("activeCurrencies", arrayOf(opt("string", reCurrency))),
	)
	o := crud("product-rate-plan", "ProductRatePlan", imp, "productId")
	o.refs = map[string]string{"productId": "Product"}
	return o
}

// subscriptionObject is the one object with a Cancel action.
func subscriptionObject() *object {
	return &object{
		Name:  "subscription",
		Type:  "Subscription",
		order: []string{actionImport, actionCancel},
		fields: map[string]*fieldmeta.Node{
			actionImport: objectOf(
				field("accountId", req("string", reZuoraID)),
				field("subscriptionNumber", opt("string", reText100)),
				field("termType", req("string", `^(TERMED|EVERGREEN)$`)),
				field("contractEffectiveDate", req("string", reDate)),
				field("serviceActivationDate", opt("string", reOptionalDate)),
				field("initialTerm", opt("number", `^(|\d{1,5})$`)),
				field("renewalTerm", opt("number", `^(|\d{1,5})$`)),
				field("autoRenew", opt("boolean", reBoolean)),
				field("notes", opt("string", reText500)),
				field("subscribeToRatePlans", arrayOf(objectOf(
					field("productRatePlanId", req("string", reZuoraID)),
				))),
			),
			actionCancel: objectOf(
				idField(),
				field("cancellationPolicy", req("string", `^(EndOfCurrentTerm|EndOfLastInvoicePeriod|SpecificDate)$`)),
				field("cancellationEffectiveDate", opt("string", reOptionalDate)),
			),
		},
		refs:       map[string]string{"accountId": "Account"},
		unique:     []string{"subscriptionNumber"},
		autoNumber: &autoNumber{field: "subscriptionNumber", format: "A-S%08d"},
	}
}

func amendmentObject() *object {
	return &object{
		Name:  "amendment",
		Type:  "Amendment",
		order: []string{actionImport, actionDelete},
		fields: map[string]*fieldmeta.Node{
			actionImport: objectOf(
				field("name", req("string", reRequiredName100)),
				field("type", req("string", `^(NewProduct|RemoveProduct|UpdateProduct|TermsAndConditions|Renewal|Cancellation|SuspendSubscription|ResumeSubscription|OwnerTransfer)$`)),
				field("subscriptionId", req("string", reZuoraID)),
				field("contractEffectiveDate", req("string", reDate)),
				field("effectiveDate", opt("string", reOptionalDate)),
				field("status", opt("string", `^(|(Draft|PendingActivation|PendingAcceptance|Completed))$`)),
				field("description", opt("string", reText500)),
			),
			actionDelete: deleteByID(),
		},
		refs: map[string]string{"subscriptionId": "Subscription"},
	}
}

func usageObject() *object {
	const reDateTime = `^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$`
	return &object{
		Name:  "usage",
		Type:  "Usage",
		order: []string{actionImport, actionDelete},
		fields: map[string]*fieldmeta.Node{
			actionImport: objectOf(
				field("accountNumber", req("string", `^.{1,50}$`)),
				field("subscriptionNumber", opt("string", reText100)),
				field("chargeNumber", opt("string", reText50)),
				field("quantity", req("number", `^-?\d+(\.\d+)?$`)),
				field("startDateTime", req("string", reDateTime)),
				field("endDateTime", opt("string", `^(|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)$`)),
				field("unitOfMeasure", req("string", `(^(?!\s*$).{1,32})$`)),
				field("description", opt("string", reText255)),
				field("uniqueKey", opt("string", reText50)),
			),
			actionDelete: deleteByID(),
		},
		unique: []string{"uniqueKey"},
	}
}
