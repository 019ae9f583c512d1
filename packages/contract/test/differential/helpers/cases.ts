/**
 * The differential case table: guest programs, generated from small value tables, that need no
 * state-access record. Each case runs natively on the in-process network, is recorded into a witness
 * and audited by the hypervisor (see differential.test.ts).
 */

/** How the native run must end; checked against the recorded witness so a case tests what it says. */
export type Outcome = "success" | "revert" | "halt";

export interface DiffCase {
  /** Unique, human readable; shown in the test title and in failure lists. */
  name: string;
  /** Assembler source (see assemble.ts) of the program; for a creation case, of the init code. */
  source: string;
  /** True: sent as a creation transaction (`to` empty, data = init code). */
  creation?: boolean;
  calldata?: `0x${string}`;
  value?: bigint;
  /** Transaction gas limit; default DEFAULT_GAS. */
  gas?: bigint;
  /**
   * Out of gas at an exact instruction: run once with `gas`, then again with the first run's gas
   * used minus this many units (so the last charging instruction is the one that fails).
   */
  starveBy?: bigint;
  /** `any`: generated programs whose outcome is whatever the native run says. */
  expect: Outcome | "any";
}

export const DEFAULT_GAS = 2_000_000n;

const U256 = (1n << 256n) - 1n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Edge values for one operand: small, byte and word boundaries, sign boundaries. */
export const EDGE_VALUES: readonly bigint[] = [
  0n,
  1n,
  2n,
  3n,
  30n,
  31n,
  32n,
  0xffn,
  0x100n,
  0x101n,
  1n << 128n,
  (1n << 255n) - 1n,
  1n << 255n,
  (1n << 255n) + 1n,
  U256 - 1n,
  U256,
];
/** A smaller set for three-operand opcodes. */
const TERNARY_VALUES: readonly bigint[] = [0n, 1n, 2n, 7n, 1n << 255n, U256 - 1n, U256];

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Stores the stack top at word `slot` of memory. */
const store = (slot: number) => `PUSH2 ${slot * 32} MSTORE`;
/** Returns memory words [0, n). */
const returnWords = (n: number) => `PUSH2 ${n * 32} PUSH0 RETURN`;
/** A program computing `snippets` one after the other, each leaving one word, returned in order. */
const results = (snippets: readonly string[]) =>
  snippets.map((s, i) => `${s} ${store(i)}`).join("\n") + "\n" + returnWords(snippets.length);

const binary = (op: string, pairs: readonly [bigint, bigint][]) =>
  pairs.map(([a, b]) => `PUSH32 ${hex(b)} PUSH32 ${hex(a)} ${op}`);

/** Every ordered pair of edge values; results per program kept under the code size limit. */
const PAIRS: [bigint, bigint][] = EDGE_VALUES.flatMap((a) =>
  EDGE_VALUES.map((b) => [a, b] as [bigint, bigint]),
);
const TRIPLES: [bigint, bigint, bigint][] = TERNARY_VALUES.flatMap((a) =>
  TERNARY_VALUES.flatMap((b) => TERNARY_VALUES.map((n) => [a, b, n] as [bigint, bigint, bigint])),
);

const BINARY_OPS = [
  "ADD",
  "MUL",
  "SUB",
  "DIV",
  "SDIV",
  "MOD",
  "SMOD",
  "EXP",
  "SIGNEXTEND",
  "LT",
  "GT",
  "SLT",
  "SGT",
  "EQ",
  "AND",
  "OR",
  "XOR",
  "BYTE",
  "SHL",
  "SHR",
  "SAR",
];
const UNARY_OPS = ["ISZERO", "NOT", "CLZ"];

function arithmeticCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  for (const op of BINARY_OPS) {
    chunk(PAIRS, 128).forEach((pairs, i) =>
      cases.push({ name: `${op} edge pairs #${i}`, source: results(binary(op, pairs)), expect: "success" }),
    );
  }
  for (const op of ["ADDMOD", "MULMOD"]) {
    chunk(TRIPLES, 120).forEach((triples, i) =>
      cases.push({
        name: `${op} edge triples #${i}`,
        source: results(
          triples.map(([a, b, n]) => `PUSH32 ${hex(n)} PUSH32 ${hex(b)} PUSH32 ${hex(a)} ${op}`),
        ),
        expect: "success",
      }),
    );
  }
  for (const op of UNARY_OPS) {
    cases.push({
      name: `${op} edge values`,
      source: results(EDGE_VALUES.map((v) => `PUSH32 ${hex(v)} ${op}`)),
      expect: "success",
    });
  }
  cases.push({
    name: "division and modulo by zero, signed overflow",
    source: results([
      "PUSH0 PUSH1 7 DIV",
      "PUSH0 PUSH1 7 SDIV",
      "PUSH0 PUSH1 7 MOD",
      "PUSH0 PUSH1 7 SMOD",
      "PUSH0 PUSH1 7 PUSH1 9 ADDMOD",
      "PUSH0 PUSH1 7 PUSH1 9 MULMOD",
      `PUSH32 ${hex(U256)} PUSH32 ${hex(1n << 255n)} SDIV`,
      `PUSH32 ${hex(U256)} PUSH32 ${hex(1n << 255n)} SMOD`,
    ]),
    expect: "success",
  });
  cases.push({
    name: "EXP dynamic gas by exponent byte length",
    source: results(
      [0n, 1n, 0xffn, 0x100n, 1n << 64n, 1n << 248n, U256].map((e) => `PUSH32 ${hex(e)} PUSH1 3 EXP`),
    ),
    expect: "success",
  });
  return cases;
}

function keccakCases(): DiffCase[] {
  const fill =
    "PUSH32 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20 DUP1 PUSH2 0x400 MSTORE PUSH2 0x41f MSTORE";
  return [
    {
      name: "KECCAK256 empty, word, unaligned, past msize, zero size at a huge offset",
      source:
        fill +
        "\n" +
        results([
          "PUSH0 PUSH0 KECCAK256",
          "PUSH1 32 PUSH2 0x400 KECCAK256",
          "PUSH1 33 PUSH2 0x401 KECCAK256",
          "PUSH1 100 PUSH2 0x800 KECCAK256 MSIZE ADD",
          `PUSH0 PUSH32 ${hex(U256)} KECCAK256`,
        ]),
      expect: "success",
    },
  ];
}

function environmentCases(): DiffCase[] {
  const calldata =
    `0x${Buffer.from(Array.from({ length: 37 }, (_, i) => (i * 37 + 11) & 0xff)).toString("hex")}` as const;
  return [
    {
      name: "ADDRESS ORIGIN CALLER CALLVALUE GASPRICE CALLDATASIZE CODESIZE RETURNDATASIZE",
      source: results([
        "ADDRESS",
        "ORIGIN",
        "CALLER",
        "CALLVALUE",
        "GASPRICE",
        "CALLDATASIZE",
        "CODESIZE",
        "RETURNDATASIZE",
      ]),
      calldata,
      value: 123_456_789n,
      expect: "success",
    },
    {
      name: "CALLDATALOAD inside, across and past the end, at 2^256-1",
      source: results(
        [0n, 1n, 5n, 31n, 32n, 36n, 37n, 1000n, 1n << 64n, U256].map((o) => `PUSH32 ${hex(o)} CALLDATALOAD`),
      ),
      calldata,
      expect: "success",
    },
    {
      name: "CALLDATACOPY partial past the end, zero size at huge offsets",
      source: [
        "PUSH1 40 PUSH1 30 PUSH2 0x100 CALLDATACOPY",
        "PUSH1 64 PUSH0 PUSH2 0x203 CALLDATACOPY",
        `PUSH1 32 PUSH32 ${hex(U256)} PUSH2 0x300 CALLDATACOPY`,
        `PUSH0 PUSH32 ${hex(U256)} PUSH32 ${hex(U256)} CALLDATACOPY`,
        "MSIZE PUSH2 0x400 MSTORE PUSH2 0x420 PUSH0 RETURN",
      ].join("\n"),
      calldata,
      expect: "success",
    },
    {
      name: "CODECOPY inside, past the end of code, at 2^256-1, zero size",
      source: [
        "PUSH1 16 PUSH1 2 PUSH2 0x100 CODECOPY",
        "PUSH1 64 PUSH1 8 CODESIZE SUB PUSH2 0x140 CODECOPY",
        `PUSH1 32 PUSH32 ${hex(U256)} PUSH2 0x200 CODECOPY`,
        `PUSH0 PUSH32 ${hex(U256)} PUSH32 ${hex(U256)} CODECOPY`,
        "MSIZE PUSH2 0x300 MSTORE PUSH2 0x320 PUSH0 RETURN",
      ].join("\n"),
      expect: "success",
    },
    {
      name: "RETURNDATACOPY of nothing at a huge destination",
      source: `PUSH0 PUSH0 PUSH32 ${hex(U256)} RETURNDATACOPY RETURNDATASIZE MSIZE ${store(0)} ${store(1)} ${returnWords(2)}`,
      expect: "success",
    },
  ];
}

