import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium, which `bash scripts/run.sh test` installs (Playwright's own download does not work here). */
export const chromiumPath = process.env.XMARGIN_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Launches headless Chromium from the distribution's package with the flags this machine needs
 * (no sandbox as root, no background networking: the network is closed).
 *
 * @example
 * const browser = await launchChromium()
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `No Chromium at ${chromiumPath}: \`bash scripts/run.sh test\` installs Debian's chromium (or set XMARGIN_CHROMIUM).`,
    )
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
