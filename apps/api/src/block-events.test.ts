import { describe, expect, test } from 'vitest'
import { type BlockEvent, createBlockEventEmitter } from './block-events.js'

describe('createBlockEventEmitter', () => {
  test("the indexer's block and clock hooks both reach every subscriber; an unsubscribed one hears nothing", () => {
    const emitter = createBlockEventEmitter()
    const heard: BlockEvent[] = []
    const gone: BlockEvent[] = []
    emitter.subscribe((event) => heard.push(event))
    emitter.subscribe((event) => gone.push(event))()
    emitter.indexerHooks.onBlock(1, { blockNumber: 7n })
    emitter.indexerHooks.onClock(42161, { blockNumber: 9n })
    expect(heard).toEqual([
      { chainId: 1, blockNumber: 7n },
      { chainId: 42161, blockNumber: 9n },
    ])
    expect(gone).toEqual([])
  })
})
