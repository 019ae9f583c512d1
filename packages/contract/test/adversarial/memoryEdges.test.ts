import { FrameStatus, type MessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { auditFrames } from "../../lib/auditFrames";
import type { DiffCase } from "../differential/helpers/cases";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

/**
 * Memory edges, differentially: every guest runs natively (Hardhat, Osaka), its recorded witness must
 * audit Valid, and the same witness with a wrong gasUsed (+1, or -1 after a halt, which uses all gas) or a
 * wrong status must be rejected. The cases aim at the sandbox's boundaries (memory/sandbox.huff, the
 * MLOAD/MSTORE fast path, docs/hypervisor.md 5.4, 5.7): zero lengths at huge offsets, accesses ending
 * exactly at guest MSIZE, MSIZE - 31 and MSIZE - 32, the MEM_FAST_LIMIT edge at MSIZE 0 and 32, offsets
 * and lengths around 2^32, 2^42 (MEM_LIMIT_SHIFT), 2^64 and 2^256, expansion, copy, keccak, log, EXP and
 * code deposit gas with exactly enough gas and one less, and creation frames at the EIP-170 limit.
 */

const U256 = (1n << 256n) - 1n;
const hex = (v: bigint) => `0x${v.toString(16)}`;
const p32 = (v: bigint) => `PUSH32 ${hex(v)}`;

/** Stores the n values a program left on the stack (top first) at words 0..n-1 and returns them. */
const returnStack = (n: number) =>
  `${Array.from({ length: n }, (_, i) => `PUSH2 ${i * 32} MSTORE`).join(" ")} PUSH2 ${n * 32} PUSH0 RETURN`;
/** Each snippet leaves one value; all are returned (the first snippet's value in the last word). */
const collect = (snippets: readonly string[]) => `${snippets.join("\n")}\n${returnStack(snippets.length)}`;

interface EdgeCase extends DiffCase {
  /** Audit with a code-only archive (lazy analysis) instead of the archived image. */
  lazy?: boolean;
  /** With `starveBy: 0n`: the frame must end with exactly no gas left (the case tests what it says). */
  exact?: boolean;
}

/** Huge offsets at which a zero-length access must cost nothing and expand nothing. */
const HUGE = [
  U256,
  U256 - 31n,
  1n << 255n,
  1n << 64n,
  (1n << 64n) - 1n,
  1n << 42n,
  (1n << 42n) - 1n,
  1n << 32n,
];

function zeroLengthCases(): EdgeCase[] {
  const ops = (x: bigint) =>
    [
      `PUSH0 PUSH0 ${p32(x)} CALLDATACOPY`, // dst huge
      `PUSH0 ${p32(x)} PUSH0 CALLDATACOPY`, // src huge
      `PUSH0 ${p32(x)} ${p32(x)} CODECOPY`,
      `PUSH0 ${p32(x)} PUSH0 MCOPY`, // src huge
      `PUSH0 PUSH0 ${p32(x)} MCOPY`, // dst huge
      `PUSH0 PUSH0 ${p32(x)} RETURNDATACOPY`, // dst huge, nothing read
      `PUSH0 ${p32(x)} KECCAK256 POP`,
    ].join(" ");
  const all = HUGE.map(ops).join("\n");
  const cases: EdgeCase[] = [
    {
      name: "zero-length copies and KECCAK256 at huge offsets: MSIZE stays 0, then KECCAK256 of nothing",
      source: `${all}\nMSIZE PUSH0 PUSH32 ${hex(U256)} KECCAK256 ${returnStack(2)}`,
      expect: "success",
    },
    {
      name: "zero-length copies at huge offsets after memory grew to 64: MSIZE stays 64 (lazy analysis)",
      source: `PUSH1 1 PUSH1 32 MSTORE ${all}\nMSIZE ${returnStack(1)}`,
      expect: "success",
      lazy: true,
    },
  ];
  for (const x of [U256, 1n << 64n, 1n << 42n]) {
    cases.push(
      { name: `RETURN of nothing at ${hex(x)}`, source: `PUSH0 ${p32(x)} RETURN`, expect: "success" },
      {
        name: `REVERT of nothing at ${hex(x)}`,
        source: `PUSH1 1 PUSH0 MSTORE PUSH0 ${p32(x)} REVERT`,
        expect: "revert",
      },
      {
        name: `create: RETURN of nothing at ${hex(x)} deploys nothing`,
        source: `PUSH0 ${p32(x)} RETURN`,
        creation: true,
        expect: "success",
      },
    );
  }
  cases.push(
    {
      name: "RETURNDATACOPY of nothing from offset 1 (past the empty return data) halts",
      source: "PUSH0 PUSH1 1 PUSH0 RETURNDATACOPY STOP",
      expect: "halt",
    },
    {
      name: "RETURNDATACOPY of nothing from 2^256-1 halts",
      source: `PUSH0 ${p32(U256)} PUSH0 RETURNDATACOPY STOP`,
      expect: "halt",
    },
  );
  return cases;
}

/** Accesses ending exactly at MSIZE, one byte past it, at MSIZE - 31 and MSIZE - 32, starting from MSIZE 0. */
const BOUNDARY = collect([
  "PUSH0 MLOAD POP MSIZE", // MSIZE 0: the fast limit is 0, MLOAD 0 expands to 32
  "PUSH1 1 MLOAD POP MSIZE", // off = MSIZE - 31: expands to 64
  "PUSH1 32 MLOAD POP MSIZE", // off = MSIZE - 32: the last whole word, no expansion
  "PUSH1 0xaa PUSH1 63 MSTORE8 MSIZE", // the last byte
  "PUSH1 0xbb PUSH1 64 MSTORE8 MSIZE", // the byte at MSIZE: 96
  "PUSH1 0xcc PUSH1 64 MSTORE MSIZE", // off = MSIZE - 32
  "PUSH1 0xdd PUSH1 65 MSTORE MSIZE", // off = MSIZE - 31: 128
  "PUSH1 32 PUSH1 65 PUSH1 96 MCOPY MSIZE", // dst range ends at MSIZE
  "PUSH1 32 PUSH1 97 PUSH0 MCOPY MSIZE", // src range ends one past MSIZE: 160
  "PUSH1 32 PUSH1 128 KECCAK256", // ends at MSIZE
  "MSIZE",
  "PUSH1 33 PUSH1 128 KECCAK256", // one past: 192
  "MSIZE",
  "PUSH1 32 PUSH0 PUSH1 160 CALLDATACOPY MSIZE", // ends at MSIZE
  "PUSH1 33 PUSH0 PUSH1 160 CALLDATACOPY MSIZE", // one past: 224
  "PUSH1 31 PUSH0 PUSH1 193 CODECOPY MSIZE", // ends at MSIZE
  "PUSH1 1 PUSH1 3 PUSH1 224 CODECOPY MSIZE", // the byte at MSIZE: 256
  "PUSH1 225 MLOAD", // the word at MSIZE - 31, now inside memory: holds the copied code byte
]);

/** The fast-path limit when MSIZE is 32 is 1: MLOAD/MSTORE at 0 are fast, at 1 slow. */
const FAST_EDGE_32 = collect([
  "PUSH1 0x11 PUSH0 MSTORE MSIZE",
  "PUSH0 MLOAD",
  "MSIZE",
  "PUSH1 0x22 PUSH0 MSTORE PUSH0 MLOAD",
  "MSIZE",
  "PUSH1 1 MLOAD", // off 1 = MSIZE - 31: expands to 64
  "MSIZE",
  "PUSH1 0x33 PUSH1 33 MSTORE MSIZE", // 96
  "PUSH1 2 MLOAD",
  "PUSH1 64 MLOAD",
]);

function boundaryCases(): EdgeCase[] {
  return [
    {
      name: "accesses ending at MSIZE, one past, at MSIZE - 31 and MSIZE - 32",
      source: BOUNDARY,
      calldata: `0x${"a5".repeat(40)}`,
      expect: "success",
    },
    {
      name: "accesses ending at MSIZE, one past, at MSIZE - 31 and MSIZE - 32 (lazy analysis)",
      source: BOUNDARY,
      calldata: `0x${"a5".repeat(40)}`,
      expect: "success",
      lazy: true,
    },
    { name: "MEM_FAST_LIMIT edge at MSIZE 32", source: FAST_EDGE_32, expect: "success" },
    {
      name: "create: accesses at MSIZE edges, calldata reads zeros, code copied from the witness",
      source: BOUNDARY,
      creation: true,
      expect: "success",
    },
    {
      name: "copies reading past the calldata and code end read zeros (src near and past the end)",
      source: collect([
        "PUSH1 32 PUSH1 20 PUSH0 CALLDATACOPY PUSH0 MLOAD", // 13 bytes of calldata, then zeros
        `PUSH1 32 ${p32(U256)} PUSH1 32 CALLDATACOPY PUSH1 32 MLOAD`,
        `PUSH1 32 ${p32(1n << 64n)} PUSH1 64 CODECOPY PUSH1 64 MLOAD`,
        "PUSH1 32 CODESIZE PUSH1 1 SWAP1 SUB PUSH1 96 CODECOPY PUSH1 96 MLOAD", // the last code byte
        "MSIZE",
      ]),
      calldata: `0x${"5a".repeat(33)}`,
      expect: "success",
    },
  ];
}

/** Offsets and lengths that no gas pays for: every one an out-of-gas halt, natively and audited. */
function hugeCases(): EdgeCase[] {
  const cases: EdgeCase[] = [];
  const offsets = [1n << 32n, (1n << 42n) - 32n, (1n << 42n) - 1n, 1n << 42n, (1n << 64n) - 32n, U256 - 31n];
  for (const x of offsets) {
    const o = p32(x);
    cases.push(
      { name: `MLOAD at ${hex(x)}`, source: `${o} MLOAD STOP`, expect: "halt" },
      { name: `MSTORE at ${hex(x)}`, source: `PUSH1 1 ${o} MSTORE STOP`, expect: "halt" },
      { name: `MSTORE8 at ${hex(x)}`, source: `PUSH1 1 ${o} MSTORE8 STOP`, expect: "halt" },
      { name: `RETURN 32 bytes at ${hex(x)}`, source: `PUSH1 32 ${o} RETURN`, expect: "halt" },
    );
  }
  const lengths = [1n << 32n, (1n << 42n) - 1n, 1n << 42n, (1n << 64n) - 1n, U256];
  for (const n of lengths) {
    const l = p32(n);
    cases.push(
      { name: `KECCAK256 of ${hex(n)} bytes at 1`, source: `${l} PUSH1 1 KECCAK256 STOP`, expect: "halt" },
      { name: `REVERT of ${hex(n)} bytes`, source: `${l} PUSH0 REVERT`, expect: "halt" },
      {
        name: `MCOPY of ${hex(n)} bytes inside memory`,
        source: `PUSH0 MLOAD ${l} PUSH0 PUSH0 MCOPY STOP`,
        expect: "halt",
      },
      {
        name: `create: RETURN of ${hex(n)} bytes`,
        source: `${l} PUSH0 RETURN`,
        creation: true,
        expect: "halt",
      },
    );
  }
  // offset + length wraps past 2^256 (and past 2^64): never low memory.
  for (const [off, len] of [
    [U256 - 31n, 64n],
    [(1n << 64n) - 16n, 32n],
    [1n << 255n, 1n << 255n],
  ] as const) {
    cases.push(
      {
        name: `KECCAK256 ${hex(off)} + ${hex(len)}`,
        source: `${p32(len)} ${p32(off)} KECCAK256 STOP`,
        expect: "halt",
      },
      { name: `RETURN ${hex(off)} + ${hex(len)}`, source: `${p32(len)} ${p32(off)} RETURN`, expect: "halt" },
    );
  }
  return cases;
}

/** `source` with exactly enough gas (frame left with 0) and with one gas less. */
const starved = (name: string, source: string, extra: Partial<EdgeCase> = {}): EdgeCase[] => [
  { name: `${name}: exactly affordable`, source, starveBy: 0n, exact: true, expect: "success", ...extra },
  { name: `${name}: one gas short`, source, starveBy: 1n, expect: "halt", ...extra },
];

function affordableCases(): EdgeCase[] {
  return [
    ...starved("MSTORE at 0x3e0 (32 words: the quadratic term starts)", "PUSH1 1 PUSH2 0x3e0 MSTORE STOP"),
    ...starved("MSTORE at 0x1ffe0", "PUSH1 1 PUSH3 0x01ffe0 MSTORE STOP"),
    ...starved("MSTORE8 at 0x1ffff", "PUSH1 1 PUSH3 0x01ffff MSTORE8 STOP"),
    ...starved("MLOAD at 0x10001 (unaligned end)", "PUSH3 0x010001 MLOAD STOP"),
    ...starved("MLOAD at 0 from MSIZE 0", "PUSH0 MLOAD STOP"),
    ...starved("MCOPY 0x8001 bytes to 0x8000", "PUSH2 0x8001 PUSH0 PUSH2 0x8000 MCOPY STOP"),
    ...starved("MCOPY from 0x8000 (source expansion)", "PUSH2 0x8001 PUSH2 0x8000 PUSH0 MCOPY STOP"),
    ...starved("CALLDATACOPY 0x10000 bytes", "PUSH3 0x010000 PUSH0 PUSH0 CALLDATACOPY STOP", {
      calldata: "0x0102",
    }),
    ...starved("CODECOPY 0xffff bytes to 0x20", "PUSH2 0xffff PUSH0 PUSH1 32 CODECOPY STOP"),
    ...starved("KECCAK256 of 0x10001 bytes", "PUSH3 0x010001 PUSH0 KECCAK256 STOP"),
    ...starved("two expansions in one block", "PUSH1 1 PUSH2 0x1000 MSTORE PUSH1 2 PUSH2 0x4000 MSTORE STOP"),
    ...starved(
      "expansion then static gas in the same block",
      "PUSH1 1 PUSH3 0x010000 MSTORE PUSH1 1 PUSH1 2 ADD PUSH1 3 MUL POP STOP",
    ),
    ...starved("EXP with a 32-byte exponent", `${p32(1n << 255n)} PUSH1 3 EXP STOP`),
    ...starved("EXP with a 1-byte exponent", "PUSH1 0xff PUSH1 3 EXP STOP"),
    {
      name: "RETURN of 0x10000 bytes at 1: exactly affordable",
      source: "PUSH3 0x010000 PUSH1 1 RETURN",
      starveBy: 0n,
      exact: true,
      expect: "success",
    },
    {
      name: "RETURN of 0x10000 bytes at 1: one gas short",
      source: "PUSH3 0x010000 PUSH1 1 RETURN",
      starveBy: 1n,
      expect: "halt",
    },
    {
      name: "REVERT of 0x10000 bytes: exactly affordable",
      source: "PUSH3 0x010000 PUSH0 REVERT",
      starveBy: 0n,
      exact: true,
      expect: "revert",
    },
    {
      name: "REVERT of 0x10000 bytes: one gas short",
      source: "PUSH3 0x010000 PUSH0 REVERT",
      starveBy: 1n,
      expect: "halt",
    },
    // LOG's constant cost (375 per topic and the log itself) is paid before its record: a zero-length LOG
    // at a huge offset costs exactly that, so one gas short halts with no record on either side.
    ...[0, 2, 4].map(
      (t): EdgeCase => ({
        name: `LOG${t} of nothing at 2^256-1: one gas short of its constant cost`,
        source: `${"PUSH0 ".repeat(t)}PUSH0 ${p32(U256)} LOG${t} STOP`,
        starveBy: 1n,
        expect: "halt",
      }),
    ),
  ];
}

const EXPONENTS = [0n, 1n, 0xffn, 0x100n, 0xffffn, 0x10000n, (1n << 248n) - 1n, 1n << 248n, 1n << 255n, U256];

function expAndCreationCases(): EdgeCase[] {
  const deploy = (n: number, first?: number) =>
    `${first === undefined ? "" : `PUSH1 ${first} PUSH0 MSTORE8 `}PUSH2 ${n} PUSH0 RETURN`;
  return [
    {
      name: "EXP byte counts at every byte boundary",
      source: collect(EXPONENTS.map((e) => `${p32(e)} PUSH1 3 EXP`)),
      expect: "success",
    },
    ...starved("create: deploy 1 byte (expansion + deposit)", deploy(1), { creation: true }),
    ...starved("create: deploy 33 bytes from memory at 0x20", "PUSH1 33 PUSH1 32 RETURN", { creation: true }),
    ...starved("create: deploy 24576 bytes (EIP-170 limit)", deploy(24576), {
      creation: true,
      gas: 8_000_000n,
    }),
    {
      name: "create: 24577 bytes halts",
      source: deploy(24577),
      creation: true,
      gas: 8_000_000n,
      expect: "halt",
    },
    {
      name: "create: 24577 bytes with too little gas for the deposit halts",
      source: deploy(24577),
      creation: true,
      expect: "halt",
    },
    {
      name: "create: 0xEF first of 24576 bytes halts",
      source: deploy(24576, 0xef),
      creation: true,
      gas: 8_000_000n,
      expect: "halt",
    },
    {
      name: "create: 0xEF first of 24577 bytes halts",
      source: deploy(24577, 0xef),
      creation: true,
      gas: 8_000_000n,
      expect: "halt",
    },
    {
      name: "create: 0xEF not first is deployed",
      source: "PUSH1 0xef PUSH1 1 MSTORE8 PUSH1 2 PUSH0 RETURN",
      creation: true,
      expect: "success",
    },
    {
      name: "create: 0xEF at the returned offset, not at memory 0",
      source: "PUSH1 0xef PUSH1 40 MSTORE8 PUSH1 3 PUSH1 40 RETURN",
      creation: true,
      expect: "halt",
    },
  ];
}

const STATUS: Record<string, bigint> = {
  success: FrameStatus.Success,
  revert: FrameStatus.Revert,
  halt: FrameStatus.Halt,
};

describe("adversarial: memory edges (offsets, lengths, expansion gas, code deposit) agree with the EVM", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deployAll();
  });

  const all = [
    ...zeroLengthCases(),
    ...boundaryCases(),
    ...hugeCases(),
    ...affordableCases(),
    ...expAndCreationCases(),
  ];
  for (const c of all) {
    it(c.name, async () => {
      const run = await runNative(d.host, c);
      const w = run.frame.witness;
      expect(w.status, "native outcome").to.equal(STATUS[c.expect]);
      if (c.exact) expect(w.gasUsed, "exactly affordable: no gas left").to.equal(w.gasAvailable);
      const wrongGas: MessageWitness = {
        ...w,
        gasUsed: w.status === FrameStatus.Halt ? w.gasUsed - 1n : w.gasUsed + 1n,
      };
      const wrongStatus: MessageWitness = {
        ...w,
        status: w.status === FrameStatus.Success ? FrameStatus.Revert : FrameStatus.Success,
      };
      const base = { file: c.name, code: run.frame.code };
      const [truth, gas, status] = await auditFrames(
        d.host,
        [
          { ...base, frame: "true", witness: w },
          { ...base, frame: "wrong gasUsed", witness: wrongGas },
          { ...base, frame: "wrong status", witness: wrongStatus },
        ],
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false, image: !c.lazy },
      );
      expect(truth.reason, `true witness: ${truth.explanation} at pc ${truth.pc}`).to.equal("Valid");
      expect(gas.reason, "gasUsed off by one").to.equal("GasUsedMismatch");
      expect(status.reason, "wrong status").to.equal("StatusMismatch");
    });
  }
});
