#!/usr/bin/env python3
"""Writes the emulator's catalogue (internal/emulator/catalogue/*.json) from
Zuora's data dictionary pages in ../shared/zuora/reference/.

One file per object: its names, the dictionary page each action follows, the
business rules the emulator applies, and per action every field with its
path, the dictionary's label, type, regex and mandatory mark (the asterisk).

Field paths are what the JSON-lines metadata names (billToContact.firstName);
the dictionary gives labels (BillToContact.FirstName*, Account Name*). A
label is matched to a known path by its letters and digits, or through the
object's aliases below; a label with no known path gets one made from its
words, lowerCamelCase, with NetSuite/Quote fields ending __NS/__QT. Marker
columns (IsNew…) belong to Zuora's CSV templates, not to the fields.

Run from the repository root:  python3 scripts/gen-emulator-catalogue.py
The known paths, types and regexes of the objects the emulator served before
the dictionary come from a dump of its Go literals (internal/emulator/fields_*.go
at commit 5db517b; each object's name, type, order and per action its
Flatten() leaves as {path, type, regex, required}) saved as
/tmp/dc/existing.json. Without that dump the script reads the catalogue files
instead, which carries hand edits forward but is not the same input.
"""
import json
import os
import re
import sys

REF = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "zuora", "reference")
if not os.path.isdir(REF):
    REF = "/work/shared/zuora/reference"
OUT = os.path.join(os.path.dirname(__file__), "..", "internal", "emulator", "catalogue")
PAGE = "data-management_data-loader_data-dictionary-for-data-loader_%s.md"

RE_ID = r"^[0-9a-fA-F]{32}$"
RE_BOOL = r"^(|([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))$"
RE_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
RE_OPT_DATE = r"^(|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$"
RE_DATETIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
RE_OPT_DATETIME = r"^(|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)$"
RE_NUM = r"^-?\d+(\.\d+)?$"
RE_OPT_NUM = r"^(|-?\d+(\.\d+)?)$"

# KNOWN is filled from /tmp/dc/existing.json when present (the Go literals'
# dump), else from the catalogue files already written.
KNOWN = {}


def load_known():
    src = "/tmp/dc/existing.json"
    if os.path.exists(src):
        for o in json.load(open(src)):
            KNOWN[o["objectName"]] = o
        return
    for f in sorted(os.listdir(OUT)):
        if f.endswith(".json"):
            o = json.load(open(os.path.join(OUT, f)))
            KNOWN[o["objectName"]] = {"actions": {
                a: [{k: v for k, v in fl.items() if k != "label"} for fl in fs] for a, fs in o["actions"].items()}}


