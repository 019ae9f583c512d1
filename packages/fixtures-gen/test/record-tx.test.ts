import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { runScenarios } from "../scripts/scenarios";
import { createHttpProvider, recordTransaction, writeWitnessFiles } from "../src";
import { type Anvil, freePort, startAnvil } from "./helpers/anvil";

const PKG = join(__dirname, "..");

/** Runs `hardhat record-tx` from the package directory (Hardhat finds the workspace config upwards). */
async function recordTx(args: string[]): Promise<{ status: number | null; out: string[]; err: string[] }> {
  // Asynchronous: the test's own HTTP node must keep answering while the command runs.
  const child = spawn(join(PKG, "node_modules", ".bin", "hardhat"), ["record-tx", ...args], { cwd: PKG });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const status = await new Promise<number | null>((ok) => child.on("close", (code) => ok(code)));
  const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
  return { status, out: lines(stdout), err: lines(stderr) };
}

/** A JSON-RPC node that knows one mined transaction but has no debug_traceTransaction. */
async function nodeWithoutDebug(): Promise<{ url: string; server: Server }> {
  const tx = {
    blockNumber: "0x2",
    transactionIndex: "0x0",
    from: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
    to: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    input: "0x",
    value: "0x0",
    gas: "0x5208",
    gasPrice: "0x1",
  };
  const answers: Record<string, unknown> = {
    eth_getTransactionByHash: tx,
    eth_getTransactionReceipt: {
      status: "0x1",
      gasUsed: "0x5208",
      effectiveGasPrice: "0x1",
      contractAddress: null,
    },
    eth_chainId: "0x1",
    eth_getBlockByNumber: { stateRoot: `0x${"11".repeat(32)}`, miner: `0x${"22".repeat(20)}` },
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      const { id, method } = JSON.parse(body);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          method in answers
            ? { jsonrpc: "2.0", id, result: answers[method] }
            : {
                jsonrpc: "2.0",
                id,
                error: { code: -32601, message: `the method ${method} does not exist/is not available` },
              },
        ),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${port}`, server };
}

describe("hardhat record-tx", function () {
  this.timeout(600_000);
  let anvil: Anvil;
  let txHash: `0x${string}`;
  let tmp: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "iso-record-tx-"));
    anvil = await startAnvil();
    const scenarios = await runScenarios(createHttpProvider(anvil.url), false);
    txHash = scenarios.find((s) => s.name === "uniswap-swap-exact-eth-for-tokens")!.txHash;
  });
  after(async () => {
    await anvil?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("writes one witness file per frame and prints one summary line", async () => {
    const out = join(tmp, "swap");
    const r = await recordTx(["--rpc", anvil.url, "--tx", txHash, "--out", out]);
    expect(r.err, r.err.join("\n")).to.deep.equal([]);
    expect(r.status).to.equal(0);
    const recorded = await recordTransaction(anvil.url, txHash);
    const records = recorded.frames.reduce((n, f) => n + f.witness.stateAccessList.length, 0);
    const again = join(tmp, "swap-lib");
    const bytes = writeWitnessFiles(recorded, again);
    expect(r.out).to.deep.equal([
      `record-tx: ${recorded.frames.length} frames, ${records} records, ${bytes} bytes -> ${out}`,
    ]);
    const files = readdirSync(out).sort();
    expect(files).to.deep.equal(recorded.frames.map((f) => `${f.name}.json`).sort());
    for (const f of files)
      expect(readFileSync(join(out, f), "utf8"), f).to.equal(readFileSync(join(again, f), "utf8"));
  });

  it("a missing transaction: one line, exit 1, nothing written", async () => {
    const out = join(tmp, "missing");
    const r = await recordTx(["--tx", `0x${"ab".repeat(32)}`, "--out", out]);
    expect(r.status).to.equal(1);
    expect(r.out).to.deep.equal([]);
    expect(r.err).to.deep.equal([
      `record-tx: transaction 0x${"ab".repeat(32)} not found (not mined on this node)`,
    ]);
    expect(existsSync(out)).to.equal(false);
  });

  it("a node without debug_traceTransaction: one line, exit 1, nothing written", async () => {
    const { url, server } = await nodeWithoutDebug();
    try {
      const out = join(tmp, "nodebug");
      const r = await recordTx(["--rpc", url, "--tx", `0x${"cd".repeat(32)}`, "--out", out]);
      expect(r.status).to.equal(1);
      expect(r.err).to.have.length(1);
      expect(r.err[0]).to.match(
        /^record-tx: the node does not serve debug_traceTransaction struct logs: .*-32601/,
      );
      expect(existsSync(out)).to.equal(false);
    } finally {
      server.close();
    }
  });

  it("an unwritable directory: one line, exit 1, nothing left behind", async () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "not a directory");
    const before = readdirSync(tmp).sort();
    const r = await recordTx(["--rpc", anvil.url, "--tx", txHash, "--out", join(file, "out")]);
    expect(r.status).to.equal(1);
    expect(r.err).to.have.length(1);
    expect(r.err[0]).to.match(/^record-tx: cannot write witnesses to .*a-file\/out: /);
    expect(readdirSync(tmp).sort()).to.deep.equal(before);
  });

  it("a directory that is not empty: one line, exit 1, left untouched", async () => {
    const out = join(tmp, "full");
    rmSync(out, { recursive: true, force: true });
    require("node:fs").mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const r = await recordTx(["--rpc", anvil.url, "--tx", txHash, "--out", out]);
    expect(r.status).to.equal(1);
    expect(r.err).to.deep.equal([`record-tx: cannot write witnesses to ${out}: it exists and is not empty`]);
    expect(readdirSync(out)).to.deep.equal(["keep.txt"]);
  });
});
