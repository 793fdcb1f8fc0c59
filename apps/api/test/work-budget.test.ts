import { parse } from 'graphql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildSchema } from '../src/schema/build-schema.js'
import {
  ACCOUNT_WALLETS_ESTIMATE,
  CASCADE_ROUNDS_PER_UNIT,
  estimateWork,
  requestSelections,
  type WalletSelectionRef,
} from '../src/server/estimate-work.js'
import { cascadeBounds } from '../src/service/cascade.js'
import { codes, gql } from './support/graphql-client.js'
import { readSse } from './support/sse-client.js'
import { type ApiFixture, commitFixtureBlock, startApiFixture, wallets } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const addressList = (n: number) =>
  Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
const literal = (n: number) =>
  `[${addressList(n)
    .map((a) => `"${a}"`)
    .join(', ')}]`
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`

describe('estimateWork()', () => {
  const schema = buildSchema()
  const work = (query: string, variables?: Record<string, unknown>) =>
    estimateWork({ schema, document: parse(query), variables })

  it('counts list sizes (literal or variable), reports per wallet, the model and every alias', () => {
    expect(work(`{ solvency(addresses: ${literal(3)}) { verdict } }`)).toBe(3)
    expect(
      work('query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }', { a: addressList(1000) }),
    ).toBe(1000)
    expect(work(`{ margin(addresses: ${literal(10)}, model: ES) { status } }`)).toBe(2 * 10 * 100)
    expect(
      work('query ($m: MarginModel) { margin(addresses: ["0x1"], model: $m) { status } }', { m: 'ES' }),
    ).toBe(200)
    expect(
      work(
        aliases(15, `stressTest(addresses: ${literal(10)}, scenario: CRYPTO_CRASH, model: ES) { scenario }`),
      ),
    ).toBe(15 * 10 * 2 * 100)
    expect(work('{ chains { chainId } __typename }')).toBe(0)
  })

  it('charges each wallet by its positions when they are known: 1 unit per started 4', () => {
    const positions: Record<string, number> = { '0xa': 0, '0xb': 4, '0xc': 5, '0xd': 20 }
    const byPositions = (query: string) =>
      estimateWork({ schema, document: parse(query), positionsOf: (w) => positions[w] ?? 0 })
    expect(byPositions('{ solvency(addresses: ["0xA", "0xB", "0xC", "0xD"]) { verdict } }')).toBe(
      1 + 1 + 2 + 5,
    )
    expect(byPositions('{ margin(addresses: ["0xD"], model: ES) { status } }')).toBe(2 * 5 * 100)
  })

  it('charges fragments at each use, and margin under wallet and account', () => {
    const fragment = `fragment S on Query { solvency(addresses: ${literal(4)}) { verdict } }`
    expect(work(`{ ...S x: chains { chainId } ... on Query { ...S } } ${fragment}`)).toBe(8)
    expect(work('{ wallet(address: "0x1") { margin(model: ES) { status } } }')).toBe(200)
    expect(work('{ account(id: "t") { margin { status } wallets { margin { status } } } }')).toBe(20 + 20)
  })
})

describe('estimateWork() of cascade and coverTwo', () => {
  const schema = buildSchema()
  const shock = 'shocks: [{ factor: "ETH", spot: "-0.3" }]'
  const work = (query: string, parameters: Partial<Parameters<typeof estimateWork>[0]> = {}) =>
    estimateWork({ schema, document: parse(query), ...parameters })
  const selected: Record<string, string[]> = { all: addressList(40), desk: addressList(7) }
  const walletsOf = (s: WalletSelectionRef) => selected['all' in s ? 'all' : s.account] ?? []

  it('charges a cascade per wallet: one load plus its round limit, four rounds per unit', () => {
    expect(work(`{ cascade(addresses: ${literal(3)}, ${shock}) { fixedPoint } }`)).toBe(
      3 * (1 + cascadeBounds.defaultRounds / CASCADE_ROUNDS_PER_UNIT),
    )
    expect(work(`{ cascade(addresses: ${literal(3)}, ${shock}, maxRounds: 1) { fixedPoint } }`)).toBe(3 * 2)
    expect(
      work(`query ($r: Int) { cascade(addresses: ${literal(3)}, ${shock}, maxRounds: $r) { fixedPoint } }`, {
        variables: { r: 100 },
      }),
    ).toBe(3 * 26)
    // Past the cap the request is refused with OUT_OF_RANGE, not charged for rounds it cannot run.
    expect(work(`{ cascade(addresses: ${literal(1)}, ${shock}, maxRounds: 10000) { fixedPoint } }`)).toBe(26)
  })

  it('charges `all` and an account by the wallets they resolve to, each by its positions', () => {
    expect(work(`{ cascade(all: true, ${shock}, maxRounds: 4) { fixedPoint } }`, { walletsOf })).toBe(40 * 2)
    expect(
      work(`query ($n: String) { cascade(account: $n, ${shock}, maxRounds: 4) { fixedPoint } }`, {
        walletsOf,
        variables: { n: 'desk' },
      }),
    ).toBe(7 * 2)
    // An unset `addresses` variable beside `all` is no list (the shape of a query with every selector).
    expect(
      work(
        `query ($a: [Address!], $all: Boolean) { cascade(addresses: $a, all: $all, ${shock}, maxRounds: 4) { fixedPoint } }`,
        { walletsOf, variables: { all: true } },
      ),
    ).toBe(40 * 2)
    const first = addressList(1)[0] as string
    expect(
      work(`{ cascade(account: "desk", ${shock}, maxRounds: 4) { fixedPoint } }`, {
        walletsOf,
        positionsOf: (w) => (w === first ? 20 : 2),
      }),
    ).toBe((5 + 6) * 2)
    // An unknown account is refused before any engine work: one wallet.
    expect(work(`{ cascade(account: "nobody", ${shock}, maxRounds: 4) { fixedPoint } }`, { walletsOf })).toBe(
      2,
    )
    // Unresolved (no store): an account as ACCOUNT_WALLETS_ESTIMATE, `all` at the wallet cap.
    expect(work(`{ cascade(account: "desk", ${shock}, maxRounds: 4) { fixedPoint } }`)).toBe(
      ACCOUNT_WALLETS_ESTIMATE * 2,
    )
    expect(work(`{ cascade(all: true, ${shock}, maxRounds: 4) { fixedPoint } }`)).toBe(
      cascadeBounds.maxWallets * 2,
    )
  })

  it('charges coverTwo per wallet and scenario', () => {
    const custom = 'custom: [{ name: "a", shocks: [{ factor: "ETH", spot: "-0.4" }] }]'
    expect(
      work(`{ coverTwo(all: true, scenarios: [CRYPTO_CRASH, CRYPTO_RALLY], ${custom}) { fund } }`, {
        walletsOf,
      }),
    ).toBe(40 * 3)
    expect(work(`{ coverTwo(addresses: ${literal(5)}, scenarios: CRYPTO_CRASH) { fund } }`)).toBe(5)
  })

  it('charges a backtest over an account by its wallets, as over a list', () => {
    expect(work('{ backtest(account: "desk") { trafficLight } }', { walletsOf })).toBe(7 * 250)
    expect(work(`{ backtest(addresses: ${literal(7)}) { trafficLight } }`)).toBe(7 * 250)
  })

  it('lists the selections to resolve: `all` and each account, once', () => {
    const document = parse(
      `{ a: cascade(all: true, ${shock}) { fixedPoint } b: coverTwo(all: true, scenarios: [CRYPTO_CRASH]) { fund } c: coverTwo(account: "desk", scenarios: [CRYPTO_CRASH]) { fund } d: cascade(addresses: ["0x1"], ${shock}) { fixedPoint } }`,
    )
    expect(requestSelections({ document })).toEqual([{ all: true }, { account: 'desk' }])
  })
})

describe('work bounded before it starts', () => {
  it('15 aliases of stressTest(CRYPTO_CRASH, ES) over 10 wallets are refused at once with QUERY_TOO_COSTLY', async () => {
    const f = await start()
    const res = await gql(
      f.url,
      aliases(15, `stressTest(addresses: ${literal(10)}, scenario: CRYPTO_CRASH, model: ES) { scenario }`),
    )
    expect(codes(res)).toEqual(['QUERY_TOO_COSTLY'])
    // Refused in validation, before execution: an executed operation always answers a `data` key,
    // a request refused before it none, with HTTP 400. No wall-clock bound: it would measure the
    // machine's load, not the refusal.
    expect(res.status).toBe(400)
    expect(res).not.toHaveProperty('data')
    expect(res.errors![0]!.message).toContain('about 30000 work units, over the limit of 3000')
  })

  it('15 aliases of solvency over 1,000 wallets are refused; one is served', async () => {
    const f = await start()
    const query = `query ($a: [Address!]!) ${aliases(15, 'solvency(addresses: $a) { verdict }')}`
    const many = await gql(f.url, query, { a: addressList(1000) })
    expect(codes(many)).toEqual(['QUERY_TOO_COSTLY'])
    const one = await gql(f.url, 'query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }', {
      a: addressList(1000),
    })
    expect(one.errors).toBeUndefined()
  })

  it('charges ES per wallet: margin(model: ES) over 20 wallets is refused, over 10 served', async () => {
    const f = await start({ limits: { timeoutMs: 60_000 } })
    expect(codes(await gql(f.url, `{ margin(addresses: ${literal(20)}, model: ES) { status } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    const ten = [wallets.hedge, wallets.risky, ...addressList(8)].map((a) => `"${a}"`).join(', ')
    const served = await gql(f.url, `{ margin(addresses: [${ten}], model: ES) { status } }`)
    expect(served.errors).toBeUndefined()
  })

  it("counts a wallet's positions in the store before running: a 25-position wallet costs 7 units", async () => {
    const f = await start({ limits: { maxWork: 6 } })
    const whale = '0x00000000000000000000000000000000000000a1'
    await commitFixtureBlock(f.store, 1, 2, 3000n, {
      // Perps on 25 made-up assets: only their number matters to the estimate.
      upserts: Array.from({ length: 25 }, (_, i) => ({
        venue: 'perp',
        wallet: whale,
        kind: 'perp' as const,
        key: `X${i}`,
        amount: 1n,
        extra: { entryPrice: '100000000' },
      })),
    })
    const counted = vi.spyOn(f.store, 'countPositions')
    // Over the budget by wallets alone (7 wallets, each at least 1 unit): refused with no store read.
    expect(codes(await gql(f.url, `{ solvency(addresses: ${literal(7)}) { verdict } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    expect(counted).not.toHaveBeenCalled()
    const refused = await gql(f.url, `{ solvency(addresses: ["${whale}"]) { verdict } }`)
    expect(counted).toHaveBeenCalledTimes(1)
    expect(codes(refused)).toEqual(['QUERY_TOO_COSTLY'])
    expect(refused.errors?.[0]?.message).toMatch(/about 7 work units/)
    // Six small wallets (3 positions or none each) cost 6: served.
    const small = await gql(
      f.url,
      `{ solvency(addresses: ["${wallets.hedge}", "${wallets.risky}", ${addressList(4)
        .map((a) => `"${a}"`)
        .join(', ')}]) { verdict } }`,
    )
    expect(small.errors).toBeUndefined()
  })

  it('charges cascade and coverTwo over `all` or an account by the wallets they select', async () => {
    // 2 fixture wallets + 4 empty ones tracked, 6 in an account: 6 wallets × (1 + 4 rounds / 4) = 12.
    const f = await start({ limits: { maxWork: 11 } })
    const extra = addressList(4) as `0x${string}`[]
    await f.store.trackWallets({ wallets: extra.map((address) => ({ address, source: 'config' as const })) })
    const six = [wallets.hedge, wallets.risky, ...extra].map((w) => w.toLowerCase()) as `0x${string}`[]
    await f.store.setAccount({ name: 'desk', wallets: six })
    const cascade = (selection: string, rounds: number) =>
      gql(
        f.url,
        `{ cascade(${selection}, shocks: [{ factor: "ETH", spot: "-0.3" }], maxRounds: ${rounds}) { fixedPoint } }`,
      )
    const all = await cascade('all: true', 4)
    expect(codes(all)).toEqual(['QUERY_TOO_COSTLY'])
    expect(all.errors?.[0]?.message).toContain('about 12 work units')
    expect(all.errors?.[0]?.message).toContain('fewer wallets, aliases, rounds')
    expect(codes(await cascade('account: "desk"', 4))).toEqual(['QUERY_TOO_COSTLY'])
    // One round: 6 × 2 = 12 as well; a 5-wallet account at one round costs 10 and runs.
    expect(codes(await cascade('all: true', 1))).toEqual(['QUERY_TOO_COSTLY'])
    await f.store.setAccount({ name: 'five', wallets: six.slice(0, 5) })
    const five = await cascade('account: "five"', 4)
    expect(five.errors).toBeUndefined()
    // Cover-2: 6 wallets × 2 scenarios = 12; one scenario over the account is 6.
    const cover = (selection: string, scenarios: string) =>
      gql(f.url, `{ coverTwo(${selection}, scenarios: [${scenarios}]) { fund } }`)
    expect(codes(await cover('all: true', 'CRYPTO_CRASH, CRYPTO_RALLY'))).toEqual(['QUERY_TOO_COSTLY'])
    expect((await cover('account: "desk"', 'CRYPTO_CRASH')).errors).toBeUndefined()
  })

  it('maxWork is a limit like the others, and a subscription is charged at subscribe', async () => {
    const f = await start({ limits: { maxWork: 5 } })
    expect(codes(await gql(f.url, `{ solvency(addresses: ${literal(6)}) { verdict } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    expect((await gql(f.url, `{ solvency(addresses: ${literal(5)}) { verdict } }`)).errors).toBeUndefined()
    const response = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { marginUpdated(addresses: ${literal(6)}) { status } }`,
      }),
    })
    const text = await response.text()
    expect(text).toContain('QUERY_TOO_COSTLY')
  })
})

describe('subscription caps', () => {
  const subscription = `subscription { marginUpdated(addresses: ["${wallets.hedge}"]) { status } }`
  /** Opens the subscription and returns its first SSE event (then hangs up). */
  const refused = async (url: string) => {
    const controller = new AbortController()
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: subscription }),
      signal: controller.signal,
    })
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (!text.includes('event: next')) {
      const chunk = await reader.read()
      if (chunk.done) break
      text += chunk.value
    }
    controller.abort()
    return text
  }

  it('refuses a client past maxSubscriptionsPerClient with TOO_MANY_SUBSCRIPTIONS, and frees the place when one closes', async () => {
    const f = await start({ limits: { maxSubscriptionsPerClient: 2 } })
    const first = await readSse(f.url, subscription)
    const second = await readSse(f.url, subscription)
    try {
      await first.next()
      await second.next()
      expect(await refused(f.url)).toContain('TOO_MANY_SUBSCRIPTIONS')
      first.close()
      await expect
        .poll(async () => (await refused(f.url)).includes('TOO_MANY_SUBSCRIPTIONS'), { timeout: 5000 })
        .toBe(false)
    } finally {
      first.close()
      second.close()
    }
  })

  it('refuses past maxSubscriptions on the whole server', async () => {
    const f = await start({ limits: { maxSubscriptions: 1 } })
    const only = await readSse(f.url, subscription)
    try {
      await only.next()
      expect(await refused(f.url)).toMatch(/TOO_MANY_SUBSCRIPTIONS.*|.*1 on this server/)
    } finally {
      only.close()
    }
  })
})
