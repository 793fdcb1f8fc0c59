import { describe, expect, test } from 'vitest'
import { redactUrls } from './redact-urls.js'

describe('redactUrls()', () => {
  test('cuts a provider URL in a message to its origin', () => {
    expect(
      redactUrls('HTTP request failed.\n\nURL: https://eth-mainnet.g.alchemy.com/v2/abc123\nVersion: viem'),
    ).toBe('HTTP request failed.\n\nURL: https://eth-mainnet.g.alchemy.com/…\nVersion: viem')
  })

  test('redacts every URL of a string: http, https, ws, wss, with ports, queries and fragments', () => {
    const text =
      'tried http://127.0.0.1:8545/secret-key-123 then wss://base.example.org:8443/ws/v3/KEY?x=1 and ' +
      'ws://localhost:8546?apikey=KEY2 (punctuation touching a URL goes with it), HTTPS://rpc.example.com/#frag'
    const redacted = redactUrls(text)
    expect(redacted).toBe(
      'tried http://127.0.0.1:8545/… then wss://base.example.org:8443/… and ws://localhost:8546/… ' +
        '(punctuation touching a URL goes with it), HTTPS://rpc.example.com/…',
    )
    for (const secret of ['secret-key-123', 'KEY', 'apikey', 'frag', 'v3'])
      expect(redacted).not.toContain(secret)
  })

  test('drops credentials before the host', () => {
    expect(redactUrls('at https://user:pa55@rpc.example.com/v1')).toBe('at https://…@rpc.example.com/…')
  })

  test('ends a URL at a JSON string boundary or escape, so a log line stays valid JSON', () => {
    const line = JSON.stringify({ msg: 'x', err: { message: 'failed\nURL: https://h.io/v2/key\nBody: {}' } })
    const redacted = redactUrls(line)
    expect(JSON.parse(redacted)).toEqual({
      msg: 'x',
      err: { message: 'failed\nURL: https://h.io/…\nBody: {}' },
    })
    expect(redactUrls('{"url":"https://h.io/v2/key"}')).toBe('{"url":"https://h.io/…"}')
  })

  test('leaves text without a URL, and a URL without a path, as it is', () => {
    expect(redactUrls('no url here: 127.0.0.1:8545/path, ftp://files.example.com/x')).toBe(
      'no url here: 127.0.0.1:8545/path, ftp://files.example.com/x',
    )
    expect(redactUrls('GraphQL at http://127.0.0.1:4000')).toBe('GraphQL at http://127.0.0.1:4000')
    expect(redactUrls('')).toBe('')
  })
})
