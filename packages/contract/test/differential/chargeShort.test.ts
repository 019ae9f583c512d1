import type { RecordedFrame } from "@iso-hypervisor/fixtures-gen";
import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import { expect } from "chai";
import { sendTransaction } from "../../lib/sendTransaction";
import type { Hex } from "../../lib/types";
import { expectAuditsEndAtTracePc, lastTracePc } from "./helpers/auditEndsAtTracePc";
import { type AuditDeployment, deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";

/**
 * CHARGE_SHORT (dispatch/step.huff): a dynamic cost (memory expansion, EXP bytes, copy and KECCAK256
 * words) that the gas lane cannot pay in the middle of a block whose static gas was charged at its entry.
 * The hypervisor adds back the static gas of the rest of the block (read from the code stream up to an END
 * instruction, a JUMPDEST, a forced block's marker or the end of the code), undoes the rest's stack change,
 * and either halts at the instruction or finishes the block in step mode. These cases starve programs by
 * every gas level around such a charge and check that the frame halts exactly where the EVM does, where
 * the rest of the block ends in every way the scan must recognise (JUMPI, GAS, a real 0x0c, INVALID, a
 * JUMPDEST, the end of the code, a truncated PUSH, PUSH32 data full of 0x5b/0x0c bytes, a forced block's
 * marker), with an instruction charging twice (MCOPY, CALLDATACOPY, CODECOPY: the first charge may switch
 * to step mode and the second then halt), when the charging instruction is itself a forced block's first
 * (its stream byte is the marker), in blocks entered through a jump, in a loop, in blocks entered through
 * the slow path with items spilled to transient storage (depth over 999, pops below the native window,
 * an overflow later in the block), with an SLOAD ending the block (reached only when the EVM reaches it),
 * and in creation frames (init code, analysed lazily).
 *
 * Every run asserts: the true witness is Valid, gasUsed + 1 is rejected with the true gas used, and the pc
 * the rejection reports is the native trace's last pc, with the archived image and with the lazy analysis.
 */

interface Case {
  name: string;
  source: string;
  /** Each: run with the gas the program needs minus this many units. */
  starve: bigint[];
  /** Run as a creation transaction (the program is the init code). */
  creation?: boolean;
  /**
   * For a program that ends in an exceptional halt (whose full run uses all the gas given): the gas the
   * frame needs to reach that halt; the starved runs get 21000 + this - k (a message frame, no calldata).
   */
  needs?: bigint;
}

const GAS = 3_000_000n;
const repeat = (text: string, n: number): string => Array.from({ length: n }, () => text).join(" ");
/** Starvation levels from..to, every one. */
const levels = (from: number, to: number): bigint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
/** PUSH2 1 .. PUSH2 n: n distinct items. */
const pushes = (n: number): string => Array.from({ length: n }, (_, i) => `PUSH2 ${i + 1}`).join(" ");

let nextAccount = 0xc5a70000n;

/** Runs every starvation level natively, then audits each witness with the lazy analysis and with the image. */
async function checkCase(d: AuditDeployment, c: Case): Promise<void> {
  const code = asm(c.source);
  let to: Hex | null = null;
  if (!c.creation) {
    to = `0x${(nextAccount++).toString(16).padStart(40, "0")}` as Hex;
    await d.host.provider.request({ method: "hardhat_setCode", params: [to, code] });
  }
  const data = c.creation ? code : "0x";
  const full = await sendTransaction(d.host, { to, data, gas: GAS });
  expect(full.success, `${c.name}: runs with plenty of gas`).to.equal(c.needs === undefined);
  const needed = c.needs === undefined ? full.gasUsed : 21_000n + c.needs;
  const runs: { frame: RecordedFrame; tracePc: number; label: string }[] = [];
  for (const k of c.starve) {
    const label = `${c.name}, starved by ${k}`;
    const sent = await sendTransaction(d.host, { to, data, gas: needed - k });
    const recorded = await recordTransaction(d.host.provider as never, sent.hash);
    expect(recorded.frames, label).to.have.length(1);
    const frame = recorded.frames[0];
    expect(frame.witness.status, `${label}: native outcome`).to.equal(2n);
    runs.push({ frame, tracePc: await lastTracePc(d, sent.hash), label });
  }
  await expectAuditsEndAtTracePc(d, runs);
}

/** The same program as a message frame and as a creation frame (init code). */
const both = (c: Case): Case[] => [c, { ...c, name: `${c.name} (creation)`, creation: true }];

function cases(): Case[] {
  return [
    // How the rest of the block ends: what the scan of the stream must stop at (or include).
    ...both({
      name: "an expansion, then a JUMPI that ends the block (its 10 gas added back)",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 PUSH0 JUMPI JUMPDEST PUSH0 POP STOP",
      starve: levels(1, 16),
    }),
    ...both({
      name: "an expansion, then GAS that ends the block",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP GAS POP PUSH0 POP STOP",
      starve: levels(1, 14),
    }),
    {
      // 3 + 2 + 3 + 3 (one word) + 2 + 2 = 15 gas to reach the undefined opcode
      name: "an expansion, then a real 0x0c (undefined: no gas, no stack) ends the block",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP 0x0c",
      needs: 15n,
      starve: levels(1, 8),
    },
    {
      name: "an expansion, then INVALID ends the block",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP INVALID",
      needs: 15n,
      starve: levels(1, 8),
    },
    {
      // SLOAD (cold: 2100) is the block's last instruction: starved by more than 2100 the frame halts
      // before it, so no record is consumed (the record opcodes are unsupported: reaching it would fail)
      name: "an expansion, then an SLOAD that ends the block and that the EVM never reaches",
      source: "PUSH1 1 PUSH0 MSTORE PUSH1 5 PUSH0 ADD PUSH0 SLOAD STOP",
      starve: levels(2101, 2120),
    },
    ...both({
      name: "an expansion, then PUSH32 and PUSH2 whose data is 0x5b and 0x0c bytes (not block ends)",
      source:
        "PUSH1 1 PUSH0 MSTORE PUSH32 0x5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c5b0c PUSH2 0x5b0c POP POP PUSH0 POP STOP",
      starve: levels(1, 16),
    }),
    ...both({
      name: "an expansion, then a PUSH32 truncated by the end of the code",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP 0x7f5b0c",
      starve: levels(1, 10),
    }),
    {
      name: "an expansion, then a PUSH2 truncated by the end of the code",
      source: "PUSH1 1 PUSH0 MSTORE PUSH0 POP 0x615b",
      starve: levels(1, 10),
    },
    // Two or three charges in one instruction: the first may switch to step mode, the second halt.
    ...both({
      name: "MCOPY: source expansion, destination expansion and copy words, then static gas",
      source: "PUSH2 0x0200 PUSH1 0x40 PUSH2 0x0400 MCOPY PUSH0 POP PUSH1 7 PUSH1 9 ADD POP STOP",
      starve: [...levels(1, 20), ...levels(44, 60), ...levels(96, 112)],
    }),
    {
      name: "MCOPY whose source alone grows memory",
      source: "PUSH1 0x20 PUSH2 0x0300 PUSH0 MCOPY PUSH0 POP PUSH0 POP STOP",
      starve: [...levels(1, 12), ...levels(70, 86)],
    },
    ...both({
      name: "CALLDATACOPY and CODECOPY: expansion and copy words, then static gas",
      source:
        "PUSH2 0x0100 PUSH0 PUSH1 0x20 CALLDATACOPY PUSH0 POP PUSH2 0x0100 PUSH0 PUSH2 0x0120 CODECOPY PUSH0 POP PUSH0 POP STOP",
      starve: levels(1, 60),
    }),
    {
      name: "KECCAK256 of 8 words with memory to grow, then static gas",
      source: "PUSH2 0x0100 PUSH1 0x20 KECCAK256 POP PUSH0 POP PUSH0 POP STOP",
      starve: [...levels(1, 14), ...levels(46, 62), ...levels(84, 100)],
    },
    {
      name: "EXP with a 32-byte exponent (1600 gas), then static gas",
      source:
        "PUSH32 0xff00000000000000000000000000000000000000000000000000000000000000 PUSH1 3 EXP POP PUSH0 POP PUSH0 POP STOP",
      starve: [...levels(1, 8), ...levels(1598, 1616)],
    },
    {
      name: "twelve expansions in one block",
      source: `${Array.from({ length: 12 }, (_, i) => `PUSH1 1 PUSH2 ${0x40 * (i + 1)} MSTORE`).join(" ")} PUSH0 POP STOP`,
      starve: levels(1, 40),
    },
    // Forced blocks: the charging instruction is the first of one (its stream byte is the marker), or the
    // last before one (the scan stops at the marker).
    ...both({
      name: "MSTORE as the first instruction of a forced block (stack span 256), then static gas",
      source: `${repeat("PUSH0", 255)} PUSH1 0x20 MSTORE ${repeat("PUSH0 POP", 10)} STOP`,
      // MSTORE's expansion is 6 gas: starved by up to 6 the forced block's entry fits, beyond it does not
      starve: [...levels(1, 8), 20n, 47n],
    }),
    {
      name: "MSTORE as the last instruction before a forced block (need 256)",
      source: `${repeat("PUSH0", 300)} JUMPDEST ${repeat("POP", 254)} MSTORE PUSH0 POP PUSH0 POP STOP`,
      starve: levels(1, 8),
    },
    {
      name: "MSTORE then two POPs before a forced block",
      source: `${repeat("PUSH0", 300)} JUMPDEST ${repeat("POP", 250)} MSTORE POP POP PUSH0 POP PUSH0 POP STOP`,
      starve: levels(1, 10),
    },
    // Blocks entered through a jump and in a loop.
    {
      name: "an expansion in a jump's destination block",
      source: "PUSH1 4 JUMP INVALID JUMPDEST PUSH1 1 PUSH0 MSTORE PUSH0 POP PUSH1 1 PUSH1 2 ADD POP STOP",
      starve: levels(1, 20),
    },
    {
      name: "a loop growing memory by a word per round",
      source:
        "PUSH0 l: JUMPDEST PUSH1 0x20 ADD PUSH1 1 DUP2 MSTORE PUSH0 POP DUP1 PUSH2 0x0300 GT @l JUMPI STOP",
      starve: levels(1, 40),
    },
    // Deep stacks: the block entered through the slow path, items spilled to transient storage.
    {
      name: "1010 items: an expansion, then 250 POPs below the native window",
      source: `${pushes(1010)} JUMPDEST PUSH1 1 PUSH2 0x0100 MSTORE ${repeat("POP", 250)} PUSH0 POP STOP`,
      // MSTORE's expansion (9 words) is 27 gas: starved by up to 27 the block entry still fits
      starve: [1n, 14n, 27n],
    },
    {
      name: "1020 items: 240 POPs, an expansion, then pushes",
      source: `${pushes(1020)} JUMPDEST ${repeat("POP", 240)} PUSH1 1 PUSH2 0x0100 MSTORE ${repeat("PUSH0", 10)} STOP`,
      starve: [1n, 20n, 27n],
    },
    {
      name: "1021 items: an expansion, then pushes to 1024",
      source: `${pushes(1021)} JUMPDEST PUSH1 1 PUSH2 0x0100 MSTORE PUSH0 PUSH0 PUSH0 STOP`,
      starve: [1n, 6n, 27n],
    },
  ];
}

describe("differential: CHARGE_SHORT, a dynamic cost the gas lane cannot pay mid-block", function () {
  this.timeout(600_000);
  let d: AuditDeployment;
  before(async () => {
    d = await deployAudit();
  });

  for (const c of cases()) {
    it(c.name, async () => {
      await checkCase(d, c);
    });
  }
});