function memoryCases(): DiffCase[] {
  return [
    {
      name: "MSTORE8 MLOAD MSIZE unaligned and at large offsets",
      source: results([
        "PUSH2 0x1234 PUSH2 0x1001 MSTORE8 PUSH2 0x0ff0 MLOAD",
        "MSIZE",
        "PUSH3 0x012345 MLOAD",
        "MSIZE",
        "PUSH32 0xaabbccddeeff00112233445566778899aabbccddeeff00112233445566778899 PUSH2 0x2011 MSTORE PUSH2 0x2000 MLOAD",
        "PUSH2 0x2020 MLOAD",
        "MSIZE",
      ]),
      expect: "success",
    },
    {
      name: "MCOPY forward, backward, overlapping, zero size at huge offsets",
      source: [
        "PUSH32 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20 PUSH0 MSTORE",
        "PUSH32 0x2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40 PUSH1 32 MSTORE",
        "PUSH1 40 PUSH1 3 PUSH1 9 MCOPY", // overlapping, dst > src
        "PUSH1 40 PUSH1 20 PUSH1 2 MCOPY", // overlapping, dst < src
        "PUSH1 64 PUSH0 PUSH2 0x100 MCOPY", // into fresh memory (expansion)
        `PUSH0 PUSH32 ${hex(U256)} PUSH32 ${hex(U256)} MCOPY`,
        "PUSH1 32 PUSH2 0x1000 PUSH1 64 MCOPY", // source past msize (expansion by the source)
        "MSIZE PUSH2 0x200 MSTORE PUSH2 0x220 PUSH0 RETURN",
      ].join("\n"),
      expect: "success",
    },
    {
      name: "memory expansion to 1 MiB",
      source: "PUSH1 1 PUSH3 0x100000 MSTORE MSIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN",
      gas: 5_000_000n,
      expect: "success",
    },
  ];
}

function controlCases(): DiffCase[] {
  return [
    {
      name: "JUMP JUMPI taken and not taken, PC, a loop",
      source: [
        "PC PUSH0 MSTORE",
        "@a JUMP 0xfe a: JUMPDEST PC PUSH1 32 MSTORE",
        "PUSH0 @bad JUMPI PC PUSH1 64 MSTORE", // not taken: the destination is not checked
        `PUSH32 ${hex(1n << 200n)} @b JUMPI 0xfe b: JUMPDEST`, // any non-zero condition jumps
        "PUSH1 10 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 @loop JUMPI POP",
        "PC PUSH1 96 MSTORE PUSH1 128 PUSH0 RETURN",
        "bad: 0x00",
      ].join("\n"),
      expect: "success",
    },
    {
      name: "GAS after different work",
      source: results(["GAS", "PUSH1 1 POP GAS", "PUSH3 0x010000 MLOAD POP GAS"]),
      expect: "success",
    },
    { name: "STOP with a full stack", source: "PUSH1 1 PUSH1 2 PUSH1 3 STOP", expect: "success" },
    { name: "end of code is STOP", source: "PUSH1 1 PUSH1 2 ADD", expect: "success" },
    { name: "RETURN empty at a huge offset", source: `PUSH0 PUSH32 ${hex(U256)} RETURN`, expect: "success" },
    {
      name: "REVERT with data",
      source: "PUSH2 0xbeef PUSH0 MSTORE PUSH1 7 PUSH1 27 REVERT",
      expect: "revert",
    },
    { name: "REVERT empty", source: "PUSH0 PUSH0 REVERT", expect: "revert" },
    { name: "INVALID", source: "PUSH1 1 0xfe", expect: "halt" },
  ];
}

