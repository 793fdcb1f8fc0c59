import { request } from 'node:http'

/** A GraphQL answer as the per-client limit tests read it. */
export type PostAnswer = {
  status: number
  retryAfter: string | undefined
  codes: (string | undefined)[]
  data: unknown
}

/** POSTs a GraphQL request from a given loopback address (a distinct client to the server), with extra headers. */
export function postFrom(
  url: string,
  query: string,
  from = '127.0.0.1',
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify({ query })
  return new Promise<PostAnswer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          const json = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            codes: (json.errors ?? []).map((e) => e.extensions?.code),
            data: json.data ?? null,
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
