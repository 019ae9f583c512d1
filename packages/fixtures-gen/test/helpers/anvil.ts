import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

/** A free TCP port on 127.0.0.1 (the OS picks it; there is a tiny race, as with every such helper). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Anvil {
  url: string;
  stop(): Promise<void>;
}

/** Starts the npm anvil with step tracing at Osaka on a free port, and waits until it answers. */
export async function startAnvil(): Promise<Anvil> {
  const port = await freePort();
  const bin = join(__dirname, "..", "..", "node_modules", ".bin", "anvil");
  const proc: ChildProcess = spawn(
    bin,
    ["--steps-tracing", "--hardfork", "osaka", "--port", String(port), "--host", "127.0.0.1", "--silent"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  proc.stderr?.on("data", (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // The npm wrapper exits with anvil's status, or dies of the signal that killed anvil (exitCode stays null).
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  for (let i = 0; i < 200; i++) {
    if (exited()) throw new Error(`anvil exited with ${proc.exitCode ?? proc.signalCode}: ${stderr}`);
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (r.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`anvil did not answer on ${url}: ${stderr}`);
}