function pushCases(): DiffCase[] {
  const push = (n: number) =>
    n === 0
      ? "PUSH0"
      : `PUSH${n} 0x${Array.from({ length: n }, (_, i) => ((n * 16 + i * 7 + 1) & 0xff).toString(16).padStart(2, "0")).join("")}`;
  const cases: DiffCase[] = [
    {
      name: "PUSH0-PUSH32",
      source: results(Array.from({ length: 33 }, (_, n) => push(n))),
      expect: "success",
    },
  ];
  for (const [n, present] of [
    [4, 2],
    [32, 0],
    [32, 31],
    [1, 0],
  ] as const) {
    cases.push({
      name: `truncated PUSH${n} with ${present} immediate bytes at the end of code`,
      source: `PUSH1 1 0x${(0x5f + n).toString(16)}${"ab".repeat(present)}`,
      expect: "success",
    });
  }
  cases.push({
    name: "truncated PUSH value is zero-padded (CODECOPY of itself)",
    source: "CODESIZE PUSH0 PUSH0 CODECOPY PUSH1 64 PUSH0 RETURN 0x63aabb",
    expect: "success",
  });
  return cases;
}

function dupSwapCases(): DiffCase[] {
  const base = (k: number) => Array.from({ length: k }, (_, i) => `PUSH1 ${0x10 + i}`).join(" ");
  let slot = 0;
  const dumps: string[] = [];
  for (let n = 1; n <= 16; n++) {
    dumps.push(`${base(16)} DUP${n} ${Array.from({ length: 17 }, () => store(slot++)).join(" ")}`);
  }
  for (let n = 1; n <= 16; n++) {
    dumps.push(`${base(17)} SWAP${n} ${Array.from({ length: 17 }, () => store(slot++)).join(" ")}`);
  }
  return [
    { name: "DUP1-16 and SWAP1-16", source: `${dumps.join("\n")} ${returnWords(slot)}`, expect: "success" },
  ];
}

