import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Uncaught errors of each open page: a test fails on any (checked when it closes the page). */
const pageErrors = new WeakMap<Page, string[]>()

/** The desktop viewport the issue names (1280×800). */
export const desktop = { width: 1280, height: 800 }
/** A phone-sized viewport (390 px wide). */
export const phone = { width: 390, height: 844 }

/**
 * Opens `path` (e.g. `/#/wallet/0x…`) of the dashboard at `origin` in a new page, recording its
 * uncaught errors for {@link closePage}.
 *
 * @example
 * const page = await openPage(browser, dev.origin, `/#/wallet/${address}`)
 */
export async function openPage(
  browser: Browser,
  origin: string,
  path: string,
  viewport: { width: number; height: number } = desktop,
): Promise<Page> {
  // Its own context (axe-core's AxeBuilder refuses pages of browser.newPage's implicit one).
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  const errors: string[] = []
  pageErrors.set(page, errors)
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(new URL(path, origin).href)
  return page
}

/**
 * Closes a page opened by {@link openPage} (and its context) and fails the test if it threw an uncaught error.
 *
 * @example
 * await closePage(page)
 */
export async function closePage(page: Page): Promise<void> {
  await page.context().close()
  expect(pageErrors.get(page), 'uncaught errors in the page').toEqual([])
}
