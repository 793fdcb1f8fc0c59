import { createServer } from 'node:net'

/**
 * Asks the OS for a free TCP port on loopback (tests use these so they never clash with a running devnet).
 *
 * @example
 * const port = await getFreePort()
 */
export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
