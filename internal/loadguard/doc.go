// Package loadguard is the duplicate guard: it finds an earlier load of a
// file in the tenant before a new bulk job loads it again.
//
// The rule. Two loads are the same when they put the same rows into the
// same object (any of its spellings) with the same job type. The rows are
// compared by their canonical identity (rowcheck.HashRows: line endings,
// blank lines and the final newline ignored) on both sides, the local file
// and Zuora's copy, so a CRLF checkout or a trailing blank line is the
// same load; the raw bytes' SHA-256 decides only where the row identity is
// unknown. Within the window (the provider's duplicate_check_days), Find
// looks at the tenant's jobs:
//
//   - Only a positive mismatch of object or job type rules a job out. The
//     list's entries may carry neither (getBulkJobSummaries' sample has
//     only id, name, status, counts and times): such an entry is completed
//     from the job's own summary, at most once per job per run and only
//     when it passes the filters below; if it still cannot tell, the hash
//     decides.
//   - Cancelled jobs never loaded anything and are skipped.
//   - A job still Created was never submitted and holds no data. One that
//     carries this file's marker (MarkedName) and is younger than an
//     upload can take (InFlightWindow) belongs to a run in flight: it is
//     Running, and the caller waits for it. An older one is an Orphan,
//     which the caller cancels only when IsOrphan shows this provider's
//     user made it. One with the resource's name and no marker may be a
//     person's: Unsubmitted, left alone.
//   - A job whose row count cannot be this file's (Rows, plus one for a
//     CSV header Zuora may count) holds another file.
//   - A running job cannot show its file yet: it is Running, and the caller
//     waits for it, unless this run created it and knows its hash.
//   - A Failed or Aborted job that loaded no rows has nothing to protect.
//   - Any other finished job is confirmed by hashing the file Zuora holds
//     for it (once per run; a file far larger than this one is not read to
//     its end). The same hash is the Match. A job that loaded rows and whose
//     file Zuora does not provide is Unconfirmed: it may hold this file
//     and nothing can tell. For a Completed job that is an anomaly: Zuora
//     keeps uploaded files 12 months, longer than any window.
//   - An Import whose records a Completed teardown (a Delete job named by
//     TeardownName, for the same object, with no failed rows) deleted is
//     undone: loading its file again is no duplicate.
//
// Candidates are tried with the resource's name first, then newest first,
// so the likeliest match is hashed first.
//
// What it cannot see: jobs older than the window, or created before the
// listing when Find is not asked for a fresh one; a file Zuora no longer
// provides (its links expire, or the job stopped); the same rows in other
// order, encoding or file type; loads made outside bulk jobs. Another
// process creating the same job between Find and the caller's create is
// settled by Claim (claim.go): Lock only serialises loads within this run.
//
// The package has no Terraform types: it talks to Zuora through the small
// Zuora interface, which *client.Client satisfies, and the provider turns
// a Finding into plan warnings, refusals and adoption into state.
package loadguard
