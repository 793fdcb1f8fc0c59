import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cascadeQueryDocument } from '@xmargin/api/report-document'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chainsDocument } from '../src/api/documents.js'
import { sumDecimals } from '../src/decimal.js'
import { formatUsd } from '../src/format.js'
import { cascadeColors } from '../src/views/cascade-chart.js'
import { venueName } from '../src/views/cascade-rounds.js'
import { launchChromium } from './support/chromium.js'
import { gql } from './support/graphql.js'
import { closePage, openPage as openPageAt, phone } from './support/pages.js'
import { type DevServer, startDevServer } from './support/start-dev.js'

/** Screenshots go to XMARGIN_SCREENSHOTS or a fresh temporary directory (never into the repository). */
const screenshots = process.env.XMARGIN_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'xmargin-web-screenshots-'))
mkdirSync(screenshots, { recursive: true })

let dev: DevServer
let browser: Browser

beforeAll(async () => {
  // The devnet's 36 cascade wallets around the liquidation line: ETH −25% liquidates in several rounds.
  ;[dev, browser] = await Promise.all([startDevServer({ args: ['--cascade-wallets'] }), launchChromium()])
  console.log(`cascade screenshots: ${screenshots}`)
})
afterAll(async () => {
  await browser?.close()
  await dev?.stop()
})

/** Types a shock into the protocols page's cascade panel, runs it, and waits for the rounds or an error. */
async function runCascade(page: Page, shock: string) {
  await page.locator('#cascade-shock').fill(shock)
  await page.getByRole('button', { name: 'Run cascade' }).click()
  await page.locator('[data-cascade-rounds], [data-cascade-panel] [role="alert"]').first().waitFor()
}

/** The rounds table as shown: each round's figures from its cells' data-value attributes. */
const shownRounds = (page: Page) =>
  page.locator('tr[data-round]').evaluateAll((rows) =>
    rows.map((r) => {
      const value = (selector: string) => r.querySelector(selector)?.getAttribute('data-value')
      return {
        round: Number(r.getAttribute('data-round')),
        multiplier: value('[data-move="ETH"]'),
        price: value('td[data-price]'),
        liquidations: Number(value('[data-liquidations]')),
        venues: [...r.querySelectorAll('[data-liquidations] li')].map((li) => li.textContent),
        walletsHit: Number(value('[data-wallets-hit]')),
        seized: value('[data-seized]'),
        repaid: value('[data-repaid]'),
        badDebt: value('[data-bad-debt]'),
        seizedText: r.querySelector('[data-seized]')?.textContent,
      }
    }),
  )

/** Pixels of a colour (±24 per channel) on a canvas: a drawn chart, not a blank one. */
const pixelsOf = (page: Page, selector: string, hex: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((canvas: HTMLCanvasElement, color) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16))
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
      let count = 0
      for (let i = 0; i < data.length; i += 4)
        if (
          Math.abs(data[i]! - r!) < 24 &&
          Math.abs(data[i + 1]! - g!) < 24 &&
          Math.abs(data[i + 2]! - b!) < 24
        )
          count++
      return count
    }, hex)

