import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWitnessFiles } from "@iso-hypervisor/fixtures-gen";
import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import { encodeMessageWitness, parseWitnessFile } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import hre from "hardhat";
import { sendTransaction } from "../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../lib/types";
import { asm } from "./helpers/lookup";

const HARDHAT = require.resolve("hardhat/internal/cli/cli.js");

/** Runs `hardhat audit-witness ...args` in a fresh process (a fresh in-process chain that lacks the code). */
const auditWitness = (...args: string[]) => {
  const r = spawnSync(process.execPath, [HARDHAT, "audit-witness", ...args], {
    cwd: join(__dirname, "..", ".."),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface JsonFrame {
  file: string;
  frame: string;
  verdict: string;
  reason: string;
  pc: number | null;
  record: number | null;
  auditGas: number;
  witnessBytes: number;
}

describe("hardhat audit-witness", function () {
  this.timeout(300_000);
  let host: AuditHost;
  let dir: string;

  /** Records a transaction to a program into a fresh directory of witness files. */
  const record = async (source: string, calldata: Hex = "0x"): Promise<string> => {
    const to =
      `0x${(0xfeed0000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16).padStart(40, "0")}` as Hex;
    await host.provider.request({ method: "hardhat_setCode", params: [to, asm(source)] });
    const sent = await sendTransaction(host, { to, data: calldata, gas: 1_000_000n });
    const out = join(mkdtempSync(join(tmpdir(), "audit-witness-")), "tx");
    writeWitnessFiles(await recordTransaction(host.provider as never, sent.hash), out);
    return out;
  };

  before(async () => {
    const [from] = (await hre.network.provider.request({ method: "eth_accounts" })) as Hex[];
    host = { provider: hre.network.provider, from };
    dir = await record("CALLDATASIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN", "0xabcdef");
  });

  it("audits a recorded transaction from another chain: valid, exit 0, the documented JSON", () => {
    const r = auditWitness(dir, "--json");
    expect(r.status, r.stderr).to.equal(0);
    const doc = JSON.parse(r.stdout) as { frames: JsonFrame[] };
    expect(doc.frames).to.have.length(1);
    const [f] = doc.frames;
    expect(Object.keys(f).sort()).to.deep.equal(
      ["auditGas", "file", "frame", "pc", "reason", "record", "verdict", "witnessBytes"].sort(),
    );
    expect(f.verdict).to.equal("valid");
    expect(f.frame).to.equal("0");
    expect(f.auditGas).to.be.greaterThan(21_000);
    const witness = parseWitnessFile(readFileSync(join(dir, "0.json"), "utf8")).witness;
    expect(f.witnessBytes).to.equal((encodeMessageWitness(witness).length - 2) / 2);
  });

  it("prints one line per frame without --json", () => {
    const r = auditWitness(join(dir, "0.json"));
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^valid\s+Valid\s+pc -\s+record -\s+gas \d+/);
  });

  it("a tampered gasUsed: invalid GasUsedMismatch, exit 1", () => {
    const file = join(dir, "0.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.witness.gasUsed = String(BigInt(json.witness.gasUsed) + 1n);
    const bad = join(mkdtempSync(join(tmpdir(), "audit-witness-")), "bad.json");
    writeFileSync(bad, JSON.stringify(json));
    const r = auditWitness(bad, "--json");
    expect(r.status).to.equal(1);
    const [f] = (JSON.parse(r.stdout) as { frames: JsonFrame[] }).frames;
    expect([f.verdict, f.reason]).to.deep.equal(["invalid", "GasUsedMismatch"]);
    expect(f.pc).to.be.a("number");
  });

  it("a frame that needs a state-access record is never valid while its checks are unsupported", async () => {
    const sload = await record("PUSH1 7 SLOAD PUSH0 MSTORE PUSH1 32 PUSH0 RETURN");
    const r = auditWitness(sload, "--json");
    const [f] = (JSON.parse(r.stdout) as { frames: JsonFrame[] }).frames;
    if (f.reason === "RecordUnsupported") {
      expect(f.verdict).to.equal("invalid");
      expect(r.status).to.equal(1);
    } else {
      expect([f.verdict, f.reason], "SLOAD records implemented: the true witness is valid").to.deep.equal([
        "valid",
        "Valid",
      ]);
    }
  });

  for (const [name, content] of [
    ["malformed JSON", '{"version": 1,'],
    ["an unknown version", '{"version": 99}'],
  ] as const) {
    it(`bad input (${name}): one clear line, non-zero exit`, () => {
      const file = join(mkdtempSync(join(tmpdir(), "audit-witness-")), "w.json");
      writeFileSync(file, content);
      const r = auditWitness(file);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr.trim().split("\n")).to.have.length(1);
      expect(r.stderr).to.contain(file);
    });
  }

  it("bad input (missing file): one clear line, non-zero exit", () => {
    const r = auditWitness("/nonexistent/witness.json");
    expect(r.status).to.equal(2);
    expect(r.stderr.trim()).to.equal("audit-witness: /nonexistent/witness.json: no such file or directory");
  });
});
