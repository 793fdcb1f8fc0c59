import { Command } from 'commander'
import { addCascadeCommand } from './commands/cascade.js'
import { addDevCommand } from './commands/dev.js'
import { addInitCommand } from './commands/init.js'
import { addMarginCommand } from './commands/margin.js'
import { addNetworkCommands } from './commands/network.js'
import { addStressCommand } from './commands/stress.js'

/**
 * The `xmargin` program (commander): `dev`, `index`, `serve`, `start`, `margin`, `stress`, `init`.
 * Usage errors exit with 2; `main.ts` maps every other error to one line and an exit code.
 *
 * @example
 * await createProgram().parseAsync(['node', 'xmargin', 'margin', '0xabc…', '--json'])
 */
export function createProgram(): Command {
  const program = new Command('xmargin')
    .description('Cross-chain portfolio margin: one balance sheet and one margin over many chains and venues')
    .option('-v, --verbose', 'print the stack trace and details of errors')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
  addDevCommand(program)
  addNetworkCommands(program)
  addMarginCommand(program)
  addStressCommand(program)
  addCascadeCommand(program)
  addInitCommand(program)
  for (const command of program.commands) command.exitOverride()
  return program
}
