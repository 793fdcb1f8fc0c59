/** Parameters of {@link redactUrls}: the text to clean (an error message, a log line, a stack). */
export type RedactUrlsParameters = string
/** Return type of {@link redactUrls}: the text with every URL cut to its origin. */
export type RedactUrlsReturnType = string

/**
 * An http(s) or ws(s) URL: scheme, authority (userinfo, host, port), then an optional path, query
 * or fragment. Both stop at whitespace, quotes, angle brackets, backticks and backslashes, so a URL
 * inside a JSON string (`…/key\nRequest body…`, `…/key"`) ends where the string or escape does.
 */
const urlPattern = /\b((?:https?|wss?):\/\/)([^\s/?#"'<>`\\]+)([/?#][^\s"'<>`\\]*)?/gi

/**
 * Replaces the path, query and fragment of every http(s)/ws(s) URL in `text` with `/…`, and any
 * credentials before the host with `…@`, keeping the scheme, host and port. Providers put API keys
 * there (`https://eth-mainnet.g.alchemy.com/v2/<key>`), and RPC errors quote the URL they called:
 * pass every error message, stack or log line through this before it leaves the process.
 *
 * @example
 * redactUrls('HTTP request failed. URL: https://eth-mainnet.g.alchemy.com/v2/abc123')
 * // 'HTTP request failed. URL: https://eth-mainnet.g.alchemy.com/…'
 */
export function redactUrls(text: RedactUrlsParameters): RedactUrlsReturnType {
  return text.replace(urlPattern, (_match, scheme: string, authority: string, rest?: string) => {
    const at = authority.lastIndexOf('@')
    const host = at < 0 ? authority : `…@${authority.slice(at + 1)}`
    return `${scheme}${host}${rest ? '/…' : ''}`
  })
}
