// Package provider is the Terraform half of the Zuora provider: schemas,
// plans, state and diagnostics. Zuora's API is in internal/client, the
// duplicate guard's rule in internal/loadguard, row checks in
// internal/rowcheck; this package turns them into Terraform behaviour.
//
// Where things are. The zuora_bulk_job resource has one file (or a group
// with one prefix) per verb or concern, and no method outside them:
//
//	bulk_job_resource.go        the type, Configure, validators
//	bulk_job_schema.go          Schema (descriptions live here)
//	bulk_job_model.go           the state model and how a summary fills it
//	bulk_job_plan.go            ModifyPlan; bulk_job_plan_replace.go: what forces a new job;
//	                            _rows: what the plan says it loads; _reload: an edited file's rows; _gone: a deleted file
//	bulk_job_source_*.go        the source checks: check (rows, PCI), facts (hash, cache), file (open, size)
//	bulk_job_create.go          Create; bulk_job_create_upload.go: the hashing upload;
//	                            bulk_job_create_claim.go: the claim among racing runs and the submission's diagnostics
//	bulk_job_wait.go            waiting and judging the outcome; bulk_job_wait_error_rows.go: the failed-row excerpt
//	bulk_job_read.go            Read and the renewal of expiring result links
//	bulk_job_update.go          Update and resuming an unfinished wait
//	bulk_job_delete.go          Delete, on_destroy and its plan checks; bulk_job_delete_teardown.go: the teardown job; _rows.go: its ids;
//	                            _report.go: what it says; _claims.go: one teardown per job per run, never of a job
//	                            another resource holds; _planned.go: the plan-time warning of the same; _undone.go: refresh of a job whose records a teardown deleted
//	bulk_job_import.go          ImportState and hashing an imported job's file
//	bulk_job_guard.go           the duplicate guard's Terraform half (plan warnings, refusals, adoption)
//	bulk_job_content_wo.go      the write-only content argument; bulk_job_content_wo_mask.go: its values masked in Zuora's reasons
//	bulk_job_mappings.go        mappings (create-job's, typed from the metadata) and the mapped-header check
//	bulk_job_delimiter.go       the delimiter argument: a documented name or its character
//
// The zuora_bulk_dataset resource, the same way (bulk_dataset_resource.go
// lists its files): schema, model (state and its private hashes), plan
// (the row diff), rows, csv and scan (reading and hashing the file), diff
// (and the generated job files), apply and jobs (one job per action),
// results, read (Read, Delete, ImportState), claims (no destroy deletes
// what another dataset holds in the same apply), ids_server and
// ids_msgpack (the provider's server keeps the ids out of the framework's
// value conversion; NewServer is what main.go serves). csv_arguments.go
// holds file_type, delimiter and mappings for both resources. job_runner.go runs a job whose file
// the provider generates, exactly once; the job resource should move onto
// it. job_shared.go holds what both resources do with a job: the job
// slots, the submission that waits for one of Zuora's five, cancelling an
// unsubmitted job, and the id field Delete jobs take.
//
// Shared by every resource and data source:
//
//	provider.go, provider_settings.go, provider_data.go  configuration and what Configure hands out
//	registry.go                 the list of resources and data sources
//	diagnostics.go              building, demoting and annotating diagnostics
//	private_state.go            every private-state key
//	object_resolve.go           object_type/object_name lookup with did-you-mean (rowcheck.Suggest)
//	environments.go, user_agent.go
//
// Data sources: one file each, named after the data source
// (bulk_objects_, bulk_object_fields_, bulk_job_, bulk_jobs_,
// bulk_job_results_data_source.go). Provider functions are in the
// functions subpackage.
//
// Tests follow their source file (bulk_job_create.go → bulk_job_create_test.go);
// the helpers they share (emulators, clients, seeded jobs, configurations)
// are defined once, in helpers_test.go.
package provider
