import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { auditFrames } from "../../lib/auditFrames";
import { sendTransaction } from "../../lib/sendTransaction";
import type { Hex } from "../../lib/types";
import { expectTruthValidGasRejected } from "./helpers/auditTruthAndGas";
import { type AuditDeployment, deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

/**
 * Opcode results at operand edges the generated edge pairs of cases.ts do not reach (SIGNEXTEND and BYTE
 * at every index, shifts by 255/256/257, signed division overflow, ADDMOD/MULMOD with a modulus of 0, 1 or
 * 2^256-1 and sums/products over 2^256, EXP gas by exponent length, CLZ, comparisons across the sign
 * boundary, CALLDATALOAD at the calldata's end for sizes 0, 1, 31, 33, CODECOPY/CODESIZE/PC at the end of
 * code, RETURNDATACOPY before any call, DUPn/SWAPn at exactly their depth) and the message values of
 * DELEGATECALL, CALLCODE and CALL child frames, whose `context` differs from `to` (or whose value and
 * caller differ from the transaction's).
 *
 * Each program runs natively, is recorded and audited: the true witness is Valid with a code-only archive
 * (lazy analysis) and then with the analysis image, and gasUsed + 1 is rejected. Where a TypeScript model
 * gives the values, the native return data (its hash in the witness) is checked against it too, so a case
 * tests the values it names, and the hypervisor, which must match that hash, computes them as well.
 */

const U256 = (1n << 256n) - 1n;
const SIGN = 1n << 255n;
const hex = (v: bigint) => `0x${v.toString(16)}`;
const word = (v: bigint) => v.toString(16).padStart(64, "0");
const hashOfWords = (words: readonly bigint[]): Hex => keccak256(`0x${words.map(word).join("")}`) as Hex;

const toSigned = (x: bigint) => (x & SIGN ? x - (1n << 256n) : x);
const toWord = (x: bigint) => x & U256;

/** EVM models of the opcodes under test (yellow paper / revm semantics). */
const model = {
  SIGNEXTEND: (b: bigint, x: bigint) => {
    if (b >= 31n) return x;
    const bit = 8n * b + 7n;
    const mask = (1n << (bit + 1n)) - 1n;
    return (x >> bit) & 1n ? toWord(x | ~mask) : x & mask;
  },
  BYTE: (i: bigint, x: bigint) => (i < 32n ? (x >> (8n * (31n - i))) & 0xffn : 0n),
  SHL: (s: bigint, x: bigint) => (s < 256n ? toWord(x << s) : 0n),
  SHR: (s: bigint, x: bigint) => (s < 256n ? x >> s : 0n),
  SAR: (s: bigint, x: bigint) => toWord(toSigned(x) >> (s < 256n ? s : 256n)),
  DIV: (a: bigint, b: bigint) => (b === 0n ? 0n : a / b),
  MOD: (a: bigint, b: bigint) => (b === 0n ? 0n : a % b),
  SDIV: (a: bigint, b: bigint) => (b === 0n ? 0n : toWord(toSigned(a) / toSigned(b))),
  SMOD: (a: bigint, b: bigint) => (b === 0n ? 0n : toWord(toSigned(a) % toSigned(b))),
  LT: (a: bigint, b: bigint) => (a < b ? 1n : 0n),
  GT: (a: bigint, b: bigint) => (a > b ? 1n : 0n),
  SLT: (a: bigint, b: bigint) => (toSigned(a) < toSigned(b) ? 1n : 0n),
  SGT: (a: bigint, b: bigint) => (toSigned(a) > toSigned(b) ? 1n : 0n),
  EQ: (a: bigint, b: bigint) => (a === b ? 1n : 0n),
  EXP: (a: bigint, e: bigint) => {
    let r = 1n;
    let base = a;
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = (r * base) & U256;
      base = (base * base) & U256;
    }
    return r;
  },
} as const;
const ternary = {
  ADDMOD: (a: bigint, b: bigint, n: bigint) => (n === 0n ? 0n : (a + b) % n),
  MULMOD: (a: bigint, b: bigint, n: bigint) => (n === 0n ? 0n : (a * b) % n),
} as const;
const unary = {
  ISZERO: (a: bigint) => (a === 0n ? 1n : 0n),
  CLZ: (a: bigint) => 256n - BigInt(a === 0n ? 0 : a.toString(2).length),
  NOT: (a: bigint) => toWord(~a),
} as const;

