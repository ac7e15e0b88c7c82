package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// The default max_file_bytes is Data Loader's documented limit, and the
// plan error over it says so; another limit is the user's and is not
// attributed to Zuora.
func TestTooLargeCitesZuorasLimitAtTheDefault(t *testing.T) {
	at := sourceCheck{SourcePath: "big.jsonl", Attr: path.Root("source"), MaxFileBytes: defaultMaxFileBytes}
	d := at.tooLargeDiagnostic(client.MaxFileBytes+1, true)
	if len(d) != 1 || !strings.Contains(d[0].Detail(), `"Files larger than 300 MB are not accepted"`) ||
		!strings.Contains(d[0].Detail(), "300,000,000 bytes") {
		t.Errorf("at the default limit: %v", d)
	}
	own := sourceCheck{SourcePath: "big.jsonl", Attr: path.Root("source"), MaxFileBytes: 10}
	if d := own.tooLargeDiagnostic(11, true); len(d) != 1 || strings.Contains(d[0].Detail(), "300 MB") {
		t.Errorf("at a limit of 10 bytes: %v", d)
	}
}
