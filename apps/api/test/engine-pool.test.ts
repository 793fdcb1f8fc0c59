import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { defaultRiskParameters, type RiskParameters } from '@xmargin/core'
import { type GraphQLEnumType, print } from 'graphql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineBundleError, engineWorkerBundle } from '../src/engine/engine-bundle.js'
import { createEngineRunner, type EngineRunner, EngineStartError } from '../src/engine/engine-runner.js'
import { EngineWorkerError, lightTask, runEngineTask } from '../src/engine/engine-task.js'
import { keptKeysOf } from '../src/engine/kept-inputs.js'
import { ApiSettingsError } from '../src/errors.js'
import { marginReportFragment } from '../src/report-document.js'
import { buildSchema } from '../src/schema/build-schema.js'
import { toReportWireView } from '../src/service/report-view.js'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, wallets } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
const runners: EngineRunner[] = []
afterEach(async () => {
  await Promise.all([...fixtures.splice(0).map((f) => f.close()), ...runners.splice(0).map((r) => r.close())])
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const schema = buildSchema()
const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name)
/** Every model and stress scenario the API serves, from the schema (one source of truth). */
const models = enumValues('MarginModel')
const scenarios = enumValues('StressScenario')
/** ES with more Monte Carlo paths: seconds of engine work for one wallet (10,000 paths by default). */
/** A spot position of `eth` WETH held by wallet …a1 on chain 1, as the engine takes it. */
const wethSpot = (eth = 1n) =>
  ({
    id: '1:wallet:WETH:spot',
    chainId: 1,
    venue: 'wallet',
    wallet: '0x00000000000000000000000000000000000000a1',
    asset: 'WETH',
    blockNumber: 100n,
    kind: 'spot',
    amount: eth * 10n ** 18n,
    decimals: 18,
  }) as const

const heavyEs = (paths: number): RiskParameters => ({
  ...defaultRiskParameters,
  es: { ...defaultRiskParameters.es, paths },
})
const heavyStress = `{ stressTest(addresses: ["${wallets.hedge}"], scenario: CRYPTO_CRASH, model: ES) { after { status health } } }`

describe('the engine on worker threads', () => {
  it('answers exactly as the in-process engine: every model, wallet set and scenario, and what-if', async () => {
    const limits = {
      maxWork: Number.MAX_SAFE_INTEGER,
      maxAliases: 1000,
      maxCost: 1_000_000,
      timeoutMs: 120_000,
    }
    const pool = await start({ engineThreads: 1, limits })
    const inline = await start({ engineThreads: 0, limits })
    expect(pool.api.engine.threads).toBe(1)
    expect(inline.api.engine.threads).toBe(0)
    const books = [[wallets.hedge], [wallets.risky], [wallets.empty], [wallets.hedge, wallets.risky]]
    const list = (book: string[]) => `[${book.map((w) => `"${w}"`).join(', ')}]`
    const perp = `{ chainId: 42161, venue: "perp", kind: PERP, asset: "ETH", amount: "-5000000000000000000", decimals: 18, entryPrice: "3000" }`
    const queries = models.map(
      (model) => `{
      ${books.map((b, i) => `m${i}: margin(addresses: ${list(b)}, model: ${model}) { ...MarginReportFields }`).join('\n')}
      ${scenarios.map((s) => `s${s}: stressTest(addresses: ${list(books[3]!)}, scenario: ${s}, model: ${model}) { scenario before { ...MarginReportFields } after { ...MarginReportFields } delta { equity initialMargin maintenanceMargin freeCollateral health } }`).join('\n')}
      v: solvency(addresses: ${list([wallets.hedge, wallets.risky, wallets.empty])}, model: ${model}) { address verdict health status reasons oldestInputAgeSeconds }
      w: whatIf(addresses: ${list(books[0]!)}, add: [${perp}], remove: ["42161:perp:${wallets.hedge.toLowerCase()}:ETH:perp"], model: ${model}) { before { ...MarginReportFields } after { ...MarginReportFields } delta { equity initialMargin maintenanceMargin freeCollateral health } }
    }
    ${print(marginReportFragment)}`,
    )
    for (const query of queries) {
      const [fromPool, fromInline] = await Promise.all([gql(pool.url, query), gql(inline.url, query)])
      expect(fromInline.errors).toBeUndefined()
      expect(fromPool).toEqual(fromInline)
    }
  })

  it('keeps { __typename } answering while an ES stress test computes', async () => {
    const f = await start({
      engineThreads: 1,
      riskParameters: heavyEs(100_000),
      limits: { maxWork: Number.MAX_SAFE_INTEGER, timeoutMs: 120_000 },
    })
    let heavyDone = false
    const heavy = gql(f.url, heavyStress).finally(() => {
      heavyDone = true
    })
    // The stress test has reached the engine (a blocked event loop would never let this be seen).
    await vi.waitFor(() => expect(f.api.engine.active).toBe(1), { timeout: 60_000, interval: 5 })
    const trivial = await gql(f.url, '{ __typename }')
    expect(trivial.data).toEqual({ __typename: 'Query' })
    expect(heavyDone).toBe(false)
    const report = await heavy
    expect(report.errors).toBeUndefined()
    expect(report.data).toMatchObject({ stressTest: { after: { status: expect.any(String) } } })
  })

  it("signs a solvency batch's attestations on the pool: the event loop stays free while they sign", async () => {
    const f = await start({
      engineThreads: 1,
      limits: { maxWork: Number.MAX_SAFE_INTEGER, timeoutMs: 120_000 },
    })
    // 5 aliases × 1,000 wallets, a different minHealth each (no two messages alike): 5,000
    // signatures, seconds of secp256k1 and keccak work (signed on the event loop, they blocked it
    // for ~90% of the request).
    const addresses = Array.from(
      { length: 1000 },
      (_, i) => `0x${(0x50000 + i).toString(16).padStart(40, '0')}`,
    )
    const query = `query ($a: [Address!]!) { ${[1, 2, 3, 4, 5]
      .map((h) => `s${h}: solvency(addresses: $a, minHealth: "${h}") { attestation { signature } }`)
      .join(' ')} }`
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const started = performance.now()
    const res = await gql(f.url, query, { a: addresses })
    const elapsed = performance.now() - started
    delay.disable()
    expect(res.errors).toBeUndefined()
    const data = res.data as Record<string, { attestation: { signature: string } }[]>
    expect(
      new Set(Object.values(data).flatMap((rows) => rows.map((r) => r.attestation.signature))).size,
    ).toBe(5000)
    // The longest the event loop was held is a small part of the request (mapping one alias's reports),
    // not the signing.
    expect(delay.max / 1e6).toBeLessThan(elapsed / 4)
  })

  it('refuses a task past the queue cap with OVERLOADED (503, Retry-After) instead of queueing it', async () => {
    const f = await start({
      engineThreads: 1,
      riskParameters: heavyEs(100_000),
      limits: { maxWork: Number.MAX_SAFE_INTEGER, timeoutMs: 120_000, maxQueuedEngineTasks: 1 },
    })
    const controller = new AbortController()
    const send = () =>
      fetch(f.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: heavyStress }),
        signal: controller.signal,
      }).catch(() => undefined)
    const running = send()
    await vi.waitFor(() => expect(f.api.engine.active).toBe(1), { timeout: 60_000, interval: 5 })
    const queued = send()
    await vi.waitFor(() => expect(f.api.engine.queued).toBe(1), { timeout: 60_000, interval: 5 })
    const refused = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: heavyStress }),
    })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    const body = (await refused.json()) as {
      errors: { extensions: { code: string; retryAfterSeconds: number } }[]
    }
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'OVERLOADED', retryAfterSeconds: 1 }])
    // The event loop and the queue's head are untouched: the running and queued requests go on.
    expect(f.api.engine.queued).toBe(1)
    controller.abort()
    await Promise.all([running, queued])
  })

  it('answers TIMEOUT past the execution limit, terminates the worker, and the next request is served', async () => {
    // 500,000 paths: tens of seconds of engine work, far past the 6 s limit.
    const f = await start({
      engineThreads: 1,
      riskParameters: heavyEs(500_000),
      limits: { maxWork: Number.MAX_SAFE_INTEGER, timeoutMs: 6_000 },
    })
    const timedOut = await gql(f.url, heavyStress)
    expect(codes(timedOut)).toEqual(['TIMEOUT'])
    expect(timedOut.status).toBe(504)
    expect(f.api.engine.active).toBe(0)
    // The only worker was busy with the abandoned task: had it not been terminated, this request
    // would wait behind it past the limit as well.
    const next = await gql(f.url, `{ margin(addresses: ["${wallets.hedge}"]) { status health } }`)
    expect(next.errors).toBeUndefined()
    expect(next.data).toMatchObject({ margin: { status: 'HEALTHY' } })
  })

  it('abandons the engine work of a client that hangs up, and serves the next request', async () => {
    const f = await start({
      engineThreads: 1,
      riskParameters: heavyEs(500_000),
      limits: { maxWork: Number.MAX_SAFE_INTEGER, timeoutMs: 120_000 },
    })
    const client = new AbortController()
    const heavy = fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: heavyStress }),
      signal: client.signal,
    }).catch((error: unknown) => error)
    await vi.waitFor(() => expect(f.api.engine.active).toBe(1), { timeout: 60_000, interval: 5 })
    client.abort()
    expect(await heavy).toMatchObject({ name: 'AbortError' })
    // Tens of seconds of work left: only a terminated task settles this soon.
    await vi.waitFor(() => expect(f.api.engine.active).toBe(0), { timeout: 10_000, interval: 5 })
    const next = await gql(f.url, `{ margin(addresses: ["${wallets.hedge}"]) { status } }`)
    expect(next.data).toEqual({ margin: { status: 'HEALTHY' } })
  })
})

