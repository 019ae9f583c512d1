import { expect } from "chai";
import { Interface, keccak256 } from "ethers";
import { sampleWitness } from "../test/arbitraries";
import { checkWitnessFile } from "./checkWitnessFile";
import { decodeMessageWitness } from "./decodeMessageWitness";
import { decodeRawMessageWitness } from "./decodeRawMessageWitness";
import { decodeVerdict } from "./decodeVerdict";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { encodeRawMessageWitness } from "./encodeRawMessageWitness";
import { RecordDecodeError, VerdictDecodeError, WitnessDecodeError, WitnessEncodeError } from "./errors";
import { HYPERVISOR_ERRORS_ABI } from "./hypervisorErrors";
import type { MessageWitness, WitnessFile } from "./types";

const U256 = (1n << 256n) - 1n;
const num = (n: bigint) => n.toString(16).padStart(64, "0");
const setWord = (hex: string, i: number, v: bigint) =>
  `0x${hex.slice(2, 2 + 64 * i)}${num(v)}${hex.slice(2 + 64 * (i + 1))}` as `0x${string}`;

/** The error a call throws (or undefined). */
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe("witness edges (SDK)", () => {
  const w = sampleWitness();
  const enc = encodeMessageWitness(w);
  const words = (enc.length - 2) / 64;

  it("hex and Uint8Array inputs fail alike: the same error class, field and offset for every word set to an edge value", () => {
    let rejected = 0;
    for (let i = 0; i < words; i++) {
      for (const v of [0n, 1n << 32n, 1n << 53n, (1n << 64n) - 1n, 1n << 64n, 1n << 255n, U256]) {
        const hex = setWord(enc, i, v);
        const a = thrown(() => decodeRawMessageWitness(hex));
        const b = thrown(() => decodeRawMessageWitness(Uint8Array.from(Buffer.from(hex.slice(2), "hex"))));
        const c = thrown(() =>
          decodeRawMessageWitness(hex.toUpperCase().replace("0X", "0x") as `0x${string}`),
        );
        if (a === undefined) {
          expect([i, v, b, c]).to.deep.equal([i, v, undefined, undefined]);
          continue;
        }
        rejected++;
        for (const e of [a, b, c]) {
          expect(e, `word ${i} = ${v}`).to.be.instanceOf(WitnessDecodeError);
          const d = e as WitnessDecodeError;
          expect([d.field, d.offset]).to.deep.equal([
            (a as WitnessDecodeError).field,
            (a as WitnessDecodeError).offset,
          ]);
          expect(d.offset).to.be.within(0, (enc.length - 2) / 2);
        }
      }
    }
    expect(rejected, "the edge values break some offsets and lengths").to.be.greaterThan(words);
  });

  it("inputs that are not hex: typed errors, never a raw Error", () => {
    for (const bad of ["0x0", "0xzz", "deadbeef", "", "0x" + "0".repeat(63)]) {
      expect(
        thrown(() => decodeRawMessageWitness(bad as `0x${string}`)),
        bad,
      ).to.be.instanceOf(WitnessDecodeError);
      expect(
        thrown(() => decodeMessageWitness(bad as `0x${string}`)),
        bad,
      ).to.be.instanceOf(WitnessDecodeError);
    }
  });

  it("record data with a dirty address or a bool of 2 is a RecordDecodeError naming the record and field", () => {
    const raw = decodeRawMessageWitness(
      encodeMessageWitness({
        ...w,
        stateAccessList: [
          { op: "BALANCE", stateRoot: w.stateRootEnter, address: w.origin, balance: 1n, warm: true },
        ],
      }),
    );
    const data = raw.stateAccessList[0].data.slice(2);
    const cases: [string, string][] = [
      ["address", `01${data.slice(2)}`],
      ["warm", `${data.slice(0, 128)}${num(2n)}`],
    ];
    for (const [field, d] of cases) {
      const bytes = encodeRawMessageWitness({
        ...raw,
        stateAccessList: [{ ...raw.stateAccessList[0], data: `0x${d}` }],
      });
      expect(() => decodeRawMessageWitness(bytes), "the raw decoder keeps records raw").not.to.throw();
      const e = thrown(() => decodeMessageWitness(bytes)) as RecordDecodeError;
      expect(e).to.be.instanceOf(RecordDecodeError);
      expect([e.record, e.field]).to.deep.equal([0, field]);
    }
    // one byte more or less of data: the schema's length
    for (const d of [`${data}00`, data.slice(2)]) {
      const bytes = encodeRawMessageWitness({
        ...raw,
        stateAccessList: [{ ...raw.stateAccessList[0], data: `0x${d}` }],
      });
      const e = thrown(() => decodeMessageWitness(bytes)) as RecordDecodeError;
      expect([e instanceof RecordDecodeError, e.record, e.field]).to.deep.equal([true, 0, "data"]);
    }
  });

  it("the typed encoder refuses what the hypervisor calls malformed or never valid (gasAvailable 2^64, status 3)", () => {
    for (const change of [
      { gasAvailable: 1n << 64n },
      { gasAvailable: U256 },
      { status: 3n },
      { status: 1n << 255n },
    ]) {
      const e = thrown(() =>
        encodeMessageWitness({ ...w, ...change } as MessageWitness),
      ) as WitnessEncodeError;
      expect(e).to.be.instanceOf(WitnessEncodeError);
      expect(e.field).to.equal(Object.keys(change)[0]);
    }
    expect(() => encodeMessageWitness({ ...w, gasAvailable: (1n << 64n) - 1n })).not.to.throw();
  });

  it("decodeVerdict: a valid answer for another witness, a dirty or short MalformedWitness, and trailing bytes are VerdictDecodeError", () => {
    const iface = new Interface(HYPERVISOR_ERRORS_ABI);
    const good = iface.encodeErrorResult("MalformedWitness", [0n, 0n, 320n]);
    expect(decodeVerdict({ reverted: true, data: good }, enc)).to.include({
      verdict: "invalid",
      reason: "MalformedWitness",
    });
    expect(decodeVerdict({ reverted: true, data: good.toUpperCase().replace("0X", "0x") }, enc)).to.include({
      reason: "MalformedWitness",
    });
    const other = `0x${num(BigInt(keccak256(`${enc}00`)))}`;
    const bad = [
      { reverted: false, data: other },
      { reverted: false, data: `0x${num(BigInt(keccak256(enc)))}00` },
      { reverted: true, data: good.slice(0, -2) },
      { reverted: true, data: `${good}00` },
      { reverted: true, data: good.slice(0, 10) },
      { reverted: true, data: "0x12345678" },
      // CodeNotArchived's address argument with dirty high bytes
      {
        reverted: true,
        data: `${iface.encodeErrorResult("CodeNotArchived", [0n, 0n, w.to]).slice(0, 2 + 8 + 128)}ff${"00".repeat(11)}${w.to.slice(2)}`,
      },
    ];
    for (const answer of bad)
      expect(
        thrown(() => decodeVerdict(answer, enc)),
        answer.data,
      ).to.be.instanceOf(VerdictDecodeError);
    expect(decodeVerdict({ reverted: false, data: `0x${num(BigInt(keccak256(enc)))}` }, w)).to.include({
      verdict: "valid",
    });
  });

  it("checkWitnessFile: a creation frame needs no guest code and is never static; a static frame may CALLCODE with value (EIP-214 forbids only CALL), and its child is static with that value", () => {
    const file = (witness: MessageWitness, code: WitnessFile["code"] = {}): WitnessFile => ({
      version: 1,
      chainId: 1n,
      blockNumber: 1n,
      transactionHash: `0x${"00".repeat(32)}`,
      path: [],
      witness,
      code,
    });
    const zero = `0x${"00".repeat(20)}` as const;
    const base = { ...w, stateAccessList: [], callvalue: 0n };
    expect(checkWitnessFile(file({ ...base, to: zero }))).to.deep.equal([]);
    expect(
      checkWitnessFile(file({ ...base, to: zero, isStatic: true })).map((i) => i.field),
      "a static creation frame cannot happen",
    ).to.deep.equal(["isStatic"]);
    // the child of a CALLCODE with value in a static frame: static, with that value
    expect(
      checkWitnessFile(file({ ...base, isStatic: true, callvalue: 1n }, { [w.to]: "0x00" })),
    ).to.deep.equal([]);
    expect(checkWitnessFile(file(base)).map((i) => i.field)).to.deep.equal(["code"]);
    const callcode = {
      op: "CALLCODE" as const,
      stateRoot: w.stateRootEnter,
      gasGiven: 2300n,
      address: `0x${"dd".repeat(20)}` as const,
      value: 1n,
      argsHash: keccak256("0x") as `0x${string}`,
      warm: false,
      delegate: zero,
      delegateWarm: false,
      success: true,
      gasUsed: 0n,
      refund: 0n,
      returndata: "0x" as const,
    };
    const code = { [w.to]: "0x00" as const };
    expect(
      checkWitnessFile(file({ ...base, isStatic: true, stateAccessList: [callcode] }, code)),
    ).to.deep.equal([]);
    const call = { ...callcode, op: "CALL" as const, exists: true };
    expect(
      checkWitnessFile(file({ ...base, isStatic: true, stateAccessList: [call] }, code)).map((i) => [
        i.record,
        i.field,
      ]),
    ).to.deep.equal([[0, "op"]]);
  });
});