describe('the cascade panel of the protocols page, in Chromium against xmargin dev --cascade-wallets', () => {
  it("shows ETH −25% round by round exactly as the API's cascade answers it, charted", async () => {
    const page = await openPageAt(browser, dev.origin, '/#/protocols')
    await runCascade(page, 'ETH=-25%')
    expect(await page.locator('[data-cascade-panel] [role="alert"]').allTextContents()).toEqual([])
    const { cascade } = await gql(dev.graphql, cascadeQueryDocument, {
      all: true,
      shocks: [{ factor: 'ETH', spot: '-0.25' }],
    })
    // A multi-round cascade over the tracked wallets (the demo wallets and the 36 cascade wallets).
    expect(cascade.rounds.length).toBeGreaterThan(1)
    expect(cascade.end.liquidations).toBeGreaterThan(0)
    const market = cascade.markets.find((m) => m.factor === 'ETH')!
    const shown = await shownRounds(page)
    const { chains } = await gql(dev.graphql, chainsDocument, {})
    const names = new Map(chains.map((c) => [c.chainId, c.name]))
    expect(shown).toEqual(
      cascade.rounds.map((r) => {
        const seized = sumDecimals(r.byVenue.map((v) => v.collateralSeizedValue))
        return {
          round: r.round,
          multiplier: r.multipliers.find((m) => m.factor === 'ETH')!.multiplier,
          price: r.prices.find((p) => p.asset === market.asset)!.price,
          liquidations: r.liquidations.length,
          venues: r.byVenue.map((v) => `${venueName(v.venue)} · ${names.get(v.chainId)}: ${v.liquidations}`),
          walletsHit: r.walletsHit,
          seized,
          repaid: sumDecimals(r.byVenue.map((v) => v.debtRepaidValue)),
          badDebt: r.badDebt,
          seizedText: formatUsd(seized),
        }
      }),
    )
    // The end state and isolated venue rules versus cross-chain portfolio margin, as the API says.
    for (const name of ['totalLiquidated', 'totalRepaid', 'badDebt'] as const)
      expect(await page.locator(`[data-end="${name}"]`).getAttribute('data-value'), name).toBe(
        cascade.end[name],
      )
    for (const regime of ['isolated', 'portfolio'] as const) {
      const row = page.locator(`tr[data-regime="${regime}"]`)
      const want = cascade.comparison[regime]
      expect(await row.locator('[data-surviving]').getAttribute('data-value')).toBe(
        String(want.walletsSurviving),
      )
      expect(await row.locator('[data-liquidated]').getAttribute('data-value')).toBe(
        String(want.walletsLiquidated),
      )
      expect(await row.locator('[data-liquidated-value]').getAttribute('data-value')).toBe(
        want.liquidatedValue,
      )
    }
    expect(await page.locator('[data-cascade-end]').getAttribute('data-cascade-end')).toBe(
      cascade.fixedPoint ? 'fixed-point' : 'round-limit',
    )
    // Both charts are drawn: the seized bars' blue and ETH's price line, not blank canvases.
    await page.locator('[data-cascade-chart="prices"] canvas').waitFor()
    expect(
      await pixelsOf(page, '[data-cascade-chart="liquidated"] canvas', cascadeColors.seized),
    ).toBeGreaterThan(500)
    expect(
      await pixelsOf(page, '[data-cascade-chart="prices"] canvas', cascadeColors.factors[0]),
    ).toBeGreaterThan(100)
    await page.locator('[data-cascade-panel]').screenshot({ path: join(screenshots, 'cascade.png') })

    // Usable on a phone: the charts are redrawn to its width and nothing is wider than the screen.
    await page.setViewportSize(phone)
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('[data-cascade-chart] canvas')].every(
        (c) => c.getBoundingClientRect().right <= innerWidth,
      ),
    )
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width)
    await page.screenshot({ path: join(screenshots, 'cascade-phone.png'), fullPage: true })
    await closePage(page)
  })

  it('puts the cascade in the page address: the link, opened or reloaded, runs it again', async () => {
    const page = await openPageAt(browser, dev.origin, '/#/protocols')
    await runCascade(page, 'ETH=-25%')
    const link = page.url()
    expect(new URL(link).hash).toBe('#/protocols?model=PORTFOLIO&shock=ETH%3D-25%25&scope=all')
    const rounds = await shownRounds(page)
    expect(rounds.length).toBeGreaterThan(1)
    await closePage(page)

    // Opened as a shared link: the panel runs the cascade itself, no click.
    const shared = await openPageAt(browser, dev.origin, new URL(link).pathname + new URL(link).hash)
    await shared.locator('[data-cascade-rounds]').waitFor()
    expect(await shared.locator('#cascade-shock').inputValue()).toBe('ETH=-25%')
    expect(await shared.locator('#cascade-scope').inputValue()).toBe('all')
    expect(await shownRounds(shared)).toEqual(rounds)
    await shared.reload()
    await shared.locator('[data-cascade-rounds]').waitFor()
    expect(await shownRounds(shared)).toEqual(rounds)
    await closePage(shared)
  })

  it("shows the API's coded error for an unknown factor, and the factors it lists", async () => {
    const page = await openPageAt(browser, dev.origin, '/#/protocols')
    await page.waitForFunction(() =>
      document.querySelector('#cascade-shock-hint')?.textContent?.includes('factors:'),
    )
    expect(await page.locator('#cascade-shock-hint').textContent()).toContain('ETH')
    await runCascade(page, 'DOGE=-30%')
    const alert = page.locator('[data-cascade-panel] [role="alert"]')
    expect(await alert.textContent()).toMatch(
      /^UNKNOWN_FACTOR: Unknown risk factor .*DOGE.*valid factors: .*ETH/,
    )
    expect(await page.locator('[data-cascade-rounds]').count()).toBe(0)
    // A shock that is not FACTOR=±N% is refused on the page, before any request.
    await runCascade(page, 'ETH down')
    expect(await alert.textContent()).toContain('"ETH down" is not a shock')
    await closePage(page)
    // A link whose scope is not one the panel knows says so, and runs nothing.
    const link = await openPageAt(browser, dev.origin, '/#/protocols?shock=ETH%3D-25%25&scope=some')
    await link.locator('[data-cascade-panel] [role="alert"]').waitFor()
    expect(await link.locator('[data-cascade-panel] [role="alert"]').textContent()).toBe(
      'Unknown cascade scope "some": use all or listed.',
    )
    expect(await link.locator('[data-cascade-rounds]').count()).toBe(0)
    await closePage(link)
  })
})
