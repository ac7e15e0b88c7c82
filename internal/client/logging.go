package client

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

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
		return redact(raw)
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
