import { describe, expect, it } from 'vitest'
import { readListeningPort } from './listening-port.js'

const banner =
  'Available Accounts\n==================\n\n(0) 0xf39F...\n\nGenesis Number\n==================\n\n0\n\n'

describe('readListeningPort()', () => {
  it("reads the port from anvil's `Listening on` line", () => {
    expect(readListeningPort(`${banner}Listening on 127.0.0.1:43481\n`)).toBe(43481)
    expect(readListeningPort(`${banner}Listening on [::1]:8545\r\neth_chainId\n`)).toBe(8545)
  })

  it('is undefined until the line has arrived whole (output comes in chunks)', () => {
    expect(readListeningPort(banner)).toBeUndefined()
    expect(readListeningPort(`${banner}Listening on 127.0.0.1:434`)).toBeUndefined()
  })

  it('ignores a port 0 and anything not at the start of a line', () => {
    expect(readListeningPort('Listening on 127.0.0.1:0\n')).toBeUndefined()
    expect(readListeningPort('eth_call Listening on 127.0.0.1:9\n')).toBeUndefined()
  })
})