describe('createEngineRunner()', () => {
  const runner = (threads: number) => {
    const r = createEngineRunner({ threads })
    runners.push(r)
    return r
  }
  const empty = { positions: [], prices: [], now: 1_800_000_000 }

  it('rebuilds an engine error from a worker with its name and message', async () => {
    const task = { kind: 'stress', input: { ...empty, scenario: 'no-such' as never } } as const
    const inline = await runner(0)
      .run(task)
      .catch((e: unknown) => e)
    const pooled = await runner(1)
      .run(task)
      .catch((e: unknown) => e)
    expect(pooled).toBeInstanceOf(EngineWorkerError)
    expect(pooled).toMatchObject({
      name: (inline as Error).name,
      shortMessage: (inline as EngineWorkerError).shortMessage,
      details: (inline as EngineWorkerError).details,
    })
  })

  it('refuses work after the signal aborted, in both modes, with TIMEOUT', async () => {
    const aborted = AbortSignal.abort()
    for (const threads of [0, 1])
      await expect(runner(threads).run({ kind: 'margin', input: empty }, aborted)).rejects.toMatchObject({
        code: 'TIMEOUT',
      })
  })

  it('stops a marginEach batch past its deadline with TIMEOUT, in both modes', async () => {
    const task = { kind: 'marginEach', input: { books: [empty, empty], deadline: Date.now() - 1 } } as const
    for (const threads of [0, 1])
      await expect(runner(threads).run(task)).rejects.toMatchObject({
        code: 'TIMEOUT',
        shortMessage: 'Engine batch exceeded the execution timeout after 0 of 2 reports.',
      })
    const reports = await runner(1).run({ kind: 'marginEach', input: { books: [empty, empty] } })
    expect(reports).toEqual(await runner(0).run({ kind: 'marginEach', input: { books: [empty, empty] } }))
    expect(reports).toHaveLength(2)
  })

  it('runs each task with its own risk parameters (kept per parameters object in the worker)', async () => {
    const now = 1_800_000_000
    const position = wethSpot()
    const price = {
      asset: 'WETH',
      chainId: 1,
      value: 3000n * 10n ** 8n,
      decimals: 8,
      updatedAt: now - 60,
      source: 'feed:WETH',
    }
    const book = (params: RiskParameters) => ({
      positions: [position],
      prices: [price],
      now,
      params,
      model: 'es' as const,
    })
    const [few, many] = [heavyEs(1_000), heavyEs(20_000)]
    const pool = runner(1)
    const inline = runner(0)
    // Alternating parameters objects, each twice, and a batch mixing both.
    for (const params of [few, many, few, many])
      expect(await pool.run({ kind: 'margin', input: book(params) })).toEqual(
        await inline.run({ kind: 'margin', input: book(params) }),
      )
    const mixed = { kind: 'marginEach', input: { books: [book(few), book(many)] } } as const
    const [a, b] = await pool.run(mixed)
    expect([a, b]).toEqual(await inline.run(mixed))
    expect(a!.initialMargin).not.toBe(b!.initialMargin)
    // The margin task answered as its view (what the API's margin query asks the worker for): the
    // report mapped like the request's thread would, with the reasons found outside the engine.
    const view = { freshness: [], reasons: ['stale-chain:1'] }
    const report = await inline.run({ kind: 'margin', input: book(few) })
    const expected = toReportWireView({ report, positions: [position], ...view })
    expect(expected.status).toBe('UNKNOWN')
    expect(await pool.run({ kind: 'marginView', input: { ...book(few), view } })).toEqual(expected)
    expect(await inline.run({ kind: 'marginView', input: { ...book(few), view } })).toEqual(expected)
  })

  it('sends a task without its risk parameters to a worker that keeps them, and whole to one that does not', async () => {
    const now = 1_800_000_000
    const input = (params: RiskParameters) => ({
      positions: [wethSpot()],
      prices: [
        { asset: 'WETH', chainId: 1, value: 3000n * 10n ** 8n, decimals: 8, updatedAt: now, source: 'f' },
      ],
      now,
      params,
      model: 'es' as const,
    })
    // A worker with nothing under the key never runs the task on the default parameters.
    const light = lightTask({ kind: 'margin', input: input(heavyEs(1_000)) }, { params: true })!
    expect(light.kind === 'margin' && light.input.params).toBeUndefined()
    expect(await runEngineTask({ task: light, paramsKey: 'never-sent', light: true })).toEqual({
      ok: false,
      keptMissing: true,
    })
    // Ten parameters objects in turn, more than a worker keeps (8): every answer under its own.
    const sets = Array.from({ length: 10 }, (_, i) => heavyEs(1_000 + 100 * i))
    const pool = runner(1)
    const inline = runner(0)
    for (const params of [...sets, ...sets])
      expect(await pool.run({ kind: 'margin', input: input(params) })).toEqual(
        await inline.run({ kind: 'margin', input: input(params) }),
      )
  })

  it('keeps frozen positions, prices and vols in its workers: a light task runs from them, one naming a value a worker lacks is sent whole', async () => {
    const now = 1_800_000_000
    const spot = (eth: bigint) => Object.freeze(wethSpot(eth))
    const prices = Object.freeze([
      Object.freeze({
        asset: 'WETH',
        chainId: 1,
        value: 3000n * 10n ** 8n,
        decimals: 8,
        updatedAt: now,
        source: 'f',
      }),
    ])
    const input = (positions: readonly ReturnType<typeof spot>[]) => ({ positions, prices, now })
    // Unfrozen values get no key (they are always sent); frozen ones get one each.
    expect(keptKeysOf({ positions: [{ ...spot(1n) }], prices: [...prices] })).toBeNull()
    const one = input([spot(1n)])
    const keys = keptKeysOf(one)!
    expect(keys).toEqual({ positions: [expect.any(Number)], prices: expect.any(Number), volatilities: null })
    expect(keptKeysOf(one)).toEqual(keys)
    // As a worker receives them: light before the values came is missing; whole, then light, run.
    const task = { kind: 'margin', input: one } as const
    const light = lightTask(task, { params: false, kept: [keys] })!
    expect(light.kind === 'margin' && [light.input.positions, light.input.prices]).toEqual([[], []])
    const message = { task: light, paramsKey: undefined, kept: [keys], light: true }
    expect(await runEngineTask(message)).toEqual({ ok: false, keptMissing: true })
    const whole = await runEngineTask({ task, paramsKey: undefined, kept: [keys] })
    expect(whole).toMatchObject({ ok: true, value: { equity: 3000 } })
    expect(
      await runEngineTask({ ...message, task: lightTask(task, { params: false, kept: [keys] })! }),
    ).toEqual(whole)
    // A new position (the next block's answer) is a new key: never answered from the old one.
    const two = input([spot(2n)])
    const next = keptKeysOf(two)!
    expect(next.positions).not.toEqual(keys.positions)
    expect(next.prices).toBe(keys.prices)
    const nextTask = { kind: 'margin', input: two } as const
    expect(
      await runEngineTask({
        task: lightTask(nextTask, { params: false, kept: [next] })!,
        paramsKey: undefined,
        kept: [next],
        light: true,
      }),
    ).toEqual({ ok: false, keptMissing: true })
    // Through a pool: a task whose keys are new goes whole at once; asked again, light, and every
    // answer equals the in-process one, books and batches alike.
    const pool = runner(1)
    const inline = runner(0)
    const books = [1n, 2n, 3n].map((eth) => input([spot(eth)]))
    const tasks = [
      ...books.map((book) => ({ kind: 'margin', input: book }) as const),
      { kind: 'marginSummaryEach', input: { books: [books[0]!, input([spot(4n)]), books[2]!] } } as const,
    ]
    for (const round of [1, 2]) {
      for (const t of tasks) expect(await pool.run(t)).toEqual(await inline.run(t))
      // Round 1: every task has a new key (the batch a new position), so each goes whole.
      expect(pool.messages).toEqual(
        round === 1 ? { light: 0, whole: 4, missed: 0 } : { light: 4, whole: 4, missed: 0 },
      )
    }
    expect(inline.messages).toEqual({ light: 0, whole: 0, missed: 0 })
  })

  it('is ready once its workers answer a no-op task each, and at once in-process', async () => {
    for (const threads of [0, 2]) {
      const engine = createEngineRunner({ threads })
      runners.push(engine)
      await expect(engine.ready()).resolves.toBeUndefined()
      expect(engine.active).toBe(0)
      await expect(engine.run({ kind: 'ready', input: null })).resolves.toEqual(expect.any(Number))
    }
  })

  it('is ready only once every worker has loaded, however long the slowest takes', async () => {
    // A worker module that takes 1.5 s to load in every thread but the first, and marks its load in
    // a folder: a worker that loaded first must not answer for the others.
    const folder = mkdtempSync(join(tmpdir(), 'xmargin-engine-ready-'))
    try {
      const module = join(folder, 'worker.mjs')
      writeFileSync(
        module,
        [
          "import { writeFileSync } from 'node:fs'",
          "import { threadId } from 'node:worker_threads'",
          `const first = ${JSON.stringify(join(folder, 'first'))}`,
          "let mine = false; try { writeFileSync(first, '', { flag: 'wx' }); mine = true } catch {}",
          'if (!mine) await new Promise((resolve) => setTimeout(resolve, 1500))',
          `writeFileSync(${JSON.stringify(folder)} + '/loaded-' + threadId, '')`,
          'export default () => ({ ok: true, value: threadId })',
        ].join('\n'),
      )
      const engine = createEngineRunner({ threads: 3, bundle: async () => pathToFileURL(module) })
      runners.push(engine)
      await engine.ready()
      expect(readdirSync(folder).filter((name) => name.startsWith('loaded-'))).toHaveLength(3)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('rejects ready and every task with the error that kept its workers from starting', async () => {
    const failure = new EngineBundleError("The engine's worker module could not be bundled.")
    const engine = createEngineRunner({ threads: 1, bundle: () => Promise.reject(failure) })
    runners.push(engine)
    await expect(engine.ready()).rejects.toBe(failure)
    await expect(engine.run({ kind: 'margin', input: empty })).rejects.toBe(failure)
    expect(engine.active).toBe(0)
    await expect(engine.close()).resolves.toBeUndefined()
  })

  it('counts tasks waiting for the engine bundle against the queue cap, and runs them once it is ready', async () => {
    let release: (file: URL) => void = () => {}
    const bundle = new Promise<URL>((resolve) => {
      release = resolve
    })
    const engine = createEngineRunner({ threads: 1, maxQueued: 2, bundle: () => bundle })
    runners.push(engine)
    const first = engine.run({ kind: 'margin', input: empty })
    const second = engine.run({ kind: 'margin', input: empty })
    expect(engine.queued).toBe(2)
    await expect(engine.run({ kind: 'margin', input: empty })).rejects.toMatchObject({ code: 'OVERLOADED' })
    release(await engineWorkerBundle())
    await expect(Promise.all([first, second])).resolves.toHaveLength(2)
    expect(engine.queued).toBe(0)
  })

  it('answers TIMEOUT at once when the signal aborts while the engine is still being bundled', async () => {
    const engine = createEngineRunner({ threads: 1, bundle: () => new Promise<URL>(() => {}) })
    runners.push(engine)
    const signal = new AbortController()
    const waiting = engine.run({ kind: 'margin', input: empty }, signal.signal)
    expect(engine.active).toBe(1)
    signal.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(engine.active).toBe(0)
    expect(engine.queued).toBe(0)
  })

  it('rejects ready with EngineStartError when a worker fails to load the engine, instead of waiting', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'xmargin-engine-ready-'))
    try {
      const module = join(folder, 'worker.mjs')
      writeFileSync(module, "throw new Error('the engine failed to load')\nexport default () => null\n")
      const engine = createEngineRunner({ threads: 1, bundle: async () => pathToFileURL(module) })
      runners.push(engine)
      const started = Date.now()
      await expect(engine.ready()).rejects.toBeInstanceOf(EngineStartError)
      // Well before the two-minute bound: the failure itself ends the wait.
      expect(Date.now() - started).toBeLessThan(60_000)
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('refuses a negative size', () => {
    expect(() => createEngineRunner({ threads: -1 })).toThrow(ApiSettingsError)
    expect(() => createEngineRunner({ threads: 1.5 })).toThrow(
      'engineThreads must be a non-negative integer, got 1.5.',
    )
  })
})
