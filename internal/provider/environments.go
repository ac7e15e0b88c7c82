package provider

import (
	"net"
	"strings"
)

// zuoraEnvironment is one Zuora data center and the REST base URL it
// answers on (the servers list of Zuora's OpenAPI description).
type zuoraEnvironment struct {
	Name    string
	BaseURL string
	Label   string
}

// zuoraEnvironments is the only table of data centers: the schema's
// validation, its documentation and the error messages all read it.
var zuoraEnvironments = []zuoraEnvironment{
	{"us-cloud1-production", "https://rest.na.zuora.com", "US Cloud 1 Production"},
	{"us-cloud2-production", "https://rest.zuora.com", "US Cloud 2 Production"},
	{"us-cloud1-api-sandbox", "https://rest.sandbox.na.zuora.com", "US Cloud 1 API Sandbox"},
	{"us-cloud2-api-sandbox", "https://rest.apisandbox.zuora.com", "US Cloud 2 API Sandbox"},
	{"us-central-sandbox", "https://rest.test.zuora.com", "US Developer & Central Sandbox"},
	{"eu-production", "https://rest.eu.zuora.com", "EU Production"},
	{"eu-api-sandbox", "https://rest.sandbox.eu.zuora.com", "EU API Sandbox"},
	{"eu-central-sandbox", "https://rest.test.eu.zuora.com", "EU Central Sandbox"},
	{"apac-production", "https://rest.ap.zuora.com", "APAC Production"},
	{"apac-central-sandbox", "https://rest.test.ap.zuora.com", "APAC Central Sandbox"},
}

// lookupEnvironment finds a data center by name, ignoring case and
// surrounding space.
func lookupEnvironment(name string) (zuoraEnvironment, bool) {
	name = strings.TrimSpace(name)
	for _, env := range zuoraEnvironments {
		if strings.EqualFold(env.Name, name) {
			return env, true
		}
	}
	return zuoraEnvironment{}, false
}

func environmentNames() []string {
	names := make([]string, len(zuoraEnvironments))
	for i, env := range zuoraEnvironments {
		names[i] = env.Name
	}
	return names
}

// environmentsMarkdown renders the table for the provider documentation.
// Rows are indented two spaces so the table stays inside the attribute's
// list item in the generated docs.
func environmentsMarkdown() string {
	var b strings.Builder
	b.WriteString("  | `environment` | Zuora data center | REST base URL |\n")
	b.WriteString("  | --- | --- | --- |\n")
	for _, env := range zuoraEnvironments {
		b.WriteString("  | `" + env.Name + "` | " + env.Label + " | `" + env.BaseURL + "` |\n")
	}
	return b.String()
}

// isLoopbackHost reports whether host (as url.URL.Hostname returns it)
// never leaves the machine, which is the only place plain http is safe
// for credentials: the local emulator, or a tunnel.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