function haltCases(): DiffCase[] {
  const pushes = (k: number) => Array.from({ length: k }, () => "PUSH0").join(" ");
  return [
    ...["0x0c", "0x21", "0x4b", "0xa5", "0xef", "0xf6", "0xfb", "0xfc"].map((b) => ({
      name: `undefined opcode ${b}`,
      source: `PUSH1 1 ${b}`,
      expect: "halt" as const,
    })),
    { name: "bad jump to a non-JUMPDEST", source: "PUSH1 4 JUMP 0x00 0x00", expect: "halt" },
    { name: "bad jump past the end of code", source: "PUSH2 0x1000 JUMP", expect: "halt" },
    { name: "bad jump to 2^256-1", source: `PUSH32 ${hex(U256)} JUMP`, expect: "halt" },
    { name: "jump into push data", source: "PUSH1 4 JUMP PUSH1 0x5b STOP", expect: "halt" },
    { name: "JUMPI taken to a bad destination", source: "PUSH1 1 PUSH1 3 JUMPI", expect: "halt" },
    { name: "stack underflow ADD", source: "PUSH1 1 ADD", expect: "halt" },
    { name: "stack underflow POP on empty stack", source: "POP", expect: "halt" },
    { name: "stack underflow DUP16 with 15 items", source: `${pushes(15)} DUP16`, expect: "halt" },
    { name: "stack underflow SWAP16 with 16 items", source: `${pushes(16)} SWAP16`, expect: "halt" },
    { name: "stack underflow ADDMOD with 2 items", source: "PUSH1 1 PUSH1 2 ADDMOD", expect: "halt" },
    { name: "stack at 1024 is fine", source: `${pushes(1024)} STOP`, expect: "success" },
    { name: "stack overflow at 1025 (PUSH0)", source: `${pushes(1025)} STOP`, expect: "halt" },
    { name: "stack overflow at 1025 (DUP1)", source: `${pushes(1024)} DUP1`, expect: "halt" },
    { name: "out of gas at an exact ADD", source: "PUSH1 1 PUSH1 2 ADD STOP", starveBy: 1n, expect: "halt" },
    {
      name: "out of gas at an exact EXP",
      source: "PUSH1 0xff PUSH1 2 EXP STOP",
      starveBy: 1n,
      expect: "halt",
    },
    {
      name: "out of gas in memory expansion",
      source: "PUSH1 1 PUSH3 0x010000 MSTORE STOP",
      starveBy: 1n,
      expect: "halt",
    },
    { name: "out of gas: MSTORE at 2^32", source: "PUSH1 1 PUSH5 0x0100000000 MSTORE STOP", expect: "halt" },
    { name: "out of gas: MLOAD at 2^64", source: "PUSH9 0x010000000000000000 MLOAD STOP", expect: "halt" },
    {
      name: "out of gas: KECCAK256 of 2^64 bytes",
      source: "PUSH9 0x010000000000000000 PUSH0 KECCAK256",
      expect: "halt",
    },
    {
      name: "RETURNDATACOPY out of bounds",
      source: "PUSH1 1 PUSH0 PUSH0 RETURNDATACOPY STOP",
      expect: "halt",
    },
    {
      name: "RETURNDATACOPY zero size at offset 2^256-1",
      source: `PUSH0 PUSH32 ${hex(U256)} PUSH0 RETURNDATACOPY STOP`,
      expect: "halt",
    },
  ];
}

/**
 * Dynamic gas at its boundary: each program runs once with plenty of gas, then with exactly the gas it
 * used (must succeed, 0 gas left) and with one unit less (must halt at its last, dynamic-cost instruction).
 */
function boundaryCases(): DiffCase[] {
  const programs: [string, string][] = [
    ["CALLDATACOPY 3 words", "PUSH1 70 PUSH0 PUSH2 0x100 CALLDATACOPY"],
    ["CODECOPY 3 words", "PUSH1 70 PUSH0 PUSH2 0x100 CODECOPY"],
    ["MCOPY 3 words to fresh memory", "PUSH1 70 PUSH0 PUSH2 0x100 MCOPY"],
    ["KECCAK256 of 100 bytes", "PUSH1 100 PUSH1 7 KECCAK256"],
    ["MSTORE8 at 0x1000", "PUSH1 1 PUSH2 0x1000 MSTORE8"],
    ["MLOAD at 0x1000", "PUSH2 0x1000 MLOAD"],
    ["EXP with a 32-byte exponent", `PUSH32 ${hex(U256)} PUSH1 3 EXP`],
    ["RETURN of 0x1000 bytes", "PUSH2 0x1000 PUSH0 RETURN"],
    ["REVERT of 0x1000 bytes", "PUSH2 0x1000 PUSH0 REVERT"],
  ];
  return programs.flatMap(([name, source]) => {
    const ok: Outcome = name.startsWith("REVERT") ? "revert" : "success";
    return [
      { name: `exact gas: ${name}`, source: `${source} STOP`, starveBy: 0n, expect: ok },
      { name: `one gas short: ${name}`, source: `${source} STOP`, starveBy: 1n, expect: "halt" as const },
    ];
  });
}

/** Init code that returns `size` bytes of memory whose first byte is `first`. */
const deploying = (size: number, first: number) => `PUSH1 ${first} PUSH0 MSTORE8 PUSH3 ${size} PUSH0 RETURN`;

