package client

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretKeys are names whose values are credentials wherever they appear:
// log field keys, JSON members, form fields and URL query parameters.
var secretKeys = []string{
	"authorization", "client_secret", "access_token", "refresh_token",
	"x-amz-security-token", "x-amz-signature", "x-amz-credential", "policy", "signature",
}

var (
	secretKeyAlternation = strings.Join(secretKeys, "|")
	// "access_token": "…" in JSON bodies.
	secretJSONMember = regexp.MustCompile(`(?i)"(` + secretKeyAlternation + `)"(\s*:\s*)"(?:[^"\\]|\\.)*"`)
	// access_token=… in form bodies and query strings.
	secretFormValue = regexp.MustCompile(`(?i)\b(` + secretKeyAlternation + `)=[^&\s"'\\]*`)
	bearerToken     = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+`)
)

const masked = "***"

// redact masks every credential pattern in s. Bodies are redacted before
// they are logged; tflog's own masking (maskSecrets) is the second layer.
func redact(s string) string {
	s = secretJSONMember.ReplaceAllString(s, `"$1"$2"`+masked+`"`)
	s = secretFormValue.ReplaceAllString(s, `$1=`+masked)
	return bearerToken.ReplaceAllString(s, "Bearer "+masked)
}

// redactURL drops the query (presigned URLs keep their credentials there)
// and any user info.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redact(MaskUserInfo(raw))
	}
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	return u.String()
}

// maskSecrets adds tflog masking for this call: the known credential
// field keys, the patterns redact knows, and the literal secrets of this
// client, so that a value which slips into a message or field is masked.
func (c *Client) maskSecrets(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretKeys...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretJSONMember, secretFormValue, bearerToken)
	ctx = tflog.MaskMessageRegexes(ctx, secretJSONMember, secretFormValue, bearerToken)
	if literals := c.secretLiterals(); len(literals) > 0 {
		ctx = tflog.MaskLogStrings(ctx, literals...)
	}
	return ctx
}

func (c *Client) secretLiterals() []string {
	var out []string
	for _, s := range []string{c.cfg.ClientSecret, c.cfg.AccessToken, c.auth.current()} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// scrub removes this client's literal secrets from text that goes into an
// error, in case a server echoes one back.
func (c *Client) scrub(s string) string {
	for _, secret := range c.secretLiterals() {
		s = strings.ReplaceAll(s, secret, masked)
	}
	return redact(s)
}

// leveledLogger routes go-retryablehttp's logging to tflog, as
// terraform-provider-http does.
type leveledLogger struct{ ctx context.Context }

// Error is logged as a warning: retryablehttp reports each failed attempt
// here, and the call's final outcome is reported by the caller.
func (l leveledLogger) Error(msg string, kv ...interface{}) { tflog.Warn(l.ctx, msg, fields(kv)) }
func (l leveledLogger) Info(msg string, kv ...interface{})  { tflog.Info(l.ctx, msg, fields(kv)) }
func (l leveledLogger) Debug(msg string, kv ...interface{}) { tflog.Debug(l.ctx, msg, fields(kv)) }
func (l leveledLogger) Warn(msg string, kv ...interface{})  { tflog.Warn(l.ctx, msg, fields(kv)) }

// fields turns key/value pairs into tflog fields. Values are stringified
// and redacted: retryablehttp logs whole URLs and errors, which for a
// presigned URL include its signature.
func fields(kv []interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		key := fmt.Sprint(kv[i])
		value := fmt.Sprint(kv[i+1])
		if key == "url" {
			value = redactURL(value)
		}
		out[key] = redact(value)
	}
	return out
}

// maxTraceBody is how much of a body a TRACE line shows: enough for any
// answer worth reading in a log, and a log line that stays a line.
const maxTraceBody = 64 << 10

// traceRedactMargin is how far past the cut redaction looks: longer than
// any token or signature.
const traceRedactMargin = 8 << 10

// traceBody is a body as TRACE logs it: redacted, and cut to maxTraceBody
// with the full size noted. Redaction runs over a little more than what is
// kept, so that a credential straddling the cut is masked whole rather than
// left as an unmatched fragment.
func traceBody(b []byte) string {
	if len(b) <= maxTraceBody {
		return redact(string(b))
	}
	window := redact(string(b[:min(len(b), maxTraceBody+traceRedactMargin)]))
	cut := min(len(window), maxTraceBody)
	for cut > 0 && !utf8.RuneStart(window[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes in all; TRACE shows the first %d)", window[:cut], len(b), cut)
}
