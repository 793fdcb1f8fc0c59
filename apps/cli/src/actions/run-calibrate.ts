import { calibrationQueryDocument } from '@xmargin/api'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderCalibration } from '../ui/calibration-tables.js'

/** Options of `xmargin calibrate`. */
export type CalibrateOptions = { json?: boolean; config?: string; db?: string; manifest?: string }

/**
 * Prints the current parameter set (the API's `calibration`): tables, or JSON with `--json`.
 *
 * @example
 * await runCalibrate({ json: true })
 */
export async function runCalibrate(options: CalibrateOptions): Promise<void> {
  const source = await openReportSource(options)
  try {
    const { calibration } = await queryApi({
      api: source.api,
      document: calibrationQueryDocument,
      variables: {},
    })
    process.stdout.write(
      options.json ? `${JSON.stringify(calibration, null, 2)}\n` : renderCalibration(calibration),
    )
  } finally {
    await source.close()
  }
}
