import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marginQueryDocument } from '@xmargin/api/report-document'
import { freezeFeed } from '@xmargin/devnet'
import type { Browser } from 'playwright-core'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { gql } from './support/graphql.js'
import { closePage, openPage } from './support/pages.js'
import { type DevServer, startDevServer } from './support/start-dev.js'

const screenshots = process.env.XMARGIN_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'xmargin-web-screenshots-'))
mkdirSync(screenshots, { recursive: true })

/** The dev's price-age limit, seconds: a frozen feed goes stale this long after its last round. */
const maxPriceAge = 20

let dev: DevServer
let browser: Browser

beforeAll(async () => {
  // Its own devnet: the limit is short and the heartbeat (below it) keeps every other feed fresh,
  // a block every few seconds, which the book-still tests of dashboard.browser.test.ts must not have.
  ;[dev, browser] = await Promise.all([
    startDevServer({ args: ['--max-price-age', String(maxPriceAge), '--heartbeat', '6'] }),
    launchChromium(),
  ])
})
afterAll(async () => {
  await browser?.close()
  await dev?.stop()
})

describe('the dashboard in Chromium against xmargin dev --max-price-age', () => {
  it('shows a feed that stopped updating as STALE, and the report UNKNOWN with its reason, live', async () => {
    const address = dev.manifest.wallets.find((w) => w.name === 'cross-chain')!.address
    const page = await openPage(browser, dev.origin, `/#/wallet/${address}`)
    await page.locator('[data-live="live"]').waitFor()
    const weth = page.locator('[data-price="WETH@1"] .badge')
    expect(await weth.textContent()).toBe('FRESH')
    expect(await page.locator('[data-figure="status"]').textContent()).not.toBe('UNKNOWN')

    // `pnpm stale WETH --chain 1`: the feed accepts no new rounds, its updatedAt ages.
    await freezeFeed(dev.manifest, { symbol: 'WETH', chainId: 1, frozen: true })
    await page.waitForFunction(
      () => document.querySelector('[data-price="WETH@1"] .badge')?.textContent === 'STALE',
      undefined,
      { timeout: (maxPriceAge + 40) * 1000 },
    )
    // The page did not reload: the live stream brought the change.
    expect(await page.locator('[data-live]').getAttribute('data-live')).toBe('live')
    const { margin } = await gql(dev.graphql, marginQueryDocument, { addresses: [address] })
    // Exactly the prices read from that feed are stale (ETH@1 too: ETH is priced by WETH's feed).
    const wethSource = margin.prices.find((p) => p.asset === 'WETH' && p.chainId === 1)!.source
    const stale = margin.prices.filter((p) => p.stale)
    expect(stale.map((p) => `${p.asset}@${p.chainId}`)).toContain('WETH@1')
    // Any other stale price is named with its age, so a failure says which feed fell behind and by how much.
    const others = stale.filter((p) => !(p.chainId === 1 && p.source === wethSource))
    // With it: the blocks served, and what `xmargin dev` warned of (a heartbeat slower than its period).
    const served = margin.freshness.map(
      (f) => `chain ${f.chainId} block ${f.blockNumber} age ${f.ageSeconds} s`,
    )
    // And each node's own head: a node ahead of what was served means the indexer fell behind,
    // a node as old as what was served means the heartbeat did not post.
    const now = Math.floor(Date.now() / 1000)
    const heads = await Promise.all(
      dev.manifest.chains.map(async (chain) => {
        const head = await createPublicClient({ transport: http(chain.rpcUrl) }).getBlock({
          blockTag: 'latest',
        })
        return `chain ${chain.chainId} node at block ${head.number} age ${now - Number(head.timestamp)} s`
      }),
    )
    const warned = dev
      .output()
      .split('\n')
      .filter((line) => line.includes('heartbeat'))
      .slice(-10)
    expect(
      others.map((p) => `${p.asset}@${p.chainId} age ${p.ageSeconds} s`),
      [...served, ...heads, ...warned].join('; '),
    ).toEqual([])
    expect(margin.prices.filter((p) => !p.stale).length).toBeGreaterThan(0)
    // Every price shows as the API says: the stale one STALE, the others FRESH (none hidden).
    const shown = await page
      .locator('[data-price]')
      .evaluateAll((items) =>
        items.map((li) => [li.getAttribute('data-price'), li.querySelector('.badge')?.textContent]),
      )
    expect(shown).toEqual(margin.prices.map((p) => [`${p.asset}@${p.chainId}`, p.stale ? 'STALE' : 'FRESH']))
    await page.waitForFunction(
      () => document.querySelector('[data-figure="status"]')?.textContent === 'UNKNOWN',
    )
    expect(margin.status).toBe('UNKNOWN')
    expect(margin.statusReasons).toContain('stale-price:WETH@1')
    expect(await page.locator('[data-figure="statusReasons"]').textContent()).toContain('stale-price:WETH@1')
    await page.screenshot({ path: join(screenshots, 'wallet-stale.png'), fullPage: true })
    await closePage(page)
  })
})
