#!/usr/bin/env node
// The `xmargin` executable: registers tsx (TypeScript sources run as-is) and starts the CLI.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
