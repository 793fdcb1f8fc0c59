import { spawn } from 'node:child_process'

/**
 * Starts a tiny detached `sh` watchdog that kills `childPid` as soon as this process is gone,
 * even when this process dies by SIGKILL and cannot clean up itself. It exits on its own once
 * the child has exited.
 *
 * @example
 * guardAgainstOrphan(anvil.pid)
 */
export function guardAgainstOrphan(childPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 0.3; done; kill -9 ${childPid} 2>/dev/null; exit 0`
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' })
  watchdog.unref()
}
