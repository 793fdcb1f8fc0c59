import { fileURLToPath } from 'node:url'

/**
 * The dashboard's build output (`vite build` writes it; `pnpm build` and `bash scripts/run.sh` run it):
 * the directory the API serves at `/` (`createApiServer({ dashboardDir })`).
 *
 * @example
 * createApiServer({ store, chains, dashboardDir: webAssetsDir })
 */
export const webAssetsDir: string = fileURLToPath(new URL('../dist/', import.meta.url))
