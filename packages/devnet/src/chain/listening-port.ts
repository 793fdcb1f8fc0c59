/**
 * The port anvil says it bound, read from its startup output (`Listening on 127.0.0.1:43481`, the
 * last line anvil prints before it serves; `--silent` suppresses it), or `undefined` while that line
 * has not arrived whole. With `--port 0` the OS picks the port at bind time, so this line is the
 * only place it appears.
 *
 * @example
 * readListeningPort('...\nListening on 127.0.0.1:43481\n') // 43481
 * readListeningPort('...\nListening on 127.0.0.1:434') // undefined (the line is still arriving)
 */
export function readListeningPort(output: string): number | undefined {
  const match = /^Listening on \S+:(\d+)\r?\n/m.exec(output)
  if (!match) return undefined
  const port = Number(match[1])
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined
}
