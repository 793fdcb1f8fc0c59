import { defineConfig } from 'drizzle-kit'

/** PostgreSQL migrations (`drizzle.config.ts` has SQLite's); `pnpm generate` writes both. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/dialect/postgres/schema.ts',
  out: './drizzle-postgres',
})