/** One computed word: the code that leaves it on the stack, and its expected value. */
interface Snippet {
  code: string;
  value: bigint;
}
const bin = (op: keyof typeof model, a: bigint, b: bigint): Snippet => ({
  code: `PUSH32 ${hex(b)} PUSH32 ${hex(a)} ${op}`,
  value: model[op](a, b),
});
const tri = (op: keyof typeof ternary, a: bigint, b: bigint, n: bigint): Snippet => ({
  code: `PUSH32 ${hex(n)} PUSH32 ${hex(b)} PUSH32 ${hex(a)} ${op}`,
  value: ternary[op](a, b, n),
});
const un = (op: keyof typeof unary, a: bigint): Snippet => ({
  code: `PUSH32 ${hex(a)} ${op}`,
  value: unary[op](a),
});
/** A program storing each snippet's word at consecutive memory words, then returning them all. */
const program = (snippets: readonly Snippet[]) =>
  `${snippets.map((s, i) => `${s.code} PUSH2 ${i * 32} MSTORE`).join("\n")}\nPUSH2 ${snippets.length * 32} PUSH0 RETURN`;

/** Programs of at most `size` snippets each (well under the 24575 bytes of one archive part). */
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const SHIFTS = [0n, 1n, 2n, 8n, 254n, 255n, 256n, 257n, 0x100000000n, SIGN, U256 - 1n, U256];
const SHIFTED = [0n, 1n, SIGN, U256, SIGN - 1n, SIGN + 1n, 0x8000000000000000000000000000000080n];
const SIGNED = [SIGN, U256, 0n, 1n, SIGN - 1n, SIGN + 1n, U256 - 1n, 2n];
const XS = [0n, U256, 0x8182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0n, 0x7f7f7f7fn];

const arithmeticPrograms: [string, Snippet[]][] = [
  [
    "SIGNEXTEND with b = 0..33, 2^255, 2^256-1",
    [...Array.from({ length: 34 }, (_, b) => BigInt(b)), 1n << 64n, SIGN, U256].flatMap((b) =>
      XS.map((x) => bin("SIGNEXTEND", b, x)),
    ),
  ],
  [
    "BYTE with i = 0..33, 2^64, 2^255, 2^256-1",
    [...Array.from({ length: 34 }, (_, i) => BigInt(i)), 1n << 64n, SIGN, U256].flatMap((i) =>
      [XS[2], U256].map((x) => bin("BYTE", i, x)),
    ),
  ],
  ...chunks(
    (["SHL", "SHR", "SAR"] as const).flatMap((op) =>
      SHIFTS.flatMap((s) => SHIFTED.map((x) => bin(op, s, x))),
    ),
    130,
  ).map((s, i): [string, Snippet[]] => [`SHL SHR SAR by 0, 1, 255, 256, 257, 2^255, 2^256-1 #${i}`, s]),
  ...chunks(
    (["SDIV", "SMOD", "DIV", "MOD"] as const).flatMap((op) =>
      SIGNED.flatMap((a) => SIGNED.map((b) => bin(op, a, b))),
    ),
    130,
  ).map((s, i): [string, Snippet[]] => [`SDIV SMOD DIV MOD: -2^255 / -1, zero divisors #${i}`, s]),
  ...chunks(
    (["ADDMOD", "MULMOD"] as const).flatMap((op) =>
      [1n, SIGN, U256 - 1n, U256].flatMap((a) =>
        [2n, SIGN + 1n, U256].flatMap((b) =>
          [0n, 1n, 2n, 7n, SIGN, U256 - 1n, U256].map((n) => tri(op, a, b, n)),
        ),
      ),
    ),
    90,
  ).map((s, i): [string, Snippet[]] => [
    `ADDMOD MULMOD: modulus 0, 1, 2^256-1, sums and products over 2^256 #${i}`,
    s,
  ]),
  ...chunks(
    (["LT", "GT", "SLT", "SGT", "EQ"] as const).flatMap((op) =>
      SIGNED.flatMap((a) => SIGNED.map((b) => bin(op, a, b))),
    ),
    160,
  ).map((s, i): [string, Snippet[]] => [`LT GT SLT SGT EQ across the sign boundary #${i}`, s]),
  [
    "CLZ ISZERO NOT of 0, 1, 2^255, 2^256-1 and every power of two",
    [
      ...(["CLZ", "ISZERO", "NOT"] as const).flatMap((op) =>
        [0n, 1n, SIGN, U256, SIGN - 1n, 0xffn, 0x100n].map((a) => un(op, a)),
      ),
      ...Array.from({ length: 256 }, (_, k) => un("CLZ", 1n << BigInt(k))),
      ...Array.from({ length: 256 }, (_, k) => un("CLZ", (1n << BigInt(k + 1)) - 1n)),
    ],
  ],
  [
    "EXP with exponents 0, 1, 255, 256, 2^64, 2^255, 2^256-1 (50 gas per exponent byte)",
    [0n, 1n, 2n, 3n, U256].flatMap((a) =>
      [0n, 1n, 2n, 255n, 256n, 0xffffn, 0x10000n, 1n << 64n, SIGN, U256].map((e) => bin("EXP", a, e)),
    ),
  ],
];

