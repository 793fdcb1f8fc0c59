import { InvalidArgumentError } from 'commander'

/**
 * A TCP port (0-65535) from the command line.
 *
 * @example
 * program.option('--port <port>', 'API port', parsePort, 4000)
 */
export function parsePort(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`${value} is not a port number.`)
  return n
}

/**
 * Three comma-separated ports: `8545,8546,8547`.
 *
 * @example
 * parsePorts('18545,18546,18547') // [18545, 18546, 18547]
 */
export function parsePorts(value: string): [number, number, number] {
  const [first, second, third, ...rest] = value.split(',').map((p) => parsePort(p.trim()))
  if (first === undefined || second === undefined || third === undefined || rest.length > 0)
    throw new InvalidArgumentError(`${value}: give three ports, for chains 1, 42161 and 8453.`)
  return [first, second, third]
}

/**
 * A non-negative whole number of seconds.
 *
 * @example
 * parseSeconds('2') // 2
 */
export function parseSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${value} is not a whole number of seconds.`)
  return n
}

/**
 * A whole number of days in [0, 3650] (`--history-days`; 0: none).
 *
 * @example
 * parseDays('615') // 615
 */
export function parseDays(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new InvalidArgumentError(`${value} is not a whole number of days in [0, 3650].`)
  return n
}
