package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/zuora-tf/terraform-provider-zuora/internal/provider"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// provider.NewServer is the framework's server with the dataset's ids
	// kept out of its value conversion (internal/provider/bulk_dataset_ids_server.go).
	err := tf6server.Serve("registry.terraform.io/zuora-tf/zuora", provider.NewServer(provider.New(version)()), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
