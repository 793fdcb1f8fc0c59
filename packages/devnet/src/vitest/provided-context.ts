import type { DevnetManifest } from '../manifest.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The manifest of the devnet the global setup started (free ports). */
    devnetManifest: DevnetManifest
  }
}