/**
 * 300 PUSH2 0x5b5b: the block from 0 reaches a stack span of 256 after the 256th push, so the analysis
 * splits it before the 257th (at 768) and marks that byte. Then a jump to 769, inside that PUSH2's data
 * (a 0x5b byte there is not a jump destination: the EVM halts). Regression: the lazy jump-destination
 * walk read the marker as a one-byte instruction and flagged 769.
 */
const JUMP_INTO_FORCED_PUSH_DATA = `${"PUSH2 0x5b5b ".repeat(300)} PUSH2 769 JUMP`;

function creationCases(): DiffCase[] {
  return [
    {
      name: "create: jump into the data of a PUSH that starts a forced block (lazy walk)",
      source: JUMP_INTO_FORCED_PUSH_DATA,
      creation: true,
      expect: "halt",
    },
    {
      name: "jump into the data of a PUSH that starts a forced block (archived analysis)",
      source: JUMP_INTO_FORCED_PUSH_DATA,
      expect: "halt",
    },
    {
      name: "create: deploy 3 bytes (code deposit)",
      source: deploying(3, 0x60),
      creation: true,
      expect: "success",
    },
    { name: "create: deploy nothing", source: "PUSH0 PUSH0 RETURN", creation: true, expect: "success" },
    { name: "create: STOP deploys nothing", source: "PUSH1 1 STOP", creation: true, expect: "success" },
    {
      name: "create: CODESIZE CODECOPY CALLDATASIZE ADDRESS in init code",
      source:
        "CODESIZE PUSH0 PUSH1 64 CODECOPY CALLDATASIZE PUSH0 MSTORE ADDRESS PUSH1 32 MSTORE CODESIZE PUSH1 64 ADD PUSH0 RETURN",
      creation: true,
      expect: "success",
    },
    { name: "create: 0xEF prefix (EIP-3541)", source: deploying(1, 0xef), creation: true, expect: "halt" },
    {
      name: "create: 0xEF prefix in a longer code",
      source: deploying(33, 0xef),
      creation: true,
      expect: "halt",
    },
    { name: "create: 0xEE prefix is fine", source: deploying(1, 0xee), creation: true, expect: "success" },
    {
      name: "create: 24576 bytes (EIP-170 limit)",
      source: deploying(24576, 0x00),
      creation: true,
      gas: 8_000_000n,
      expect: "success",
    },
    {
      name: "create: 24577 bytes (over EIP-170)",
      source: deploying(24577, 0x00),
      creation: true,
      gas: 8_000_000n,
      expect: "halt",
    },
    {
      name: "create: out of gas in the code deposit",
      source: deploying(100, 0x60),
      creation: true,
      starveBy: 1n,
      expect: "halt",
    },
    {
      name: "create: revert with data",
      source: "PUSH1 42 PUSH0 MSTORE PUSH1 32 PUSH0 REVERT",
      creation: true,
      expect: "revert",
    },
  ];
}

/** The least gas a call with this calldata may carry: EIP-2028 cost or the EIP-7623 floor. */
const leastGas = (calldata: string): bigint => {
  const bytes = calldata.slice(2).match(/../g) ?? [];
  const zeros = bytes.filter((b) => b === "00").length;
  const nonZeros = bytes.length - zeros;
  return 21_000n + BigInt(Math.max(4 * zeros + 16 * nonZeros, 10 * (zeros + 4 * nonZeros)));
};

