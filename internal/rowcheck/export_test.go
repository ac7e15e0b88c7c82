package rowcheck

// AccountRows lets the external tests scan the benchmark's accounts file.
var AccountRows = accountRows

const DistinctRows = distinctRows
