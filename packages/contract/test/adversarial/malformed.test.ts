import { type MessageWitness, decodeRawMessageWitness, encodeMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { auditFrames } from "../../lib/auditFrames";
import { decodeAuditAnswer } from "../../lib/decodeAuditAnswer";
import type { Hex } from "../../lib/types";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

/** Byte surgery on an encoded witness (hex without 0x, 2 chars per byte). */
const W = 64; // hex chars per word
const word = (body: string, i: number) => body.slice(i * W, (i + 1) * W);
const setWord = (body: string, i: number, v: bigint) =>
  body.slice(0, i * W) + v.toString(16).padStart(W, "0") + body.slice((i + 1) * W);
/** Head word `k` of the MessageWitness tuple (word 0 of the calldata is the tuple offset). */
const head = (k: number) => 1 + k;
const FIELD = {
  isStatic: 2,
  origin: 3,
  callvalue: 7,
  gasUsed: 10,
  stateAccessList: 11,
  status: 12,
  calldata: 14,
};

/** Each variant breaks one canonical-encoding rule; the decoded witness may look the same to a lenient decoder. */
function variants(valid: Hex): { name: string; bytes: Hex }[] {
  const body = valid.slice(2);
  const words = body.length / W;
  const listOffset = BigInt(`0x${word(body, head(FIELD.stateAccessList))}`);
  const dataOffset = BigInt(`0x${word(body, head(FIELD.calldata))}`);
  const dataAt = 1 + Number(dataOffset) / 32; // word index of the calldata length word
  const gap = "00".repeat(32);
  const out: { name: string; bytes: Hex }[] = [
    { name: "empty calldata", bytes: "0x" },
    { name: "only the tuple offset", bytes: `0x${word(body, 0)}` },
    { name: "truncated by one byte", bytes: `0x${body.slice(0, -2)}` },
    { name: "truncated by one word", bytes: `0x${body.slice(0, -W)}` },
    { name: "truncated inside the head", bytes: `0x${body.slice(0, 8 * W)}` },
    { name: "one trailing byte", bytes: `0x${body}00` },
    { name: "one trailing zero word", bytes: `0x${body}${gap}` },
    {
      name: "tuple offset 0x40 with a gap word",
      bytes: `0x${setWord(body, 0, 0x40n).slice(0, W)}${gap}${body.slice(W)}`,
    },
    { name: "tuple offset 0", bytes: `0x${setWord(body, 0, 0n)}` },
    {
      name: "calldata offset +32 with a gap word",
      bytes: `0x${setWord(body, head(FIELD.calldata), dataOffset + 32n).slice(0, dataAt * W)}${gap}${body.slice(dataAt * W)}`,
    },
    {
      name: "access list offset +32 with a gap word",
      bytes: `0x${setWord(setWord(body, head(FIELD.stateAccessList), listOffset + 32n), head(FIELD.calldata), dataOffset + 32n).slice(0, (1 + Number(listOffset) / 32) * W)}${gap}${body.slice((1 + Number(listOffset) / 32) * W)}`,
    },
    {
      name: "calldata offset pointing at the access list",
      bytes: `0x${setWord(body, head(FIELD.calldata), listOffset)}`,
    },
    { name: "calldata offset 2^256-1", bytes: `0x${setWord(body, head(FIELD.calldata), (1n << 256n) - 1n)}` },
    {
      name: "access list offset 2^255",
      bytes: `0x${setWord(body, head(FIELD.stateAccessList), 1n << 255n)}`,
    },
    { name: "isStatic = 2", bytes: `0x${setWord(body, head(FIELD.isStatic), 2n)}` },
    {
      name: "origin with a dirty upper byte",
      bytes: `0x${setWord(body, head(FIELD.origin), (1n << 160n) | BigInt(`0x${word(body, head(FIELD.origin))}`))}`,
    },
    {
      name: "calldata length +32 (past the end)",
      bytes: `0x${setWord(body, dataAt, BigInt(`0x${word(body, dataAt)}`) + 32n)}`,
    },
    { name: "calldata length 2^256-1", bytes: `0x${setWord(body, dataAt, (1n << 256n) - 1n)}` },
    {
      name: "access list length 1 without an element",
      bytes: `0x${setWord(body, 1 + Number(listOffset) / 32, 1n)}`,
    },
  ];
  // A non-zero byte in the padding of the guest calldata (its length is not a multiple of 32).
  const last = words - 1;
  const lastWord = word(body, last);
  out.push({
    name: "non-zero calldata padding",
    bytes: `0x${body.slice(0, last * W)}${lastWord.slice(0, W - 2)}01`,
  });
  return out;
}

describe("adversarial: malformed witness bytes are MalformedWitness, exactly where the SDK decoder fails", function () {
  this.timeout(300_000);
  let d: Deployed;
  let witness: MessageWitness;
  let code: Record<string, Hex>;

  before(async () => {
    d = await deployAll();
    // 5 bytes of calldata: its last word has padding to corrupt.
    const run = await runNative(d.host, {
      name: "malformed base",
      source: "CALLDATASIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      calldata: "0x0102030405",
      expect: "success",
    });
    witness = run.frame.witness;
    code = run.frame.code as Record<string, Hex>;
  });

  it("the unmodified encoding is valid (so the variants below test only their one change)", async () => {
    const [a] = await auditFrames(d.host, [{ file: "base", frame: "0", witness, code }], {
      hypervisor: d.hypervisor,
      factory: d.factory,
      measureGas: false,
    });
    expect(a.reason).to.equal("Valid");
  });

  it("every variant is rejected as MalformedWitness by the hypervisor and by decodeRawMessageWitness", async () => {
    const list = variants(encodeMessageWitness(witness));
    const audits = await auditFrames(
      d.host,
      list.map((v) => ({ file: v.name, frame: "0", witness, code, calldata: v.bytes })),
      { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
    );
    const wrong = audits
      .filter((a) => a.reason !== "MalformedWitness")
      .map((a) => `${a.file}: ${a.reason} ${JSON.stringify(a.details)}`);
    const sdkAccepts = list.filter((v) => {
      try {
        decodeRawMessageWitness(v.bytes);
        return true;
      } catch {
        return false;
      }
    });
    expect(wrong, "hypervisor verdicts other than MalformedWitness").to.deep.equal([]);
    expect(
      sdkAccepts.map((v) => v.name),
      "variants the SDK decoder accepts",
    ).to.deep.equal([]);
  });

  it("a guest whose code has no archive: inconclusive CodeNotArchived naming the account, never valid", async () => {
    const to = "0x00000000000000000000000000000000000bad01" as Hex;
    const calldata = encodeMessageWitness({ ...witness, to, context: to });
    let answer: Hex = "0x";
    let reverted = false;
    try {
      answer = (await d.host.provider.request({
        method: "eth_call",
        params: [{ from: d.host.from, to: d.hypervisor, data: calldata }, "latest"],
      })) as Hex;
    } catch (error) {
      reverted = true;
      answer = (error as { data?: Hex }).data ?? "0x";
    }
    const a = decodeAuditAnswer(answer, reverted, calldata);
    expect([a.verdict, a.reason]).to.deep.equal(["inconclusive", "CodeNotArchived"]);
    expect(a.details.account).to.equal(to);
  });
});
