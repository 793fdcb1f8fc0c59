import fc from 'fast-check'

// A failing property reports its first counterexample at once instead of shrinking it: shrinking
// a large random book can run for hours, and a synchronous loop cannot be stopped by vitest's
// timeout (a CI run hung 12 minutes in compute-margin.health.test.ts that way). The counterexample
// and seed are printed either way; shrink locally with `endOnFailure: false` when debugging.
fc.configureGlobal({ endOnFailure: true })