OBJECTS = [
    dict(objectName="accounts-and-contacts", objectType="Account", label="Accounts and Contacts",
         aliases=["account", "accounts", "accounts-and-contact"],
         pages={"Import": "import_accounts-and-contacts", "Update": "update_accounts-and-contact-update"},
         delete=True,
         labels={"accountname": "name", "accountnotes": "notes", "crmaccountid": "crmId",
                 "salesrepname": "salesRep", "parentid": "parentId", "autopay": "autoPay"},
         groups=[("BillToContact", "billToContact."), ("SoldToContact", "soldToContact."),
                 ("ShipToContact", "shipToContact.")],
         rules={"refs": {"parentId": "Account"}, "unique": ["accountNumber"],
                "autoNumber": {"field": "accountNumber", "format": "A%08d"},
                # best-practices-for-delete-jobs: the account stays, Canceled.
                "deleteSetsStatus": "Canceled",
                "deleteRefusedWhenReferencedBy": [
                    {"objectType": "Subscription", "fields": ["accountId", "invoiceOwnerAccountId"],
                     "reason": "The account is the subscription owner or invoice owner of subscription %s; an account that owns a subscription cannot be deleted"}]}),
    dict(objectName="contact", objectType="Contact", label="Contacts", aliases=["contacts"],
         pages={"Import": "import_contacts", "Update": "update_contact-update"}, delete=True,
         labels={"zipcode": "postalCode", "nickname": "nickname"},
         rules={"refs": {"accountId": "Account"}}),
    dict(objectName="product", objectType="Product", label="Product", aliases=["products"],
         pages={"Import": "import_product_product", "Update": "update_product_product-update"}, delete=True,
         rules={"unique": ["sku"]}),
    dict(objectName="product-rate-plan", objectType="ProductRatePlan", label="Product Rate Plan",
         aliases=["product-rate-plans", "productrateplan"],
         pages={"Import": "import_product_product-rate-plan", "Update": "update_product_product-rate-plan-update"},
         delete=True, rules={"refs": {"productId": "Product"}}),
    dict(objectName="product-rate-plan-charge", objectType="ProductRatePlanCharge",
         label="Product Rate Plan Charge", aliases=["product-rate-plan-charges", "productrateplancharge"],
         pages={"Import": "import_product_product-rate-plan-charge",
                "Update": "update_product_product-rate-plan-charge-update"}, delete=True,
         groups=[("Product Rate Plan Charge Tier Data Product Rate Plan Charge Tier", "productRatePlanChargeTierData.productRatePlanChargeTier[]."),
                 ("Tier Data Tier", "productRatePlanChargeTierData.productRatePlanChargeTier[]."),
                 ("Tier Data", "productRatePlanChargeTierData.productRatePlanChargeTier[].")],
         rules={"refs": {"productRatePlanId": "ProductRatePlan"}}),
    # The dictionary's tier page addresses a tier by its Id*: tiers are
    # created with their charge and changed on their own.
    dict(objectName="product-rate-plan-charge-tier", objectType="ProductRatePlanChargeTier",
         label="Product Rate Plan Charge tier", aliases=["productrateplanchargetier"],
         pages={"Update": "updates_update-product-rate-plan-charge-tier"}, delete=False, rules={}),
    dict(objectName="unit-of-measure", objectType="UnitOfMeasure", label="Unit of Measure",
         aliases=["unitofmeasure", "units-of-measure", "uom"],
         pages={"Import": "import_unit-of-measure"}, delete=True,
         labels={"uomname": "uomName"}, rules={"unique": ["uomName"]}),
    dict(objectName="accounting-code", objectType="accountingcode", label="Accounting code",
         aliases=["accounting-codes", "AccountingCode"],
         pages={"Import": "import_accounting-code", "Update": "update_accounting-code-update"}, delete=True,
         labels={"glaccountname": "glAccountName", "glaccountnumber": "glAccountNumber"},
         rules={"unique": ["name"],
                # best-practices-for-delete-jobs: inactive first.
                "importDefaults": {"status": "Active"},
                "deleteRequires": {"field": "status", "value": "Inactive",
                                   "reason": "Accounting code %s is %s; accounting codes must be in inactive status for deletion"}},
         extra={"Update": [{"path": "status", "label": "Status", "type": "string",
                            "regex": "^(|(Active|Inactive))$", "required": False,
                            "note": "Zuora's accounting code status; not on the update page, needed to inactivate a code before deleting it"}]}),
    dict(objectName="accounting-period", objectType="AccountingPeriod", label="Accounting period",
         aliases=["accounting-periods", "accountingperiod"],
         pages={"Import": "import_accounting-period"}, delete=True, rules={"unique": ["name"]}),
    dict(objectName="subscription", objectType="Subscription", label="Subscription", aliases=["subscriptions"],
         pages={"Import": "import_subscription"}, delete=False, cancel=True,
         groups=[("Rate Plan Charge Override", "subscribeToRatePlans[].chargeOverrides[]."),
                 ("Rate Plan", "subscribeToRatePlans[].")],
         labels={"accountid": "accountId"},
         rules={"refs": {"accountId": "Account"}, "unique": ["subscriptionNumber"],
                "autoNumber": {"field": "subscriptionNumber", "format": "A-S%08d"}}),
    dict(objectName="amendment", objectType="Amendment", label="Amendment", aliases=["amendments"],
         pages={}, delete=True, rules={"refs": {"subscriptionId": "Subscription"}}),
    dict(objectName="orders-create-subscription-on-existing-account",
         objectType="order-create-subscription-existing-account",
         label="Orders - create subscription on existing account", aliases=[],
         pages={"Import": "import_orders_orders-create-subscription-on-existing-account"}, delete=False,
         rules={"creates": "Subscription"}),
    dict(objectName="orders-create-subscription-with-new-account",
         objectType="order-create-subscription-with-new-account",
         label="Orders - create subscription with new account", aliases=[],
         pages={"Import": "import_orders_orders-create-subscription-with-new-account"}, delete=False,
         rules={"creates": "Subscription"}),
    dict(objectName="orders-create-subscription-on-an-existing-account-with-volume-charge",
         objectType="order-create-subscription-existing-account-with-volume-charge",
         label="Orders - create subscription on an existing account with volume charge", aliases=[],
         pages={"Import": "import_orders_orders-create-subscription-on-an-existing-account-with-volume-charge"},
         delete=False, rules={"creates": "Subscription"}),
    dict(objectName="usage", objectType="Usage", label="Usage", aliases=["usages"],
         pages={"Import": "import_usage", "Update": "update_usage-records-update"}, delete=True,
         labels={"unitsofmeasure": "unitOfMeasure", "unitofmeasure": "unitOfMeasure"},
         rules={"unique": ["uniqueKey"]}),
    dict(objectName="payments", objectType="Payment", label="Payments", aliases=["payment", "payments-simple"],
         pages={"Import": "import_payments", "Update": "update_payments_update-payments"}, delete=True,
         groups=[("Finance Information", "financeInformation."), ("Custom Rates", "customRates[]."),
                 ("Debit Memo Items", "debitMemos[].items[]."), ("Debit Memo", "debitMemos[]."),
                 ("Invoice Items", "invoices[].items[]."), ("Invoice", "invoices[]."),
                 ("Gateway Options", "gatewayOptions."), ("paymentOption Detail", "paymentOption[].detail."),
                 ("paymentOption", "paymentOption[].")],
         rules={"refs": {"accountId": "Account"}}),
]

