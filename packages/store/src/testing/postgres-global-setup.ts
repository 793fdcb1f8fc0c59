import type { TestProject } from 'vitest/node'
import { startPostgresServer } from './postgres-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the run's embedded PostgreSQL server. */
    postgresAdminUrl: string
  }
}

/**
 * vitest global setup: ONE embedded PostgreSQL server for the whole run (tests create a database each),
 * stopped and removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer()
  process.stderr.write(
    `embedded PostgreSQL: initdb ${server.startupMs.initdb} ms, start ${server.startupMs.start} ms\n`,
  )
  project.provide('postgresAdminUrl', server.adminUrl)
  return () => server.stop()
}
