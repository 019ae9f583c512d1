import { RpcError } from "./errors";
import type { RequestProvider } from "./types";

/**
 * A minimal JSON-RPC over HTTP provider (`request({ method, params })`), with no retries and no
 * network detection, so a dead or unsuitable node gives one clear error at once.
 *
 * @example
 * const node = createHttpProvider("http://127.0.0.1:8545");
 * const block = await node.request({ method: "eth_blockNumber" });
 */
export function createHttpProvider(url: string): RequestProvider {
  let id = 0;
  return {
    async request({ method, params }) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
        });
      } catch (e) {
        throw new RpcError(method, undefined, `cannot reach ${url}: ${(e as Error).message}`, { cause: e });
      }
      const text = await response.text();
      let body: { result?: unknown; error?: { code?: number; message?: string; data?: unknown } };
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new RpcError(method, undefined, `HTTP ${response.status}, not JSON: ${text.slice(0, 120)}`, {
          cause: e,
        });
      }
      if (body.error !== undefined && body.error !== null) {
        const err = new RpcError(method, body.error.code, body.error.message ?? JSON.stringify(body.error));
        throw Object.assign(err, { data: body.error.data });
      }
      if (!("result" in body)) throw new RpcError(method, undefined, `HTTP ${response.status}, no result`);
      return body.result;
    },
  };
}