/** A small deterministic PRNG (mulberry32), so generated programs are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opcodes random programs draw from: no record, no jump, memory offsets kept small by MEMORY_SAFE. */
const RANDOM_OPS = [
  ...BINARY_OPS,
  ...UNARY_OPS,
  "ADDMOD",
  "MULMOD",
  "POP",
  "PC",
  "MSIZE",
  "GAS",
  "CALLDATASIZE",
  "CALLDATALOAD",
  "CODESIZE",
  "ADDRESS",
  "CALLER",
  "CALLVALUE",
  "ORIGIN",
  "GASPRICE",
  "RETURNDATASIZE",
  ...Array.from({ length: 16 }, (_, i) => `DUP${i + 1}`),
  ...Array.from({ length: 16 }, (_, i) => `SWAP${i + 1}`),
];
/** Memory operations with an offset (and size) masked to 10 bits, so expansion stays cheap: [source, need, delta]. */
const MEMORY_SAFE: readonly [string, number, number][] = [
  ["PUSH2 0x03ff AND MLOAD", 1, 0],
  ["PUSH2 0x03ff AND MSTORE", 2, -2],
  ["PUSH2 0x03ff AND MSTORE8", 2, -2],
  ["PUSH2 0x03ff AND PUSH1 0x40 SWAP1 KECCAK256", 1, 0],
  ["PUSH1 0x3f AND PUSH0 PUSH2 0x200 CALLDATACOPY", 1, -1],
  ["PUSH1 0x3f AND PUSH1 0x10 PUSH2 0x300 CODECOPY", 1, -1],
  ["PUSH1 0x3f AND PUSH1 0x20 PUSH2 0x100 MCOPY", 1, -1],
];

/**
 * Seeded random straight-line programs over the non-record opcodes: edge-value pushes, arithmetic,
 * stack shuffles and bounded memory traffic, ending by returning memory. The generator tracks the stack
 * depth with the SDK's opcode table so most programs run to the end; a few under- or overflow on purpose
 * or get a tight gas limit. The native run decides the expected outcome.
 */
function randomCases(seed: number, count: number, table: StackTable, creation = false): DiffCase[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const cases: DiffCase[] = [];
  for (let k = 0; k < count; k++) {
    const parts: string[] = [];
    let depth = 0;
    const length = 20 + Math.floor(rnd() * 80);
    const reckless = rnd() < 0.1;
    for (let i = 0; i < length; i++) {
      const r = rnd();
      if (r < 0.3 || depth === 0) {
        parts.push(rnd() < 0.7 ? `PUSH32 ${hex(pick(EDGE_VALUES))}` : `PUSH1 ${Math.floor(rnd() * 256)}`);
        depth++;
      } else if (r < 0.42) {
        const [source, need, delta] = pick(MEMORY_SAFE);
        if (depth < need && !reckless) continue;
        parts.push(source);
        depth += delta;
      } else {
        const op = pick(RANDOM_OPS);
        const { inputs, outputs } = table(op);
        if ((depth < inputs || depth - inputs + outputs > 1024) && !reckless) continue;
        parts.push(op);
        depth += outputs - inputs;
      }
    }
    // Init code returns a random length of its memory (the deployed code; 0x60 first, never 0xEF).
    if (creation) parts.push(`PUSH1 0x60 PUSH0 MSTORE8 PUSH2 ${Math.floor(rnd() * 0x300)} PUSH0 RETURN`);
    else parts.push("MSIZE PUSH0 RETURN");
    const calldata = `0x${Array.from({ length: creation ? 0 : Math.floor(rnd() * 70) }, () =>
      Math.floor(rnd() * 256)
        .toString(16)
        .padStart(2, "0"),
    ).join("")}` as const;
    const tight = !creation && rnd() < 0.15;
    cases.push({
      name: `random ${creation ? "init code" : "program"} #${k} (seed ${seed}${reckless ? ", reckless" : ""}${tight ? ", tight gas" : ""})`,
      source: parts.join(" "),
      creation,
      calldata,
      value: BigInt(Math.floor(rnd() * 1000)),
      gas: tight ? leastGas(calldata) + BigInt(Math.floor(rnd() * 2000)) : DEFAULT_GAS,
      expect: "any",
    });
  }
  return cases;
}

/**
 * Seeded random programs with control flow: segments that each start at a JUMPDEST with an empty stack,
 * run random straight-line code (GAS and PC included: the hypervisor charges gas per block, so GAS in
 * the middle of a block checks that it still reports per-instruction gas), pop back to an empty stack,
 * then fall through, jump forward (JUMP, or JUMPI on a value just computed), jump back while a loop
 * counter in memory lasts, or now and then jump into push data or a non-JUMPDEST (a halt).
 */
