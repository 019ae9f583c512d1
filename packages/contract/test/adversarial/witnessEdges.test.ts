import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordTransaction, writeWitnessFiles } from "@iso-hypervisor/fixtures-gen";
import {
  type MessageWitness,
  WitnessDecodeError,
  decodeMessageWitness,
  decodeRawMessageWitness,
  encodeMessageWitness,
  encodeRawMessageWitness,
} from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { archiveCode } from "../../lib/archiveCode";
import { auditFrames } from "../../lib/auditFrames";
import { type AuditAnswer, decodeAuditAnswer } from "../../lib/decodeAuditAnswer";
import { sendTransaction } from "../../lib/sendTransaction";
import type { Hex } from "../../lib/types";
import { asm } from "../differential/helpers/lookup";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

const W = 64; // hex chars per word
const U256 = (1n << 256n) - 1n;
const toWord = (v: bigint) => v.toString(16).padStart(W, "0");

describe("adversarial: witness encoding edges", function () {
  this.timeout(600_000);
  let d: Deployed;
  let stop: MessageWitness;

  const audit = async (data: Hex, gas = 16_777_216n): Promise<AuditAnswer & { answer: Hex }> => {
    let answer: Hex;
    let reverted = false;
    try {
      answer = (await d.host.provider.request({
        method: "eth_call",
        params: [{ from: d.host.from, to: d.hypervisor, data, gas: `0x${gas.toString(16)}` }, "latest"],
      })) as Hex;
    } catch (error) {
      reverted = true;
      const e = error as { data?: unknown; message?: string };
      if (typeof e.data === "string") answer = e.data as Hex;
      else if (/out of gas/i.test(String(e.message))) answer = "0x";
      else throw error;
    }
    return { ...decodeAuditAnswer(answer, reverted, data), answer };
  };

  before(async () => {
    d = await deployAll();
    const run = await runNative(d.host, { name: "edges stop", source: "PUSH0 POP STOP", expect: "success" });
    stop = run.frame.witness;
    expect([stop.status, stop.stateAccessList.length]).to.deep.equal([1n, 0]);
    await archiveCode(d.host, d.factory, stop.to as Hex, run.code);
  });

  it("structural mutations: the hypervisor says MalformedWitness exactly when decodeRawMessageWitness throws", async () => {
    const base = encodeRawMessageWitness({
      ...stop,
      stateAccessList: [
        { opcode: 0x43n, stateRoot: `0x${"11".repeat(32)}`, data: "0x" },
        { opcode: 0x54n, stateRoot: `0x${"22".repeat(32)}`, data: `0x${"ab".repeat(33)}` },
        { opcode: 0xf1n, stateRoot: `0x${"33".repeat(32)}`, data: `0x${"cd".repeat(64)}` },
      ],
      calldata: "0x0102030405",
    });
    const body = base.slice(2);
    const words = body.length / W;
    const variants = new Map<string, Hex>();
    for (let i = 0; i < words; i++) {
      const orig = BigInt(`0x${body.slice(i * W, (i + 1) * W)}`);
      const values = [
        0n,
        1n,
        2n,
        0x20n,
        0x60n,
        orig + 1n,
        orig - 1n,
        orig + 32n,
        orig - 32n,
        1n << 32n,
        (1n << 64n) - 1n,
        1n << 64n,
        1n << 255n,
        U256,
        orig | (1n << 160n),
      ].filter((v) => v >= 0n && v <= U256 && v !== orig);
      for (const v of values)
        variants.set(`word ${i} = ${v}`, `0x${body.slice(0, i * W)}${toWord(v)}${body.slice((i + 1) * W)}`);
      variants.set(`word ${i} removed`, `0x${body.slice(0, i * W)}${body.slice((i + 1) * W)}`);
      variants.set(
        `zero word inserted before ${i}`,
        `0x${body.slice(0, i * W)}${"0".repeat(W)}${body.slice(i * W)}`,
      );
    }
    for (let b = 0; b < body.length / 2; b++) {
      if (body.slice(2 * b, 2 * b + 2) !== "00") continue;
      variants.set(`byte ${b} = 01`, `0x${body.slice(0, 2 * b)}01${body.slice(2 * b + 2)}`);
    }
    variants.set("one trailing byte", `0x${body}00`);
    variants.set("one byte short", `0x${body.slice(0, -2)}`);

    const disagree: string[] = [];
    let malformed = 0;
    for (const [name, bytes] of variants) {
      let sdk: "accepts" | "rejects" = "accepts";
      try {
        const raw = decodeRawMessageWitness(bytes);
        if (encodeRawMessageWitness(raw) !== bytes)
          disagree.push(`${name}: SDK accepts a non-canonical encoding`);
      } catch (e) {
        if (!(e instanceof WitnessDecodeError)) disagree.push(`${name}: SDK throws ${(e as Error).name}`);
        sdk = "rejects";
      }
      const a = await audit(bytes);
      const hv = a.reason === "MalformedWitness" ? "rejects" : "accepts";
      if (a.reason === "MalformedWitness") {
        malformed++;
        if (a.pc !== 0 || a.record !== 0)
          disagree.push(`${name}: MalformedWitness with pc ${a.pc} record ${a.record}`);
      }
      if (a.verdict === "inconclusive" && a.reason !== "CodeNotArchived")
        disagree.push(`${name}: inconclusive ${a.reason}`);
      if (sdk !== hv) disagree.push(`${name}: SDK ${sdk}, hypervisor ${a.reason}`);
    }
    console.log(`    ${variants.size} variants, ${malformed} malformed`);
    expect(disagree).to.deep.equal([]);
  });

  it("gasAvailable 2^64-1 is accepted and GAS reads it exactly; 2^64 is MalformedWitness at 0x140 in both", async () => {
    const run = await runNative(d.host, {
      name: "edges gas",
      source: "GAS PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      expect: "success",
    });
    const w = run.frame.witness;
    await archiveCode(d.host, d.factory, w.to as Hex, run.code);
    const claim = (gasAvailable: bigint) =>
      encodeRawMessageWitness({
        ...w,
        stateAccessList: [],
        gasAvailable,
        returndataHash: keccak256(`0x${toWord(gasAvailable - 2n)}`) as Hex,
      });
    expect((await audit(claim(w.gasAvailable))).reason, "the recorded gas").to.equal("Valid");
    for (const g of [(1n << 64n) - 1n, (1n << 63n) + 3n, w.gasUsed]) {
      const a = await audit(claim(g));
      expect([g, a.reason]).to.deep.equal([g, "Valid"]);
    }
    // one gas less than the frame needs: an exceptional halt, not the success claim
    const short = await audit(claim(w.gasUsed - 1n));
    expect([short.reason, short.details.actual]).to.deep.equal(["StatusMismatch", "2"]);
    for (const g of [1n << 64n, (1n << 64n) + 2n, U256]) {
      const bytes = claim(g);
      const a = await audit(bytes);
      expect([a.reason, a.details.calldataOffset]).to.deep.equal(["MalformedWitness", "320"]);
      expect(() => decodeRawMessageWitness(bytes))
        .to.throw(WitnessDecodeError)
        .with.property("offset", 320);
    }
  });

  it("gasUsed above gasAvailable and status 3 / 2^255 / 2^256-1: mismatches carrying the truth, never valid", async () => {
    const claims: [string, { gasUsed?: bigint; status?: bigint }, string, string][] = [
      [
        "gasUsed = gasAvailable + 1",
        { gasUsed: stop.gasAvailable + 1n },
        "GasUsedMismatch",
        `${stop.gasUsed}`,
      ],
      ["gasUsed = 2^256-1", { gasUsed: U256 }, "GasUsedMismatch", `${stop.gasUsed}`],
      ["status 3", { status: 3n }, "StatusMismatch", "1"],
      ["status 2^255", { status: 1n << 255n }, "StatusMismatch", "1"],
      ["status 2^256-1", { status: U256 }, "StatusMismatch", "1"],
    ];
    expect((await audit(encodeRawMessageWitness({ ...stop, stateAccessList: [] }))).reason).to.equal("Valid");
    for (const [name, change, reason, actual] of claims) {
      const bytes = encodeRawMessageWitness({ ...stop, stateAccessList: [], ...change });
      const a = await audit(bytes);
      expect([name, a.verdict, a.reason, a.details.actual]).to.deep.equal([name, "invalid", reason, actual]);
      // the raw decoder takes any status word; the typed one names the field
      expect(decodeRawMessageWitness(bytes).status).to.equal(change.status ?? stop.status);
      if (change.status !== undefined)
        expect(() => decodeMessageWitness(bytes))
          .to.throw(WitnessDecodeError)
          .with.property("field", "status");
    }
  });

  it("a creation frame (to = 0) with value: valid; its guest calldata is empty; callvalue and init code are bound", async () => {
    const run = await runNative(d.host, {
      name: "edges creation",
      // deployed code = CALLVALUE ++ CALLDATASIZE ++ CALLDATALOAD(0) ++ CALLDATALOAD(2^255) ++ CODESIZE
      source: [
        "CALLVALUE PUSH0 MSTORE CALLDATASIZE PUSH1 32 MSTORE PUSH0 CALLDATALOAD PUSH1 64 MSTORE",
        "PUSH32 0x8000000000000000000000000000000000000000000000000000000000000000 CALLDATALOAD PUSH1 96 MSTORE",
        "CODESIZE PUSH1 128 MSTORE PUSH1 160 PUSH0 RETURN",
      ].join(" "),
      creation: true,
      value: 5n,
      expect: "success",
    });
    const w = run.frame.witness;
    expect([w.to, w.callvalue, w.status]).to.deep.equal([`0x${"00".repeat(20)}`, 5n, 1n]);
    const initCode = w.calldata;
    const deployed = [5n, 0n, 0n, 0n, BigInt((initCode.length - 2) / 2)].map(toWord).join("");
    expect(w.returndataHash).to.equal(keccak256(`0x${deployed}`));
    expect((await audit(encodeRawMessageWitness({ ...w, stateAccessList: [] }))).reason).to.equal("Valid");
    const other = await audit(encodeRawMessageWitness({ ...w, stateAccessList: [], callvalue: 6n }));
    expect(other.reason).to.equal("ReturnDataMismatch");
    const longer = await audit(
      encodeRawMessageWitness({ ...w, stateAccessList: [], calldata: `${initCode}00` as Hex }),
    );
    expect(longer.reason, "one more init code byte: another CODESIZE").to.equal("ReturnDataMismatch");
  });

  it("host gas: the verdict (valid, malformed, mismatch) is the same at every limit that suffices; below it, empty revert data", async () => {
    const inputs: [string, Hex, string][] = [
      ["valid", encodeRawMessageWitness({ ...stop, stateAccessList: [] }), "Valid"],
      [
        "malformed (gasAvailable 2^64)",
        encodeRawMessageWitness({ ...stop, stateAccessList: [], gasAvailable: 1n << 64n }),
        "MalformedWitness",
      ],
      [
        "gasUsed + 1",
        encodeRawMessageWitness({ ...stop, stateAccessList: [], gasUsed: stop.gasUsed + 1n }),
        "GasUsedMismatch",
      ],
    ];
    for (const [name, bytes, expected] of inputs) {
      const b = bytes.slice(2).match(/../g)!;
      const zeros = b.filter((x) => x === "00").length;
      const least =
        21_000n +
        BigInt(Math.max(4 * zeros + 16 * (b.length - zeros), 10 * (zeros + 4 * (b.length - zeros))));
      const top = await audit(bytes);
      expect([name, top.reason]).to.deep.equal([name, expected]);
      // the least limit that gives a verdict (the EIP-7623 floor may already leave enough)
      let lo = least - 1n;
      let hi = 16_777_216n;
      if ((await audit(bytes, least)).reason !== "OutOfHostGas") hi = least;
      else lo = least;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if ((await audit(bytes, mid)).reason === "OutOfHostGas") lo = mid;
        else hi = mid;
      }
      if (expected !== "MalformedWitness")
        expect(hi > least, `${name}: some limit above the floor is too little`).to.equal(true);
      const outcomes: string[] = [];
      for (const g of [least + 1n, (least + lo) / 2n, lo - 1n, lo].filter((x) => x >= least && x < hi)) {
        const a = await audit(bytes, g);
        if (a.reason !== "OutOfHostGas" || a.answer !== "0x")
          outcomes.push(`${g} (below ${hi}): ${a.reason} ${a.answer}`);
      }
      for (const g of [hi, hi + 1n, hi + 63n, hi * 2n, 16_777_216n]) {
        const a = await audit(bytes, g);
        if (a.reason !== expected || a.answer !== top.answer) outcomes.push(`${g} (from ${hi}): ${a.reason}`);
      }
      expect(outcomes, name).to.deep.equal([]);
    }
  });

  it("a static frame, recorded natively: CALL with value halts before its record, CALLCODE with value and CALL without reach theirs", async () => {
    const setCode = (addr: Hex, src: string) =>
      d.host.provider.request({ method: "hardhat_setCode", params: [addr, asm(src)] });
    const callee = "0x00000000000000000000000000000000000ed9e1" as Hex;
    await setCode(callee, "CALLVALUE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN");
    const cases: [string, string, bigint, string][] = [
      ["CALL value 1", "CALL", 1n, "halt"],
      ["CALL value 0", "CALL", 0n, "record"],
      ["CALLCODE value 1", "CALLCODE", 1n, "record"],
    ];
    let n = 0;
    for (const [name, op, value, expected] of cases) {
      n++;
      const inner = `0x00000000000000000000000000000000000ed9${(0x10 + n).toString(16)}` as Hex;
      const outer = `0x00000000000000000000000000000000000ed9${(0x20 + n).toString(16)}` as Hex;
      await setCode(
        inner,
        `PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 ${value} PUSH20 ${callee} GAS ${op} PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`,
      );
      await setCode(outer, `PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${inner} GAS STATICCALL STOP`);
      await d.host.provider.request({ method: "hardhat_setBalance", params: [inner, "0x10"] });
      const sent = await sendTransaction(d.host, { to: outer, data: "0x", gas: 1_000_000n });
      const rec = await recordTransaction(d.host.provider as never, sent.hash);
      const frame = rec.frames.find((f) => f.witness.to === inner)!;
      const w = frame.witness;
      expect([name, w.isStatic]).to.deep.equal([name, true]);
      await archiveCode(d.host, d.factory, inner, frame.code[inner]);
      const a = await audit(encodeMessageWitness(w));
      if (expected === "halt") {
        expect([name, w.status, w.stateAccessList.length, a.reason]).to.deep.equal([name, 2n, 0, "Valid"]);
        // the same frame claiming the record was taken (and the call made) is never valid
        const claimed = await audit(
          encodeRawMessageWitness({
            ...w,
            stateAccessList: [
              { opcode: BigInt(op === "CALL" ? 0xf1 : 0xf2), stateRoot: `0x${"00".repeat(32)}`, data: "0x" },
            ],
          }),
        );
        expect([name, claimed.reason]).to.deep.equal([name, "RecordsNotConsumed"]);
      } else {
        const child = rec.frames.find((f) => f.witness.to === callee)!;
        expect([
          name,
          w.status,
          w.stateAccessList.map((r) => r.op),
          child.witness.isStatic,
          child.witness.callvalue,
        ]).to.deep.equal([name, 1n, [op], true, value]);
        expect([name, a.reason, a.pc]).to.deep.equal([name, "RecordUnsupported", 28]);
        await archiveCode(d.host, d.factory, callee, child.code[callee]);
        const childAudit = await audit(encodeMessageWitness(child.witness));
        expect([name, childAudit.reason]).to.deep.equal([name, "Valid"]);
      }
    }
  });

  describe("hardhat audit-witness on a directory, an empty directory and an out-of-range file", () => {
    const HARDHAT = require.resolve("hardhat/internal/cli/cli.js");
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [HARDHAT, "audit-witness", ...args], {
        cwd: join(__dirname, "..", ".."),
        encoding: "utf8",
        timeout: 120_000,
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    let root: string;
    let good: Record<string, unknown>;

    before(async () => {
      const run = await runNative(d.host, {
        name: "edges cli",
        source: "CALLDATASIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
        calldata: "0xabcdef",
        expect: "success",
      });
      root = mkdtempSync(join(tmpdir(), "witness-edges-"));
      writeWitnessFiles(await recordTransaction(d.host.provider as never, run.txHash), join(root, "a"));
      good = JSON.parse(readFileSync(join(root, "a", "0.json"), "utf8"));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    const put = (dir: string, name: string, json: unknown) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, name), JSON.stringify(json));
      return join(root, dir, name);
    };

    it("a directory of a valid and a tampered frame: one JSON entry each in directory order, exit 1", () => {
      const w = good.witness as Record<string, string>;
      put("b", "0.json", { ...good, witness: { ...w, gasUsed: String(BigInt(w.gasUsed) + 1n) } });
      const all = cli(root, "--json");
      expect(all.status, all.stderr).to.equal(1);
      const { frames } = JSON.parse(all.stdout) as { frames: Record<string, unknown>[] };
      expect(frames.map((f) => [f.file, f.frame, f.verdict, f.reason])).to.deep.equal([
        [join(root, "a", "0.json"), "0", "valid", "Valid"],
        [join(root, "b", "0.json"), "0", "invalid", "GasUsedMismatch"],
      ]);
      for (const f of frames)
        expect(Object.keys(f).sort()).to.deep.equal(
          ["auditGas", "file", "frame", "pc", "reason", "record", "verdict", "witnessBytes"].sort(),
        );
      expect(frames[1].witnessBytes).to.equal(frames[0].witnessBytes);
      expect(frames[1].pc).to.be.a("number");
    });

    it("a file without its guest code, alone on a fresh chain: inconclusive ArchiveFailed (never valid), exit 1", () => {
      const file = put("c", "0.json", { ...good, code: {} });
      const r = cli(file);
      expect(r.status, r.stderr).to.equal(1);
      const lines = r.stdout.trim().split("\n");
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^inconclusive\s+ArchiveFailed\s+pc -\s+record -\s+gas -/);
      expect(lines[0]).to.contain(`${file}#0`);
    });

    it("an empty directory, a directory of non-JSON files and gasAvailable 2^64: exit 2, one line on stderr", () => {
      mkdirSync(join(root, "empty"));
      mkdirSync(join(root, "txt"));
      writeFileSync(join(root, "txt", "notes.txt"), "x");
      const w = good.witness as Record<string, string>;
      const big = put("big", "0.json", { ...good, witness: { ...w, gasAvailable: String(1n << 64n) } });
      for (const [path, message] of [
        [join(root, "empty"), "the directory holds no .json witness file"],
        [join(root, "txt"), "the directory holds no .json witness file"],
        [big, "gasAvailable"],
      ]) {
        const r = cli(path, "--json");
        expect([path, r.status, r.stdout]).to.deep.equal([path, 2, ""]);
        expect(r.stderr.trim().split("\n")).to.have.length(1);
        expect(r.stderr).to.contain(message);
      }
    });
  });
});