# Orders templates nest everything under subscriptions and order actions.
ORDER_GROUPS = [
    ("Subscriptions Order Actions Create Subscription Subscribe To Rate Plans Charge Overrides", "subscriptions[].orderActions[].createSubscription.subscribeToRatePlans[].chargeOverrides[]."),
    ("Subscriptions Order Actions Create Subscription Subscribe To Rate Plans", "subscriptions[].orderActions[].createSubscription.subscribeToRatePlans[]."),
    ("Subscriptions Order Actions Create Subscription Terms Initial Terms", "subscriptions[].orderActions[].createSubscription.terms.initialTerm."),
    ("Subscriptions Order Actions Create Subscription Terms Renewal Terms", "subscriptions[].orderActions[].createSubscription.terms.renewalTerms[]."),
    ("Subscriptions Order Actions Create Subscription Terms", "subscriptions[].orderActions[].createSubscription.terms."),
    ("Subscriptions Order Actions Create Subscription", "subscriptions[].orderActions[].createSubscription."),
    ("Subscriptions Order Actions Trigger Dates", "subscriptions[].orderActions[].triggerDates[]."),
    ("Subscriptions Order Actions", "subscriptions[].orderActions[]."),
    ("Subscriptions", "subscriptions[]."),
    ("Scheduling Options", "schedulingOptions."),
    ("New Account Bill To Contact", "newAccount.billToContact."),
    ("New Account Sold To Contact", "newAccount.soldToContact."),
    ("New Account", "newAccount."),
]
for o in OBJECTS:
    if o["objectName"].startswith("orders-"):
        o["groups"] = ORDER_GROUPS
        o["labels"] = {"existingaccountnumber": "existingAccountNumber"}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def camel(words):
    out = []
    for i, w in enumerate(words):
        if not w:
            continue
        if i == 0 or not out:
            m = re.match(r"^([A-Z]+)([A-Z][a-z].*)$", w)  # GLAccountName -> gl + AccountName
            if m:
                out.append(m.group(1).lower() + m.group(2))
            elif w.isupper():
                out.append(w.lower())
            else:
                out.append(w[0].lower() + w[1:])
        else:
            out.append(w[0].upper() + w[1:])
    return "".join(out)


def table_rows(page):
    path = os.path.join(REF, PAGE % page)
    rows, header = [], None
    for line in open(path):
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set(cells[0]) <= set("- "):
            continue
        rows.append(dict(zip(header, cells)))
    return rows


def parse_label(row):
    label = row.get("field name") or row.get("name") or ""
    label = re.split(r"Note:", label)[0].strip().rstrip(";").strip()
    req_text = row.get("required to create") or row.get("required to update") or ""
    required = label.endswith("*") or req_text.lower().startswith("required")
    label = label.rstrip("*").strip()
    return label, required


def leaf_type(label, row):
    value = (row.get("value") or "").lower()
    desc = (row.get("description") or "").lower()
    if "boolean" in value or "true,false" in value.replace(" ", "") or "true/false" in value.replace(" ", ""):
        return "boolean"
    if "date" in value or "date" in label.lower().split()[-1:]:
        return "datetime" if "time" in value or "time" in label.lower() else "date"
    if re.match(r"^(number|decimal|integer|int|double)", value) or value.startswith("number"):
        return "number"
    return "string"


def max_len(row):
    text = (row.get("value") or "") + " " + (row.get("description") or "")
    m = re.search(r"<=\s*(\d+)", text) or re.search(r"\[\s*0\s*\.\.\s*(\d+)\s*\]", text) or \
        re.search(r"(?:up to|of|maximum of)\s+(\d+)\s+characters", text, re.I)
    return int(m.group(1)) if m else 0


def regex_for(kind, required, n):
    if kind == "boolean":
        return RE_BOOL
    if kind == "number":
        return RE_NUM if required else RE_OPT_NUM
    if kind == "date":
        return RE_DATE if required else RE_OPT_DATE
    if kind == "datetime":
        return RE_DATETIME if required else RE_OPT_DATETIME
    if required:
        return r"(^(?!\s*$).{1,%d})$" % n if n else r"(^(?!\s*$).+)$"
    return r"^.{0,%d}$" % n if n else ""


