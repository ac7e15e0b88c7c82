package provider

import (
	"golang.org/x/sync/semaphore"

	"github.com/zuora-tf/terraform-provider-zuora/internal/client"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *client.Client

	// jobSlots caps submitted-but-unfinished jobs across all resources in
	// this provider process (max_concurrent_jobs): Zuora runs at most five
	// per tenant and queues or refuses the rest.
	jobSlots *semaphore.Weighted
}
