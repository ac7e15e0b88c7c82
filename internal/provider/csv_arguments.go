package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// The file arguments zuora_bulk_job and zuora_bulk_dataset share: one
// wording and one validation for both.

// fileTypeAttribute is file_type; computed where state keeps the default
// (zuora_bulk_job), else the default is taken where it is read
// (defaultFileType).
func fileTypeAttribute(computed bool) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: computed,
		MarkdownDescription: "`jsonl` or `csv`. Defaults from `source`'s extension (`.csv` is CSV, anything else JSON lines); " +
			"`content` defaults to `jsonl`.",
		Validators: []validator.String{stringvalidator.OneOf("jsonl", "csv")},
	}
}

func delimiterAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "CSV only: the field delimiter, " + codeList(client.DelimiterNames()) +
			" (any case) or the character itself. Default: comma.",
		Validators: []validator.String{delimiterValidator{}},
	}
}

// mappingsAttribute is mappings; sources says what a mapping renames
// ("Column (CSV) or top-level key (JSON lines)").
func mappingsAttribute(sources string) schema.MapAttribute {
	return schema.MapAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: sources + " → the field path it fills, for files whose columns " +
			"are not field paths. Sent as create-job's `mappings`, typed `array` where the metadata says so. Plan checks the " +
			"file through it; an unmapped CSV column that is no field fails the plan.",
		Validators: []validator.Map{mapvalidator.SizeAtLeast(1), mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1)),
			mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
	}
}
