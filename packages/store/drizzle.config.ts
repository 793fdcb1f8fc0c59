import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/dialect/sqlite/schema.ts',
  out: './drizzle',
})
