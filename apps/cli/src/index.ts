export {
  type AaveV3Config,
  type ChainConfig,
  defineConfig,
  type MorphoBlueConfig,
  type MorphoMarketConfig,
  type RiskOverrides,
  type RpcUrls,
  type TokenConfig,
  type WebSocketUrl,
  type XmarginConfig,
} from './config/define-config.js'
export { type LoadConfigParameters, type LoadConfigReturnType, loadConfig } from './config/load-config.js'
export type { ResolvedChain, ResolvedConfig } from './config/resolved-config.js'
export {
  type ValidateConfigParameters,
  type ValidateConfigReturnType,
  validateConfig,
} from './config/validate-config.js'
export { CliError, ConfigError, type ConfigIssue, type ExitCode, exitCodes } from './errors.js'
export { createProgram } from './program.js'
