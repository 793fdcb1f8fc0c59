import type { Command } from 'commander'
import type { CalibrateOptions } from '../actions/run-calibrate.js'
import { addSourceOptions } from './margin.js'

/**
 * `xmargin calibrate`: the parameter set reports use now (static, or calibrated from the indexed
 * price history with config `margin: { model: 'dynamic' }`), as tables or `--json`.
 *
 * @example
 * addCalibrateCommand(program)
 */
export function addCalibrateCommand(program: Command): void {
  const command = program
    .command('calibrate')
    .description('print the current parameter set: per-factor volatility, scan range, floors, correlations')
    .option('--json', 'print the API’s Calibration as JSON')
  addSourceOptions(command).action(async (options: CalibrateOptions) => {
    const { runCalibrate } = await import('../actions/run-calibrate.js')
    await runCalibrate(options)
  })
}
