import Table from 'cli-table3'

/** Parameters of {@link createTable}. */
export type CreateTableParameters = {
  head: string[]
  align?: ('left' | 'right')[] | undefined
  /** Colours (header cyan, grey borders); default when stdout is a terminal. */
  color?: boolean | undefined
}

/**
 * A compact cli-table3 table (no line between rows), coloured only in a terminal so piped output
 * stays plain text.
 *
 * @example
 * const t = createTable({ head: ['chain', 'block'], align: ['left', 'right'] })
 * t.push(['ethereum', '123'])
 */
export function createTable(parameters: CreateTableParameters): Table.Table {
  const color = parameters.color ?? Boolean(process.stdout.isTTY)
  return new Table({
    head: parameters.head,
    colAligns: parameters.align,
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  })
}