describe("differential: opcode results at operand edges, and child frames' message values", function () {
  this.timeout(600_000);
  let d: AuditDeployment;

  before(async () => {
    d = await deployAudit();
  });

  /**
   * Runs `source` natively, checks its status (and, given, the words it returns), then audits the true
   * witness code-only first (so the archive really has no image) and then with the image.
   */
  const check = async (
    name: string,
    source: string,
    {
      calldata,
      creation,
      status = 1n,
      words,
    }: { calldata?: Hex; creation?: boolean; status?: bigint; words?: readonly bigint[] } = {},
  ) => {
    const run = await runNative(d.host, { name, source, calldata, creation, expect: "any" });
    expect(run.frames, "no calls: one frame").to.equal(1);
    const w = run.frame.witness;
    expect([name, w.status]).to.deep.equal([name, status]);
    if (words !== undefined) expect(w.returndataHash, `${name}: native values`).to.equal(hashOfWords(words));
    for (const image of [false, true]) await expectTruthValidGasRejected(d, run, name, { image });
  };

  for (const [name, snippets] of arithmeticPrograms) {
    it(`${name} (${snippets.length} results)`, async () => {
      await check(name, program(snippets), { words: snippets.map((s) => s.value) });
    });
  }

  it("CALLDATALOAD and CALLDATACOPY at the calldata's end, calldata of 0, 1, 31, 32, 33 bytes, and in init code", async () => {
    // size-1, size, size+1 (size-1 wraps to 2^256-1 for empty calldata), 2^64, 2^256-1, 0, 31, 32;
    // then a CALLDATACOPY of 40 bytes from size-1 and from 2^256-1
    const loads = [
      "CALLDATASIZE",
      "PUSH1 1 CALLDATASIZE SUB CALLDATALOAD",
      "CALLDATASIZE CALLDATALOAD",
      "CALLDATASIZE PUSH1 1 ADD CALLDATALOAD",
      `PUSH9 ${hex(1n << 64n)} CALLDATALOAD`,
      `PUSH32 ${hex(U256)} CALLDATALOAD`,
      "PUSH0 CALLDATALOAD",
      "PUSH1 31 CALLDATALOAD",
      "PUSH1 32 CALLDATALOAD",
    ];
    const source = [
      `PUSH32 ${hex(U256)} DUP1 DUP1 DUP1 PUSH2 ${loads.length * 32} MSTORE PUSH2 ${loads.length * 32 + 32} MSTORE`,
      `PUSH2 ${loads.length * 32 + 64} MSTORE PUSH2 ${loads.length * 32 + 96} MSTORE`,
      ...loads.map((l, i) => `${l} PUSH2 ${i * 32} MSTORE`),
      `PUSH1 40 PUSH1 1 CALLDATASIZE SUB PUSH2 ${loads.length * 32 + 4} CALLDATACOPY`,
      `PUSH1 40 PUSH32 ${hex(U256)} PUSH2 ${loads.length * 32 + 80} CALLDATACOPY`,
      `PUSH2 ${loads.length * 32 + 128} PUSH0 RETURN`,
    ].join("\n");
    for (const size of [0, 1, 31, 32, 33]) {
      const data = Array.from({ length: size }, (_, i) => (0xa1 + i) & 0xff);
      const calldata = `0x${Buffer.from(data).toString("hex")}` as Hex;
      const padded = [...data, ...new Array(128).fill(0)];
      const load = (o: bigint) =>
        o >= BigInt(size)
          ? 0n
          : BigInt(`0x${Buffer.from(padded.slice(Number(o), Number(o) + 32)).toString("hex")}`);
      const s = BigInt(size);
      const values = [s, load(toWord(s - 1n)), load(s), load(s + 1n), 0n, 0n, load(0n), load(31n), load(32n)];
      const tail = Buffer.alloc(128, 0xff);
      if (size > 0) tail[4] = data[size - 1];
      tail.fill(0, size > 0 ? 5 : 4, 44);
      tail.fill(0, 80, 120);
      const tailWords = [0, 1, 2, 3].map((k) =>
        BigInt(`0x${tail.subarray(32 * k, 32 * k + 32).toString("hex")}`),
      );
      // a different byte after the RETURN for each size: a fresh code, first audited code-only
      const unique = `${source} 0x${size.toString(16).padStart(2, "0")}`;
      await check(`calldata of ${size} bytes`, unique, { calldata, words: [...values, ...tailWords] });
      // init code sees no calldata (CALLDATASIZE 0, zeros everywhere), whatever the transaction data holds
      if (size === 0) await check("init code", unique, { creation: true, words: [...values, ...tailWords] });
    }
  });

  it("CODESIZE, PC and CODECOPY at the end of code (a truncated PUSH32 at the end), also as init code", async () => {
    // The program ends with RETURN then a truncated PUSH32 (0x7f 0xee): CODECOPY of the last byte, of the
    // last 33 bytes across the end, from codesize and from 2^256-1; PC near the end
    const body = [
      "CODESIZE PUSH0 MSTORE",
      "PUSH1 32 PUSH1 1 CODESIZE SUB PUSH1 32 CODECOPY",
      "PUSH1 33 PUSH1 33 CODESIZE SUB PUSH1 64 CODECOPY",
      "PUSH1 32 CODESIZE PUSH1 128 CODECOPY",
      `PUSH1 32 PUSH32 ${hex(U256)} PUSH1 160 CODECOPY`,
      "PUSH0 PUSH0 PUSH1 192 CODECOPY",
      "PC PUSH1 192 MSTORE",
      "PUSH1 224 PUSH0 RETURN",
    ].join("\n");
    const source = `${body} 0x7fee`;
    const code = Buffer.from(asm(source).slice(2), "hex");
    const len = code.length;
    const mem = Buffer.alloc(224);
    mem.writeUInt32BE(len, 28);
    mem[32] = code[len - 1];
    code.subarray(len - 33).copy(mem, 64);
    const pc = len - 2 - 8; // PC PUSH1 192 MSTORE PUSH1 224 PUSH0 RETURN (8 bytes) then 0x7fee
    mem.writeUInt16BE(pc, 222);
    const words = Array.from({ length: 7 }, (_, k) =>
      BigInt(`0x${mem.subarray(32 * k, 32 * k + 32).toString("hex")}`),
    );
    await check("code ends", source, { words });
    // the same program as init code: CODECOPY reads the witness calldata (the init code), zeros past it
    await check("init code ends", source, { creation: true, words });
  });

  it("RETURNDATASIZE and RETURNDATACOPY before any call: size 0 at offset 0 runs, offset 1 or size 1 halts", async () => {
    await check(
      "RETURNDATASIZE, empty RETURNDATACOPY",
      "RETURNDATASIZE PUSH0 PUSH0 PUSH0 RETURNDATACOPY PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      {
        words: [0n],
      },
    );
    await check("RETURNDATACOPY size 0 at offset 1", "PUSH0 PUSH1 1 PUSH0 RETURNDATACOPY STOP", {
      status: 2n,
    });
    await check("RETURNDATACOPY size 1 at offset 0", "PUSH1 1 PUSH0 PUSH0 RETURNDATACOPY STOP", {
      status: 2n,
    });
  });

  it("DUPn and SWAPn with exactly n (DUP) or n + 1 (SWAP) items, every n", async () => {
    // each segment starts from an empty stack, pushes exactly the items the instruction needs, runs it and
    // stores every item left (top first), so the stack is empty again for the next segment
    const parts: string[] = [];
    const words: bigint[] = [];
    let slot = 0;
    const segment = (op: string, items: number, after: (stack: bigint[]) => bigint[]) => {
      const stack = Array.from({ length: items }, (_, i) => BigInt(0x100000 + 0x100 * words.length + i)); // bottom first
      parts.push(stack.map((v) => `PUSH3 ${v}`).join(" "), op);
      for (const v of after(stack).reverse()) {
        parts.push(`PUSH2 ${slot * 32} MSTORE`);
        slot++;
        words.push(v);
      }
    };
    for (let n = 1; n <= 16; n++) {
      segment(`DUP${n}`, n, (s) => [...s, s[0]]);
      segment(`SWAP${n}`, n + 1, (s) => {
        const t = [...s];
        [t[0], t[n]] = [t[n], t[0]];
        return t;
      });
    }
    parts.push(`PUSH2 ${slot * 32} PUSH0 RETURN`);
    await check("DUPn SWAPn exact depths", parts.join("\n"), { words });
  });

  it("DUPn with n - 1 items and SWAPn with n items halt (n = 1, 2, 9, 16)", async () => {
    const pushes = (k: number) => Array.from({ length: k }, (_, i) => `PUSH1 ${i + 1}`).join(" ");
    for (const n of [1, 2, 9, 16]) {
      await check(`DUP${n} short`, `${pushes(n - 1)} DUP${n} STOP`, { status: 2n });
      await check(`SWAP${n} short`, `${pushes(n)} SWAP${n} STOP`, { status: 2n });
    }
  });

  it("child frames: ADDRESS CALLER ORIGIN CALLVALUE GASPRICE CALLDATA of DELEGATECALL, CALLCODE, CALL and a DELEGATECALL inside a CALLCODE", async () => {
    const setCode = (addr: Hex, src: string) =>
      d.host.provider.request({ method: "hardhat_setCode", params: [addr, asm(src)] });
    // four copies of the leaf (a different byte after its RETURN), one per call, so each is first audited
    // with a code-only archive; each returns its message values and calldata facts
    const leaves = [0, 1, 2, 3].map((i) => `0x00000000000000000000000000000000000ed9e${i}` as Hex);
    const middle = "0x00000000000000000000000000000000000ed9e8" as Hex;
    const top = "0x00000000000000000000000000000000000ed9e9" as Hex;
    for (const [i, leaf] of leaves.entries())
      await setCode(
        leaf,
        [
          "ADDRESS PUSH0 MSTORE CALLER PUSH1 32 MSTORE ORIGIN PUSH1 64 MSTORE CALLVALUE PUSH1 96 MSTORE",
          "GASPRICE PUSH1 128 MSTORE CALLDATASIZE PUSH1 160 MSTORE PUSH0 CALLDATALOAD PUSH1 192 MSTORE",
          `PUSH1 1 CALLDATASIZE SUB CALLDATALOAD PUSH1 224 MSTORE PUSH2 256 PUSH0 RETURN 0x0${i}`,
        ].join("\n"),
      );
    // the middle frame (entered by CALLCODE) DELEGATECALLs the leaf with its own calldata
    await setCode(
      middle,
      `PUSH0 PUSH0 CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY PUSH0 PUSH0 CALLDATASIZE PUSH0 PUSH20 ${leaves[3]} GAS DELEGATECALL STOP`,
    );
    // the top frame: calldata 0x11..33 bytes in memory, then DELEGATECALL, CALLCODE (value 5), CALL (value 7)
    // of the leaf, and CALLCODE (value 3) of the middle frame, each with the calldata
    const call = (op: string, to: Hex, value?: number) =>
      `PUSH0 PUSH0 PUSH1 33 PUSH0 ${value === undefined ? "" : `PUSH1 ${value}`} PUSH20 ${to} GAS ${op} POP`;
    await setCode(
      top,
      [
        `PUSH32 ${hex(0x1111111111111111111111111111111111111111111111111111111111111111n)} PUSH0 MSTORE`,
        "PUSH1 0x33 PUSH1 32 MSTORE8",
        call("DELEGATECALL", leaves[0]),
        call("CALLCODE", leaves[1], 5),
        call("CALL", leaves[2], 7),
        call("CALLCODE", middle, 3),
        "STOP",
      ].join("\n"),
    );
    await d.host.provider.request({ method: "hardhat_setBalance", params: [top, "0x1000"] });
    const sent = await sendTransaction(d.host, { to: top, data: "0x", value: 9n, gas: 1_000_000n });
    const rec = await recordTransaction(d.host.provider as never, sent.hash);
    const frames = leaves.map((leaf) => rec.frames.filter((f) => f.witness.to.toLowerCase() === leaf));
    expect(frames.map((f) => f.length)).to.deep.equal([1, 1, 1, 1]);
    const from = d.host.from.toLowerCase();
    const expected: [string, string, string, bigint][] = [
      ["DELEGATECALL", top, from, 9n],
      ["CALLCODE", top, top, 5n],
      ["CALL", leaves[2], top, 7n],
      ["DELEGATECALL in CALLCODE", top, top, 3n],
    ];
    const cd = 0x1111111111111111111111111111111111111111111111111111111111111111n;
    for (const [k, [name, context, caller, value]] of expected.entries()) {
      const [f] = frames[k];
      const w = f.witness;
      expect([
        name,
        w.context.toLowerCase(),
        w.caller.toLowerCase(),
        w.origin.toLowerCase(),
        w.callvalue,
      ]).to.deep.equal([name, context, caller, from, value]);
      expect([name, w.status, w.stateAccessList.length]).to.deep.equal([name, 1n, 0]);
      const words = [
        BigInt(context),
        BigInt(caller),
        BigInt(from),
        value,
        w.gasPrice,
        33n,
        cd,
        0x33n << 248n,
      ];
      expect(w.returndataHash, `${name}: native values`).to.equal(hashOfWords(words));
      const base = { file: name, witness: w, code: f.code };
      for (const image of [false, true]) {
        const [truth, gas] = await auditFrames(
          d.host,
          [
            { ...base, frame: f.name },
            { ...base, frame: `${f.name} gasUsed+1`, witness: { ...w, gasUsed: w.gasUsed + 1n } },
          ],
          { hypervisor: d.hypervisor, factory: d.factory, measureGas: false, image },
        );
        expect([name, image, truth.reason]).to.deep.equal([name, image, "Valid"]);
        expect([name, image, gas.reason]).to.deep.equal([name, image, "GasUsedMismatch"]);
      }
    }
  });
});
