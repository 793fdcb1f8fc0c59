#!/usr/bin/env node
// The `xmargin-indexer` executable: registers tsx (TypeScript sources run as-is) and starts the daemon.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
