# A dataset is imported from the completed Import jobs that loaded its rows,
# comma-separated. The next plan reads their success rows, keyed by the
# configuration's key_field, and proposes only the rows that differ.
terraform import zuora_bulk_dataset.accounts dd447e38-6d9e-418d-9e61-6b553479727a,0b5c3e0e-51a5-4d7e-9b6a-2a8f3c1d9e77
