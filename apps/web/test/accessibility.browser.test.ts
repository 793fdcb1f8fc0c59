import { AxeBuilder } from '@axe-core/playwright'
import { graphql } from '@xmargin/api/graphql'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { gql } from './support/graphql.js'
import { closePage, desktop, openPage, phone } from './support/pages.js'
import { type DevServer, startDevServer } from './support/start-dev.js'

let dev: DevServer
let browser: Browser
const wallet = (name: string) => dev.manifest.wallets.find((w) => w.name === name)!.address

beforeAll(async () => {
  ;[dev, browser] = await Promise.all([startDevServer(), launchChromium()])
  const createAccount = graphql(`
    mutation CreateA11yDesk($id: String!, $wallets: [Address!]!) { createAccount(id: $id, wallets: $wallets) { id } }
  `)
  await gql(
    dev.graphql,
    createAccount,
    { id: 'desk', wallets: [wallet('cross-chain'), wallet('stablecoin-only')] },
    { authorization: `Bearer ${dev.adminKey}` },
  )
})
afterAll(async () => {
  await browser?.close()
  await dev?.stop()
})

/**
 * A page fully drawn: the live report, its curve and heat map (wallet, account) or the solvency
 * table and a cascade run (ETH −25%) with its charts and rounds (protocols).
 */
async function drawn(page: Page) {
  await page.locator('[data-live="live"] , [data-solvency]').first().waitFor()
  if ((await page.locator('[data-live="live"]').count()) > 0) {
    await page.locator('[data-curve] canvas').first().waitFor()
    await page.locator('[data-heatmap] td[data-status]').first().waitFor()
  } else {
    await page.getByRole('button', { name: 'Run cascade' }).click()
    await page.locator('[data-cascade-rounds], [data-cascade-panel] [role="alert"]').first().waitFor()
    await page.locator('[data-cascade-chart="prices"] canvas').waitFor()
  }
}

/** axe-core's WCAG 2.1 A/AA rules on the page: the serious and critical violations, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`${selector} not reached with Tab in ${max} presses`)
}

/** The focused element draws a visible focus ring (the stylesheet's :focus-visible outline). */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!)
    return style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0
  })

describe('the dashboard is accessible (axe-core, keyboard)', () => {
  const pages = () => [
    ['wallet', `/#/wallet/${wallet('cross-chain')}`],
    ['account', '/#/account/desk'],
    ['protocols', `/#/protocols?wallets=${dev.manifest.wallets.map((w) => w.address).join(',')}`],
  ]
  for (const [label, viewport] of [
    ['1280×800', desktop],
    ['390 px', phone],
  ] as const)
    it(`has no serious or critical axe violations on the wallet, account and protocols pages (cascade panel run) at ${label}`, async () => {
      const found: Record<string, string[]> = {}
      for (const [name, path] of pages()) {
        const page = await openPage(browser, dev.origin, path!, viewport)
        await drawn(page)
        expect(await page.getByRole('alert').allTextContents(), name).toEqual([])
        found[name!] = await seriousViolations(page)
        await closePage(page)
      }
      expect(found).toEqual({ wallet: [], account: [], protocols: [] })
    })

  it('runs the wallet page from the keyboard: skip link, factor, what-if removal and preview, with a focus ring', async () => {
    const address = wallet('cross-chain')
    const page = await openPage(browser, dev.origin, `/#/wallet/${address}`)
    await drawn(page)
    // The first Tab reaches the skip link; Enter moves the focus to the content.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    expect(await focusRing(page)).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    // Still the wallet page (the link did not route to `#main`).
    expect(await page.locator('[data-live="live"]').count()).toBe(1)
    // The factor select, then the first position to remove (Space ticks it), then Preview (Enter).
    await tabTo(page, '#factor')
    expect(await focusRing(page)).toBe(true)
    await tabTo(page, 'input[name="remove"]')
    await page.keyboard.press('Space')
    expect(await page.locator('input[name="remove"]').first().isChecked()).toBe(true)
    await tabTo(page, 'button[type="submit"]')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Preview')
    await page.keyboard.press('Enter')
    await page.locator('[data-what-if="result"], .what-if-output .error').first().waitFor()
    expect(await page.locator('.what-if-output .error').allTextContents()).toEqual([])
    await closePage(page)
  })

  it('runs the protocols page from the keyboard: the verdict filter, then a wallet link opens its page', async () => {
    const addresses = dev.manifest.wallets.map((w) => w.address)
    const page = await openPage(browser, dev.origin, `/#/protocols?wallets=${addresses.join(',')}`)
    await drawn(page)
    const verdicts = () => page.locator('tr[data-wallet] td:nth-child(3)').allTextContents()
    const all = await verdicts()
    await tabTo(page, '#verdict-filter')
    expect(await focusRing(page)).toBe(true)
    // A closed select changes with the arrow keys: the next option is the first verdict.
    await page.keyboard.press('ArrowDown')
    const chosen = await page.locator('#verdict-filter').inputValue()
    expect(chosen).not.toBe('ALL')
    expect(await verdicts()).toEqual(all.filter((verdict) => verdict === chosen))
    await page.keyboard.press('ArrowUp')
    expect(await verdicts()).toEqual(all)
    await tabTo(page, 'tr[data-wallet] a')
    const target = await page.evaluate(() => document.activeElement?.textContent)
    await page.keyboard.press('Enter')
    await page.locator('[data-live="live"]').waitFor()
    expect(await page.locator('h1 code').textContent()).toBe(target)
    await closePage(page)
  })
  it('runs a cascade from the keyboard: shock, scope, Run, then the rounds table scrolls with the focus', async () => {
    const addresses = dev.manifest.wallets.map((w) => w.address)
    const page = await openPage(browser, dev.origin, `/#/protocols?wallets=${addresses.join(',')}`, phone)
    await page.locator('[data-solvency]').waitFor()
    await tabTo(page, '#cascade-shock')
    expect(await focusRing(page)).toBe(true)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('ETH=-25%')
    // The scope: the next option is the wallets listed on the page.
    await tabTo(page, '#cascade-scope')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#cascade-scope').inputValue()).toBe('listed')
    await tabTo(page, '[data-cascade-panel] button[type="submit"]')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run cascade')
    await page.keyboard.press('Enter')
    await page.locator('[data-cascade-rounds], [data-cascade-panel] [role="alert"]').first().waitFor()
    expect(await page.locator('[data-cascade-panel] [role="alert"]').allTextContents()).toEqual([])
    expect(await page.getByRole('status').textContent()).toMatch(
      new RegExp(`over ${addresses.length} wallets`),
    )
    // On a phone the rounds table is wider than the screen: its box takes the focus and scrolls with the arrows.
    await tabTo(page, '[role="region"][aria-label="Cascade rounds"]')
    expect(await focusRing(page)).toBe(true)
    const box = page.locator('[role="region"][aria-label="Cascade rounds"]')
    expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(
      () => document.querySelector('[role="region"][aria-label="Cascade rounds"]')!.scrollLeft > 0,
    )
    await closePage(page)
  })
})