def path_for(obj, label, known_by_norm):
    n = norm(label)
    if n == "id":
        return "Id"
    if n in obj.get("labels", {}):
        return obj["labels"][n]
    if n in known_by_norm:
        return known_by_norm[n]
    suffix = ""
    words = re.split(r"[\s.\-]+", label)
    if words[-1] in ("NS", "QT"):
        suffix, words = "__" + words[-1], words[:-1]
    prefix = ""
    for group, target in sorted(obj.get("groups") or [], key=lambda g: -len(g[0])):
        gw = re.split(r"[\s.\-]+", group)
        if [w.lower() for w in words[:len(gw)]] == [w.lower() for w in gw] and len(words) > len(gw):
            prefix, words = target, words[len(gw):]
            break
    if not prefix and "." in label:  # BillToContact.FirstName
        head, _, _ = label.partition(".")
        prefix, words = camel([head]) + ".", re.split(r"[\s.\-]+", label.partition(".")[2])
    name = camel(words) + suffix
    cand = prefix + name
    return known_by_norm.get(norm(cand), cand)


def is_marker(label):
    return label.lower().startswith("isnew") or label.lower().startswith("is new")


def optionalize(regex):
    if not regex or re.fullmatch(regex.replace("(?!", "(?:").replace("\\s*$", "x"), "") is not None:
        return regex
    try:
        if re.search(regex.replace("(?!\\s*$)", ""), "") is not None:
            return regex
    except re.error:
        pass
    return "^(|(?:%s))$" % regex


def build_action(obj, action, page, known_fields, keep_unlisted=True):
    known_by_norm = {norm(f["path"].replace("[]", "")): f["path"] for f in known_fields}
    known = {f["path"]: f for f in known_fields}
    out, seen = [], set()
    for row in table_rows(page):
        label, required = parse_label(row)
        if not label or is_marker(label) or norm(label) == norm(obj["label"]):
            continue
        path = path_for(obj, label, known_by_norm)
        if path in seen:
            continue
        seen.add(path)
        if path == "Id":
            out.append({"path": "Id", "label": label, "type": "string", "regex": RE_ID, "required": True})
            continue
        if path in known:
            f = dict(known[path])
            if f.get("required") and not required:
                f["regex"] = optionalize(f.get("regex", ""))
            f["required"] = required
            f["label"] = label
            out.append(f)
            continue
        kind = leaf_type(label, row)
        typ = "boolean" if kind == "boolean" else "number" if kind == "number" else "string"
        out.append({"path": path, "label": label, "type": typ,
                    "regex": regex_for(kind, required, max_len(row)), "required": required})
    # Fields the emulator served before that the page does not list stay,
    # so files written for them keep loading; they carry no label.
    for f in known_fields if keep_unlisted else []:
        if f["path"] not in seen:
            g = dict(f)
            g["label"] = ""
            out.append(g)
            seen.add(f["path"])
    for f in obj.get("extra", {}).get(action, []):
        if f["path"] not in seen:
            out.append(f)
    order = {f["path"]: i for i, f in enumerate(known_fields)} if keep_unlisted else {}
    out.sort(key=lambda f: (0, order[f["path"]]) if f["path"] in order else (1, 0))
    if any(f["path"] == "Id" for f in out):
        out.sort(key=lambda f: f["path"] != "Id")
    for f in out:
        if not f.get("regex"):
            f.pop("regex", None)
    return out


def main():
    load_known()
    os.makedirs(OUT, exist_ok=True)
    for obj in OBJECTS:
        known = KNOWN.get(obj["objectName"], {"actions": {}})
        doc = {"objectName": obj["objectName"], "objectType": obj["objectType"], "label": obj["label"],
               "aliases": obj["aliases"], "dictionary": {}, "rules": obj["rules"], "actions": {}}
        imp_known = known["actions"].get("Import", [])
        for action in ("Import", "Update"):
            page = obj["pages"].get(action)
            base = known["actions"].get(action, [])
            keep = bool(base)  # an action the emulator served before keeps its fields
            if action == "Update" and not base and page:
                base = [dict(f, required=False) for f in imp_known]  # paths and types to match labels against
            if page:
                doc["dictionary"][action] = PAGE % page
                doc["actions"][action] = build_action(obj, action, page, base, keep)
            elif base:
                doc["actions"][action] = [dict(f, label="") for f in base]
        if obj.get("delete"):
            doc["actions"]["Delete"] = [{"path": "Id", "label": "Id", "type": "string", "regex": RE_ID, "required": True}]
        if obj.get("cancel"):
            doc["actions"]["Cancel"] = [dict(f, label="") for f in known["actions"]["Cancel"]]
        with open(os.path.join(OUT, obj["objectName"] + ".json"), "w") as fh:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        print(obj["objectName"], {a: len(v) for a, v in doc["actions"].items()}, file=sys.stderr)


if __name__ == "__main__":
    main()
