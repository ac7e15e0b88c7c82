// Command zuora-emulator serves the Zuora emulator on a local port for the
// demo and for trying the provider by hand. The first line of stdout is
// the base URL it serves, e.g. http://127.0.0.1:38123.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zuora-tf/terraform-provider-zuora/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zuora-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down cleanly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zuora-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	clientID := fs.String("client-id", emulator.DefaultClientID, "OAuth client id to accept")
	clientSecret := fs.String("client-secret", emulator.DefaultClientSecret, "OAuth client secret to accept")
	stepDelay := fs.Duration("step-delay", emulator.DefaultStepDelay, "pace of job processing")
	rowsPerStep := fs.Int("rows-per-step", emulator.DefaultRowsPerStep, "rows processed per step")
	tokenLifetime := fs.Duration("token-lifetime", emulator.DefaultTokenLifetime, "OAuth token lifetime")
	epoch := fs.Bool("epoch-timestamps", false, "answer summary timestamps as epoch milliseconds instead of ISO-8601")
	objectName := fs.Bool("summary-object-name", false, "answer the summary's objectType as the objectName, as the guide's sample does")
	profile := fs.String("profile", emulator.ProfileDefault, "answer as today's emulator (default) or as Zuora's published reference documents (reference): 404 empty lists, lean list entries, 409 replays, uploadFileInfo, 300 MB, five submitted jobs, rate limits")
	occupied := fs.Int("occupied-slots", 0, "jobs of another user held In Progress from the start, as people and other workspaces hold Data Loader's five slots")
	rateLimit := fs.Int("rate-limit", 0, "API calls allowed per -rate-limit-window (0: the profile's default, 2500 for reference; negative: none)")
	rateWindow := fs.Duration("rate-limit-window", 0, "the rate limit's window (default 1m)")
	urlFile := fs.String("url-file", "", "also write the base URL to this file")
	quiet := fs.Bool("quiet", false, "do not log requests")
	catalogueFile := fs.String("catalogue", "", "JSON `file` of the tenant's own objects and field metadata, as saved from zuora_bulk_object_fields (see docs/guides/ci-and-hcp-terraform.md)")
	faultsFile := fs.String("faults", "", "JSON `file`: a list of faults to inject, in the shape of emulator.Fault (see docs/guides/ci-and-hcp-terraform.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := emulator.CheckProfile(*profile); err != nil {
		return err
	}
	objects, err := loadCatalogue(*catalogueFile)
	if err != nil {
		return err
	}
	faults, err := loadFaults(*faultsFile)
	if err != nil {
		return err
	}

	emu := emulator.New(emulator.Options{
		ClientID: *clientID, ClientSecret: *clientSecret,
		StepDelay: *stepDelay, RowsPerStep: *rowsPerStep, TokenLifetime: *tokenLifetime,
		EpochTimestamps: *epoch, SummaryObjectName: *objectName,
		Objects: objects, Profile: *profile, OccupiedSlots: *occupied,
		RateLimit: *rateLimit, RateLimitWindow: *rateWindow,
	})
	defer emu.Close()
	for _, f := range faults {
		emu.InjectFault(f)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if *urlFile != "" {
		if err := writeAtomically(*urlFile, url+"\n"); err != nil {
			ln.Close()
			return err
		}
	}
	if _, err := fmt.Fprintln(stdout, url); err != nil {
		ln.Close()
		return err
	}

	var handler http.Handler = emu
	logger := log.New(stderr, "zuora-emulator: ", log.LstdFlags)
	if !*quiet {
		handler = logRequests(logger, emu)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Printf("serving %s (profile %s, %d objects of its own, %d faults queued)", url, orDefault(*profile), len(objects), len(faults))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Printf("stopped")
	return nil
}

// writeAtomically renames a finished file into place, so a script polling
// for the URL file never reads half of it.
func writeAtomically(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// logRequests logs method, path, status and duration. Only the path: the
// query of a download link carries credentials.
func logRequests(logger *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		logger.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, time.Since(start).Round(time.Millisecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func orDefault(profile string) string {
	if profile == "" {
		return emulator.ProfileDefault
	}
	return profile
}
