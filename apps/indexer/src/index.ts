export {
  type CreateBackfillLogParameters,
  type CreateBackfillLogReturnType,
  createBackfillLog,
} from './backfill-log.js'
export { type ExitCode, exitCodeOf, exitCodes } from './errors.js'
export {
  type CreateDaemonLoggerParameters,
  type CreateDaemonLoggerReturnType,
  createDaemonLogger,
} from './logger.js'
export { createProgram } from './program.js'
export { type RunDaemonOptions, runDaemon } from './run-daemon.js'
export {
  type StartStatusLogParameters,
  type StartStatusLogReturnType,
  startStatusLog,
} from './status-log.js'
export {
  type WaitForSignalParameters,
  type WaitForSignalReturnType,
  waitForSignal,
} from './wait-for-signal.js'
