# Build the dataset from the Import jobs that already loaded its rows:
# nothing is loaded again.
import {
  to = zuora_bulk_dataset.accounts
  id = "dd447e38-6d9e-418d-9e61-6b553479727a,0b5c3e0e-51a5-4d7e-9b6a-2a8f3c1d9e77"
}