function randomFlowCases(seed: number, count: number, table: StackTable): DiffCase[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const cases: DiffCase[] = [];
  for (let k = 0; k < count; k++) {
    const segments = 3 + Math.floor(rnd() * 6);
    const parts: string[] = ["PUSH1 4 PUSH2 0x800 MSTORE"]; // loop budget
    for (let g = 0; g < segments; g++) {
      parts.push(`s${g}: JUMPDEST`);
      let depth = 0;
      const length = Math.floor(rnd() * 25);
      for (let i = 0; i < length; i++) {
        const r = rnd();
        if (r < 0.3 || depth === 0) {
          parts.push(rnd() < 0.5 ? `PUSH32 ${hex(pick(EDGE_VALUES))}` : `PUSH1 ${Math.floor(rnd() * 256)}`);
          depth++;
        } else if (r < 0.4) {
          const [source, need, delta] = pick(MEMORY_SAFE);
          if (depth < need) continue;
          parts.push(source);
          depth += delta;
        } else if (r < 0.5) {
          parts.push(pick(["GAS", "PC", "MSIZE"]));
          depth++;
        } else {
          const op = pick(RANDOM_OPS);
          const { inputs, outputs } = table(op);
          if (depth < inputs) continue;
          parts.push(op);
          depth += outputs - inputs;
        }
      }
      // Keep one computed value for a JUMPI condition, store the rest.
      const keep = depth > 0 && rnd() < 0.5;
      const leave = keep ? 1 : 0;
      while (depth - leave >= 2) {
        parts.push("PUSH2 0x03ff AND MSTORE"); // offset = top item, masked; value = the next one
        depth -= 2;
      }
      if (depth - leave === 1) parts.push(keep ? "SWAP1 POP" : "POP");
      const r = rnd();
      const forward = g + 1 + Math.floor(rnd() * (segments - g));
      const target = forward >= segments ? "end" : `s${forward}`;
      if (keep) parts.push(`@${target} JUMPI`);
      else if (r < 0.3) parts.push(`@${target} JUMP`);
      else if (r < 0.55 && g > 0) {
        const back = Math.floor(rnd() * g);
        parts.push(
          `PUSH2 0x800 MLOAD DUP1 ISZERO @n${g} JUMPI PUSH1 1 SWAP1 SUB PUSH2 0x800 MSTORE @s${back} JUMP n${g}: JUMPDEST POP`,
        );
      } else if (r < 0.58)
        parts.push("PUSH1 3 JUMP"); // pc 3 is the MSTORE of the prologue: not a JUMPDEST
      else if (r < 0.6) parts.push("PUSH1 1 JUMP"); // into the prologue's push data
    }
    parts.push("end: JUMPDEST MSIZE PUSH0 RETURN");
    cases.push({
      name: `random flow #${k} (seed ${seed})`,
      source: parts.join(" "),
      calldata: `0x${"a5".repeat(Math.floor(rnd() * 40))}`,
      gas: rnd() < 0.15 ? 22_000n + BigInt(Math.floor(rnd() * 3000)) : DEFAULT_GAS,
      expect: "any",
    });
  }
  return cases;
}

/** Stack inputs and outputs of a mnemonic (from the SDK's opcode table). */
export type StackTable = (mnemonic: string) => { inputs: number; outputs: number };

/** Every differential case; `table` gives stack effects for the generated programs. */
export function differentialCases(table: StackTable): DiffCase[] {
  const all = [
    ...arithmeticCases(),
    ...keccakCases(),
    ...environmentCases(),
    ...memoryCases(),
    ...controlCases(),
    ...pushCases(),
    ...dupSwapCases(),
    ...haltCases(),
    ...boundaryCases(),
    ...creationCases(),
    ...randomCases(0x150, 150, table),
    ...randomFlowCases(0xf10, 100, table),
    ...randomCases(0xc4e, 30, table, true),
  ];
  const names = new Set<string>();
  for (const c of all) {
    if (names.has(c.name)) throw new Error(`duplicate differential case name ${c.name}`);
    names.add(c.name);
  }
  return all;
}
