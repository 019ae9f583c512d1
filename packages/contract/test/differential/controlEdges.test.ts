import type { RecordedFrame } from "@iso-hypervisor/fixtures-gen";
import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import { OPCODES } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { sendTransaction } from "../../lib/sendTransaction";
import type { Hex } from "../../lib/types";
import { expectAuditsEndAtTracePc, lastTracePc } from "./helpers/auditEndsAtTracePc";
import { type AuditDeployment, deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";

/**
 * Control flow and stack edges (docs/hypervisor.md 5.2-5.6), each program run natively, recorded and
 * audited with the archived analysis image and with the lazy analysis (a code-only archive): jumps into
 * PUSH data at every offset, to the last byte, past the end and to huge destinations; JUMPI not taken with
 * a bad destination; code ending in a JUMPDEST or inside a PUSH; out of gas at the exact instruction of a
 * block, of a forced block (stack span 256, static gas 0x4000) and of a jump's destination; the stack at
 * 1024, DUP16/SWAP16 at depths 15-17, and stacks deeper than 999 items (the transient-storage window).
 *
 * Every run asserts: the native outcome; the true witness is Valid in both modes; gasUsed + 1 is
 * rejected with the true gas used; and the pc that rejection reports is the one the native trace ended
 * at (the instruction that stopped the frame), the same in both modes. That includes a dynamic cost (memory
 * expansion, EXP bytes, copy and KECCAK256 words) that the gas lane cannot pay mid-block: the block's
 * static gas was charged at its entry, so the instruction may still complete on the EVM and the frame halt
 * a few instructions later (dispatch/step.huff CHARGE_SHORT).
 */

/** One native run of a program: its calldata, and how much less gas than it needs (out of gas on purpose). */
interface Variant {
  /** Calldata: a list of 32-byte words. */
  words?: bigint[];
  /** Run once with plenty of gas, then with the gas it used minus this many units. */
  starveBy?: bigint;
  expect: "success" | "revert" | "halt";
  /** The pc the frame must end at (checked against the native trace too). */
  pc?: number;
}

interface EdgeCase {
  name: string;
  source: string;
  variants: Variant[];
}

const STATUS = { revert: 0n, success: 1n, halt: 2n } as const;
const U256 = (1n << 256n) - 1n;
const GAS = 3_000_000n;
const word = (v: bigint): string => v.toString(16).padStart(64, "0");
const calldataOf = (words: bigint[] = []): Hex => `0x${words.map(word).join("")}`;
/** The length in bytes of an assembled program (the pc of what follows it). */
const at = (source: string): number => (asm(source).length - 2) / 2;
const repeat = (text: string, n: number): string => Array.from({ length: n }, () => text).join(" ");
const STATIC_GAS = new Map(OPCODES.map((o) => [o.code, o.staticGas]));
const IMMEDIATE = new Map(OPCODES.map((o) => [o.code, o.immediateSize]));

/**
 * For a straight-line program of constant-cost instructions: the gas units to take away from what it
 * needs so that it runs out of gas exactly at the instruction at `pc` (its static gas one unit short);
 * `dynamic`: the program's dynamic gas, all of it after `pc`.
 */
const starveAt = (source: string, pc: number, dynamic = 0): bigint => {
  const code = Buffer.from(asm(source).slice(2), "hex");
  let total = 0;
  let before = -1;
  for (let p = 0; p < code.length; p += 1 + (IMMEDIATE.get(code[p]) ?? 0)) {
    if (p === pc) before = total;
    total += STATIC_GAS.get(code[p]) ?? 0;
  }
  if (before < 0) throw new Error(`no instruction at ${pc}`);
  const cost = STATIC_GAS.get(code[pc]) ?? 0;
  if (cost === 0) throw new Error(`the instruction at ${pc} costs nothing`);
  return BigInt(total + dynamic - (before + cost - 1));
};

const STACK_IO = new Map(OPCODES.map((o) => [o.code, [o.inputs, o.outputs] as const]));

/**
 * Where the analysis starts forced blocks in straight-line code without JUMPDESTs or END instructions
 * before its last one (docs/hypervisor.md 5.3): before the next instruction once the block's need +
 * growth reaches 256 or its static gas reaches 0x4000. An independent model of that rule, so the cases
 * can run out of gas right at each split.
 */
const forcedSplits = (source: string): number[] => {
  const code = Buffer.from(asm(source).slice(2), "hex");
  const splits: number[] = [];
  let [gas, change, need, growth] = [0, 0, 0, 0];
  for (let p = 0; p < code.length; ) {
    const [inputs, outputs] = STACK_IO.get(code[p]) ?? [0, 0];
    gas += STATIC_GAS.get(code[p]) ?? 0;
    need = Math.max(need, inputs - change);
    change += outputs - inputs;
    growth = Math.max(growth, change);
    p += 1 + (IMMEDIATE.get(code[p]) ?? 0);
    if (p < code.length - 1 && (need + growth >= 256 || gas >= 0x4000)) {
      splits.push(p);
      [gas, change, need, growth] = [0, 0, 0, 0];
    }
  }
  return splits;
};

let nextAccount = 0xed6e0000n;

/**
 * Runs every variant of a case natively on one fresh account, then audits each recorded witness (and
 * gasUsed + 1) with a code-only archive (lazy analysis), then with the analysis image added.
 */
async function checkCase(d: AuditDeployment, c: EdgeCase): Promise<void> {
  const code = asm(c.source);
  const to = `0x${(nextAccount++).toString(16).padStart(40, "0")}` as Hex;
  await d.host.provider.request({ method: "hardhat_setCode", params: [to, code] });
  const runs: { v: Variant; frame: RecordedFrame; tracePc: number; label: string }[] = [];
  for (const [i, v] of c.variants.entries()) {
    const data = calldataOf(v.words);
    let sent = await sendTransaction(d.host, { to, data, gas: GAS });
    if (v.starveBy !== undefined)
      sent = await sendTransaction(d.host, { to, data, gas: sent.gasUsed - v.starveBy });
    const recorded = await recordTransaction(d.host.provider as never, sent.hash);
    const label = `${c.name}, variant ${i} (${v.words?.map((w) => `0x${w.toString(16)}`).join(" ") ?? ""}${v.starveBy === undefined ? "" : ` starved by ${v.starveBy}`})`;
    expect(recorded.frames, label).to.have.length(1);
    const frame = recorded.frames[0];
    expect(frame.witness.status, `${label}: native outcome`).to.equal(STATUS[v.expect]);
    expect(frame.witness.stateAccessList, label).to.have.length(0);
    const tracePc = await lastTracePc(d, sent.hash);
    if (v.pc !== undefined) expect(tracePc, `${label}: native trace ends at`).to.equal(v.pc);
    runs.push({ v, frame, tracePc, label });
  }
  await expectAuditsEndAtTracePc(d, runs);
}

// ---------------------------------------------------------------------------------------------------
// Jumps into PUSH data: PUSHn whose immediate is all 0x5b, the destination from calldata.

/** PUSH0 CALLDATALOAD JUMP (pc 2), PUSHn at 3, its data at 4 .. 3 + n, then a JUMPDEST returning 1. */
const pushDataProgram = (n: number) =>
  `PUSH0 CALLDATALOAD JUMP PUSH${n} 0x${"5b".repeat(n)} JUMPDEST PUSH1 1 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`;

function pushDataCases(): EdgeCase[] {
  const cases: EdgeCase[] = [];
  for (let n = 1; n <= 32; n++) {
    const offsets = n <= 4 || n >= 31 ? Array.from({ length: n }, (_, k) => k) : [0, 1, n >> 1, n - 2, n - 1];
    cases.push({
      name: `JUMP into PUSH${n} data of 0x5b bytes (offsets ${offsets.join(",")}), to the PUSH, to the JUMPDEST after it`,
      source: pushDataProgram(n),
      variants: [
        ...offsets.map((k) => ({ words: [BigInt(4 + k)], expect: "halt" as const, pc: 2 })),
        { words: [3n], expect: "halt", pc: 2 },
        { words: [BigInt(4 + n)], expect: "success" },
      ],
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------
// Destinations: the last byte, past the end, huge values (the bound is checked before anything else).

/**
 * JUMPI (pc 5) with destination word 0 and condition word 1; not taken it returns 7; the JUMPDEST at D
 * returns 9; then PUSH2 0x5b5b (its data at DATA, DATA + 1) and a JUMPDEST as the last byte (LAST).
 */
const JUMPI_HEAD =
  "PUSH1 32 CALLDATALOAD PUSH0 CALLDATALOAD JUMPI PUSH1 7 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN";
const JUMPI_D = "JUMPDEST PUSH1 9 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN";
const JUMPI_PROGRAM = `${JUMPI_HEAD} ${JUMPI_D} PUSH2 0x5b5b JUMPDEST`;
const D = at(JUMPI_HEAD);
const DATA = at(`${JUMPI_HEAD} ${JUMPI_D}`) + 1;
const LAST = at(JUMPI_PROGRAM) - 1;

function destinationCases(): EdgeCase[] {
  const bad = [
    BigInt(D + 1),
    BigInt(DATA),
    BigInt(DATA + 1),
    BigInt(DATA - 1),
    BigInt(LAST + 1),
    BigInt(LAST + 2),
    0x100n,
    (1n << 32n) + BigInt(D),
    (1n << 64n) + BigInt(D),
    1n << 64n,
    (1n << 128n) + BigInt(D),
    (1n << 255n) + BigInt(D),
    U256,
    U256 - 1n,
  ];
  const conds = [1n, 1n << 255n, U256];
  return [
    {
      name: "JUMPI taken to a JUMPDEST",
      source: JUMPI_PROGRAM,
      variants: [{ words: [BigInt(D), 1n], expect: "success" }],
    },
    {
      name: "JUMPI taken to bad destinations: after a JUMPDEST, a PUSH and its 0x5b data, past the end, 2^32/2^64/2^128/2^255 + a JUMPDEST, 2^256-1",
      source: JUMPI_PROGRAM,
      variants: bad.map((dest, i) => ({ words: [dest, conds[i % 3]], expect: "halt" as const, pc: 5 })),
    },
    {
      name: "JUMPI taken (conditions 1, 2^255, 2^256-1) to the JUMPDEST that is the last byte (falls off the end)",
      source: JUMPI_PROGRAM,
      variants: [
        ...conds.map((cond) => ({ words: [BigInt(LAST), cond], expect: "success" as const, pc: LAST + 1 })),
        { words: [BigInt(D), U256], expect: "success" },
      ],
    },
    {
      name: "JUMPI not taken (condition 0) whatever the destination: huge, PUSH data, past the end, a JUMPDEST",
      source: JUMPI_PROGRAM,
      variants: [...bad, BigInt(D), BigInt(LAST), 0n].map((dest) => ({
        words: [dest, 0n],
        expect: "success" as const,
      })),
    },
    {
      name: "JUMP to the last byte (a JUMPDEST), past it, to huge destinations",
      source: "PUSH0 CALLDATALOAD JUMP PUSH3 0x5b5b5b JUMPDEST",
      variants: [
        { words: [7n], expect: "success", pc: 8 },
        { words: [8n], expect: "halt", pc: 2 },
        { words: [9n], expect: "halt", pc: 2 },
        { words: [(1n << 64n) + 7n], expect: "halt", pc: 2 },
        { words: [(1n << 255n) + 7n], expect: "halt", pc: 2 },
        { words: [U256], expect: "halt", pc: 2 },
        { words: [6n], expect: "halt", pc: 2 },
      ],
    },
    {
      name: "JUMP to the last byte when it is not a JUMPDEST (STOP, ADD)",
      source: "PUSH0 CALLDATALOAD JUMP JUMPDEST 0x00 0x01",
      variants: [
        { words: [4n], expect: "halt", pc: 2 },
        { words: [5n], expect: "halt", pc: 2 },
        { words: [3n], expect: "success", pc: 4 },
      ],
    },
    {
      name: "code ending inside a PUSH: jumps to its opcode, to its 0x5b data bytes, past the end",
      source: "PUSH0 CALLDATALOAD JUMP JUMPDEST 0x7f5b5b5b",
      variants: [
        { words: [4n], expect: "halt", pc: 2 },
        { words: [5n], expect: "halt", pc: 2 },
        { words: [7n], expect: "halt", pc: 2 },
        { words: [8n], expect: "halt", pc: 2 },
        { words: [40n], expect: "halt", pc: 2 },
        { words: [3n], expect: "success" },
      ],
    },
    {
      name: "code ending in a truncated PUSH3 that runs: exactly enough gas, one unit short at it",
      source: "PUSH1 1 POP 0x62ee",
      variants: [
        { starveBy: 0n, expect: "success" },
        { starveBy: starveAt("PUSH1 1 POP 0x62ee", 3), expect: "halt", pc: 3 },
        { starveBy: starveAt("PUSH1 1 POP 0x62ee", 2), expect: "halt", pc: 2 },
      ],
    },
    {
      name: "JUMPDEST as the last byte reached by falling through, after a JUMPI not taken",
      source: "PUSH0 PUSH0 JUMPI JUMPDEST",
      variants: [{ expect: "success", pc: 4 }],
    },
    {
      name: "JUMPI not taken, then GAS as the last byte; taken past the end",
      source: "PUSH0 CALLDATALOAD PUSH1 40 JUMPI GAS",
      variants: [
        { words: [0n], expect: "success", pc: 6 },
        { words: [1n], expect: "halt", pc: 4 },
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Out of gas at the exact instruction: in a block, at a jump's destination, at forced-block boundaries.

const STRAIGHT = "PUSH1 1 PUSH1 2 ADD PUSH1 3 MUL PUSH0 POP POP CALLER POP STOP";
const INTO_JUMPDEST = "PUSH1 6 JUMP 0xfe 0xfe 0xfe JUMPDEST PUSH1 1 POP STOP";
const FALL_INTO = "PUSH1 1 POP JUMPDEST PUSH0 PUSH0 JUMPI JUMPDEST PUSH1 2 POP";
const GAS_VALUE = "PUSH1 1 POP GAS PUSH0 MSTORE PUSH1 32 PUSH0 RETURN";

// DUP1 DUP1 EXP POP (18 gas; the exponent is 0, so EXP has no dynamic part) from [0]: the block's static
// gas reaches 0x4000 after about 910 rounds, and the instruction after that one starts a forced block.
const ROUNDS = 915;
const HEAVY = `PUSH0 ${repeat("DUP1 DUP1 EXP POP", ROUNDS)} STOP`;
/** Costs of HEAVY's instructions, all one byte (the pc is the index): PUSH0 2, then rounds of 3, 3, 10, 2. */
const HEAVY_COSTS = [2, ...Array.from({ length: ROUNDS * 4 }, (_, i) => [3, 3, 10, 2][i % 4])];
/** The first pc after the one at which the running total of HEAVY_COSTS reaches 0x4000. */
const HEAVY_SPLIT =
  HEAVY_COSTS.findIndex((_, i) => HEAVY_COSTS.slice(0, i + 1).reduce((a, b) => a + b) >= 0x4000) + 1;

function gasCases(): EdgeCase[] {
  const straightPcs = [0, 2, 4, 5, 7, 8, 9, 10, 11, 12];
  // 300 PUSH0: the block from 0 reaches a stack span of 256 after the 256th, so 256 starts a forced block.
  const pushes = `${repeat("PUSH0", 300)} STOP`;
  const heavyPcs = [HEAVY_SPLIT - 1, HEAVY_SPLIT, HEAVY_SPLIT + 1];
  // Splits by stack span: growth (a PUSH0 run), need (a POP run), growth with DUP16's need of 16.
  const spans = [
    `${repeat("PUSH0", 400)} ${repeat("POP", 400)} STOP`,
    `${repeat("PUSH0", 16)} ${repeat("DUP16", 300)} STOP`,
    `${repeat("PUSH0", 130)} ${repeat("PUSH32 0x5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c", 140)} ${repeat("POP", 270)} STOP`,
  ];
  const spanCases: EdgeCase[] = spans.map((source, i) => {
    const splits = forcedSplits(source);
    if (splits.length === 0) throw new Error(`span program ${i} splits at ${splits}`);
    const previous = (pc: number) => {
      const code = Buffer.from(asm(source).slice(2), "hex");
      let last = 0;
      for (let p = 0; p < pc; p += 1 + (IMMEDIATE.get(code[p]) ?? 0)) last = p;
      return last;
    };
    return {
      name: `stack-span splits (program ${i}, forced blocks at ${splits.join(", ")}): out of gas at each split and just before`,
      source,
      variants: [
        { starveBy: 0n, expect: "success" as const },
        ...splits
          .flatMap((pc) => [pc, previous(pc)])
          .map((pc) => ({
            starveBy: starveAt(source, pc),
            expect: "halt" as const,
            pc,
          })),
      ],
    };
  });
  const pcGas = `${repeat("PUSH0", 300)} PC GAS PUSH0 MSTORE PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN`;
  return [
    ...spanCases,
    {
      name: "PC and GAS in a forced block (after 300 PUSH0): exactly enough gas, one unit short at GAS and at PC",
      source: pcGas,
      variants: [
        { starveBy: 0n, expect: "success" },
        { starveBy: starveAt(pcGas, 301, 6), expect: "halt", pc: 301 },
        { starveBy: starveAt(pcGas, 300, 6), expect: "halt", pc: 300 },
      ],
    },
    {
      name: "a straight block with exactly enough gas, and one unit short at each of its instructions",
      source: STRAIGHT,
      variants: [
        { starveBy: 0n, expect: "success", pc: 13 },
        ...straightPcs.map((pc) => ({ starveBy: starveAt(STRAIGHT, pc), expect: "halt" as const, pc })),
      ],
    },
    {
      name: "out of gas at a jump's destination JUMPDEST and in its block, exactly enough",
      source: INTO_JUMPDEST,
      // PUSH1 3, JUMP 8, JUMPDEST 1, PUSH1 3, POP 2: 17 in all
      variants: [
        { starveBy: 0n, expect: "success", pc: 10 },
        { starveBy: 1n, expect: "halt", pc: 9 },
        { starveBy: 2n, expect: "halt", pc: 9 },
        { starveBy: 3n, expect: "halt", pc: 7 },
        { starveBy: 5n, expect: "halt", pc: 7 },
        { starveBy: 6n, expect: "halt", pc: 6 },
        { starveBy: 7n, expect: "halt", pc: 2 },
        { starveBy: 14n, expect: "halt", pc: 2 },
        { starveBy: 15n, expect: "halt", pc: 0 },
      ],
    },
    {
      name: "out of gas at a JUMPDEST reached by falling through and after a JUMPI not taken",
      source: FALL_INTO,
      variants: [
        { starveBy: 0n, expect: "success", pc: 11 },
        ...[10, 8, 7, 6, 5, 4, 3, 2, 0].map((pc) => ({
          starveBy: starveAt(FALL_INTO, pc),
          expect: "halt" as const,
          pc,
        })),
      ],
    },
    {
      name: "GAS with exactly enough gas, and one unit short",
      source: GAS_VALUE,
      // MSTORE's memory expansion (1 word: 3 gas) is the only dynamic cost, after GAS
      variants: [
        { starveBy: 0n, expect: "success", pc: 9 },
        { starveBy: starveAt(GAS_VALUE, 3, 3), expect: "halt", pc: 3 },
        { starveBy: starveAt(GAS_VALUE, 2, 3), expect: "halt", pc: 2 },
      ],
    },
    {
      name: "300 PUSH0 (forced split at 256): out of gas just before, at and after the split",
      source: pushes,
      variants: [
        { starveBy: 0n, expect: "success", pc: 300 },
        ...[254, 255, 256, 257, 299].map((pc) => ({
          starveBy: starveAt(pushes, pc),
          expect: "halt" as const,
          pc,
        })),
      ],
    },
    {
      name: `static gas reaching 0x4000 (forced split at ${HEAVY_SPLIT}): out of gas around the split`,
      source: HEAVY,
      variants: [
        { starveBy: 0n, expect: "success", pc: HEAVY_COSTS.length },
        ...heavyPcs.map((pc) => ({ starveBy: starveAt(HEAVY, pc), expect: "halt" as const, pc })),
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Stack bounds: 1024, underflow at depth 0/1, DUP16/SWAP16 at depths 15, 16, 17.

function stackCases(): EdgeCase[] {
  const p = (n: number) => repeat("PUSH0", n);
  const c = (name: string, source: string, expect: Variant["expect"], pc?: number): EdgeCase => ({
    name,
    source,
    variants: [{ expect, pc: pc ?? (expect === "halt" ? at(source) - 1 : undefined) }],
  });
  return [
    c("POP on an empty stack", "POP", "halt", 0),
    c("SWAP16 on an empty stack", "SWAP16", "halt", 0),
    c("DUP16 on an empty stack", "DUP16", "halt", 0),
    c("DUP16 at depth 1", "PUSH0 DUP16", "halt"),
    c("SWAP1 at depth 1", "PUSH0 SWAP1", "halt"),
    c("DUP16 at depth 15", `${p(15)} DUP16`, "halt"),
    c("DUP16 at depth 16", `${p(15)} PUSH1 7 ${p(15)} DUP16 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`, "success"),
    c("SWAP16 at depth 16", `${p(16)} SWAP16`, "halt"),
    c("SWAP16 at depth 17", `PUSH1 5 ${p(16)} SWAP16 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`, "success"),
    c("underflow in a jump's destination block", "PUSH1 4 JUMP 0xfe JUMPDEST PUSH0 ADD", "halt", 6),
    c("1024 items then PUSH1", `${p(1024)} PUSH1 1`, "halt", 1024),
    c("1023 items then DUP16", `${p(1023)} DUP16 STOP`, "success"),
    c("1024 items then DUP16", `${p(1024)} DUP16`, "halt", 1024),
    c("1024 items then SWAP16 and POP", `${p(1024)} SWAP16 POP STOP`, "success"),
    c(
      "1023 items, a jump, then PUSH0 PUSH0 at the destination",
      `${p(1023)} @t JUMP t: JUMPDEST PUSH0 PUSH0`,
      "halt",
      1029,
    ),
    c(
      "1024 items at a JUMPI, then PUSH0 PUSH0 PUSH0 at the destination",
      `${p(1022)} PUSH1 1 @t JUMPI t: JUMPDEST PUSH0 PUSH0 PUSH0`,
      "halt",
      1031,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Deep stacks (more than 999 items: the bottom ones in transient storage), distinct values returned.

/** Pushes the values 1 .. n (PUSH2 each), then `body`, then stores the top `out` items and returns them. */
const deep = (n: number, body: string, out: number): string =>
  `${Array.from({ length: n }, (_, i) => `PUSH2 ${i + 1}`).join(" ")} ${body} ${Array.from(
    { length: out },
    (_, i) => `PUSH2 ${i * 32} MSTORE`,
  ).join(" ")} PUSH2 ${out * 32} PUSH0 RETURN`;

function deepCases(): EdgeCase[] {
  const one = (name: string, source: string, expect: Variant["expect"] = "success"): EdgeCase => ({
    name,
    source,
    variants: [{ expect }],
  });
  return [
    one(
      "1024 distinct items, SWAP16 and DUP16 at the top, 17 returned",
      deep(1024, "SWAP16 POP DUP16 SWAP16 POP", 17),
    ),
    one(
      "1024 distinct items popped to 17, SWAP16, POP, DUP16: the bottom items come back from the spill",
      deep(1024, `${repeat("POP", 1007)} SWAP16 POP DUP16`, 17),
    ),
    {
      name: "1010 items popped to 16, then SWAP16 at 16 or DUP16 at 15 underflows",
      source: deep(1010, `${repeat("POP", 994)} PUSH0 CALLDATALOAD @a JUMPI SWAP16 a: JUMPDEST POP DUP16`, 1),
      variants: [
        { words: [0n], expect: "halt" },
        { words: [1n], expect: "halt" },
      ],
    },
    one("1024 items popped to 0, POP underflows", deep(1024, repeat("POP", 1025), 1), "halt"),
    one(
      "1000 items, PC and GAS in the deep blocks, then DUP16/SWAP16 after 300 POPs",
      deep(1000, `PC GAS ${repeat("POP", 300)} SWAP16 DUP16 PC ${repeat("PUSH0 POP", 5)} GAS`, 20),
    ),
    one(
      "deep loop: 1016 items, each round pushes 8 and pops 8 (at the overflow edge), 20 rounds",
      deep(
        1016,
        `PUSH1 20 PUSH2 0x2000 MSTORE l: JUMPDEST ${repeat("DUP16", 8)} ${repeat("POP", 8)} PUSH2 0x2000 MLOAD PUSH1 1 SWAP1 SUB DUP1 PUSH2 0x2000 MSTORE @l JUMPI SWAP16`,
        18,
      ),
    ),
    one(
      "999, 1000, 1001 items: one item across the native window, each with DUP16 SWAP16",
      `${repeat("PUSH1 3", 999)} DUP16 SWAP16 PUSH2 0x5b5b DUP16 SWAP16 PUSH0 DUP16 SWAP16 ${repeat("ADD", 1000)} PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Out of gas in a dynamic cost with static gas after it in its block: the EVM may complete the instruction
// and halt later in the block; every starvation level must halt where the native trace does.

const levels = (n: number): Variant[] =>
  Array.from({ length: n }, (_, i) => ({ starveBy: BigInt(i + 1), expect: "halt" as const }));

function dynamicCases(): EdgeCase[] {
  const cases: EdgeCase[] = [
    {
      name: "EXP, then PUSH1 POP: halts at POP, PUSH1 or EXP as the gas shrinks",
      source: "PUSH1 1 PUSH1 2 EXP PUSH1 0 POP STOP",
      variants: [
        { starveBy: 1n, expect: "halt", pc: 7 },
        { starveBy: 3n, expect: "halt", pc: 5 },
        { starveBy: 6n, expect: "halt", pc: 4 },
      ],
    },
    {
      name: "MSTORE's first expansion, then PUSH1 POP",
      source: "PUSH1 1 PUSH0 MSTORE PUSH1 0 POP STOP",
      variants: [
        { starveBy: 1n, expect: "halt", pc: 6 },
        { starveBy: 3n, expect: "halt", pc: 4 },
        { starveBy: 6n, expect: "halt", pc: 3 },
      ],
    },
    {
      name: "two expansions in one block: the second may be where it halts",
      source: "PUSH1 1 PUSH0 MSTORE PUSH1 1 PUSH1 64 MSTORE PUSH0 POP STOP",
      variants: levels(14),
    },
    {
      name: "an MLOAD whose offset the MSTORE before it wrote (its cost depends on that store)",
      source: "PUSH2 0x0400 PUSH0 MSTORE PUSH0 MLOAD MLOAD POP PUSH0 POP STOP",
      variants: [
        ...levels(12),
        ...[20n, 50n, 100n, 104n, 105n, 110n].map((k) => ({ starveBy: k, expect: "halt" as const })),
      ],
    },
    {
      name: "KECCAK256, CALLDATACOPY and MCOPY words, then static gas",
      source:
        "PUSH1 64 PUSH0 KECCAK256 PUSH1 96 PUSH0 PUSH1 32 CALLDATACOPY PUSH1 64 PUSH0 PUSH1 128 MCOPY POP PUSH0 POP STOP",
      variants: levels(24),
    },
    {
      name: "an expansion before the end of the code (the block ends at the code's end)",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP",
      variants: levels(6),
    },
    {
      name: "an expansion before a JUMPDEST (the block ends there)",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP JUMPDEST PUSH0 POP STOP",
      variants: levels(8),
    },
    {
      // block 0 (PUSH1 PUSH0 MSTORE and 256 PUSH0s, 520 static gas) is split before the rest: starved by
      // 89 .. 91 its entry still fits but not MSTORE's expansion
      name: "an expansion in a block that a forced split ends (stack span 256)",
      source: `PUSH1 1 PUSH0 MSTORE ${repeat("PUSH0", 300)} STOP`,
      variants: [1n, 2n, 84n, 86n, 87n, 88n, 89n, 90n, 91n, 92n, 93n, 96n, 100n, 500n, 607n].map((n) => ({
        starveBy: n,
        expect: "halt" as const,
      })),
    },
  ];
  return cases;
}

describe("differential: control-flow and stack edges, with and without the archived image", function () {
  this.timeout(600_000);
  let d: AuditDeployment;
  before(async () => {
    d = await deployAudit();
  });

  for (const c of [
    ...pushDataCases(),
    ...destinationCases(),
    ...gasCases(),
    ...stackCases(),
    ...deepCases(),
    ...dynamicCases(),
  ]) {
    it(c.name, async () => {
      await checkCase(d, c);
    });
  }

  it("the program layouts the cases rely on", () => {
    const byteAt = (source: string, pc: number) => asm(source).slice(2 + 2 * pc, 4 + 2 * pc);
    expect(at("PUSH1 32 CALLDATALOAD PUSH0 CALLDATALOAD")).to.equal(5);
    expect(byteAt(JUMPI_PROGRAM, D)).to.equal("5b");
    expect(asm(JUMPI_PROGRAM).slice(2 + 2 * (DATA - 1))).to.equal("615b5b5b");
    expect(byteAt(INTO_JUMPDEST, 6)).to.equal("5b");
    expect(byteAt(pushDataProgram(32), 3)).to.equal("7f");
    expect(byteAt(pushDataProgram(32), 36)).to.equal("5b");
    expect(byteAt(FALL_INTO, 7)).to.equal("5b");
    // the split model: 256 PUSH0s reach a span of 256 (docs/hypervisor.md 5.3), HEAVY's gas 0x4000
    expect(forcedSplits(`${repeat("PUSH0", 300)} STOP`)).to.deep.equal([256]);
    expect(forcedSplits(HEAVY)).to.deep.equal([HEAVY_SPLIT]);
  });
});
