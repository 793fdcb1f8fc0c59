#!/usr/bin/env node
// `pnpm devnet`, `pnpm shock`, `pnpm stale`: registers tsx in this process (TypeScript sources run
// as-is) and starts the devnet's CLI; one Node process, not pnpm → tsx → node.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
