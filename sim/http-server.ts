import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Starts listening and returns the server's base URL, such as `http://127.0.0.1:41234`. */
export async function listen (server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const address = server.address() as AddressInfo
  const hostPart = host.includes(':') ? `[${host}]` : host
  return `http://${hostPart}:${address.port}`
}

/** Sends `body` as a JSON response with its length. */
export function sendJson (response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  })
  response.end(text)
}

/** Stops listening and ends open connections, keep-alive ones included. */
export async function closeServer (server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  await closed
}
