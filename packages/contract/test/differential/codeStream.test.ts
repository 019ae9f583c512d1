import { expect } from "chai";
import { keccak256 } from "ethers";
import { auditFrames } from "../../lib/auditFrames";
import type { AuditHost, Hex } from "../../lib/types";
import { expectTruthValidGasRejected } from "./helpers/auditTruthAndGas";
import type { DiffCase } from "./helpers/cases";
import { deployAudit } from "./helpers/deployAudit";
import { asm } from "./helpers/lookup";
import { runNative } from "./helpers/runNative";

/**
 * The code stream (docs/hypervisor.md 2 and 5.2) where it differs between an archived image and the lazy
 * analysis: with an image there is no raw code in memory (guest memory starts right after the block
 * table, where the raw code would be), and the one block the image leaves to the lazy analysis, the STOP
 * at the end of the code, is computed without reading it; without an image the stream is written block by
 * block, and the opcode byte of a JUMPDEST that execution falls into is written by the block before it.
 * Every program runs natively, is recorded, and its true witness must be valid both ways, its gasUsed
 * + 1 rejected.
 *
 * The lazy jump-destination walk (dispatch/analysis.huff WALK_TO) loads a whole word per step, and its last
 * round may step three times past a PUSH32 at the last code byte: it loads words up to byte codeLen + 65
 * after the raw code. Guest memory must start above them (CODE_PADDING), else native MSIZE grows under the
 * guest: its MSIZE reads 32 with nothing written, and its first expansion goes uncharged. The two walk
 * programs jump forward to the end (the walk runs to it, its first step at the jump target, then a
 * truncated PUSH32), then back, and touch memory for the first time; they also run as init code.
 */
describe("differential: the code stream, with and without the archived image", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;
  before(async () => {
    ({ host, factory, hypervisor } = await deployAudit());
  });

  // 0x01 bytes (ADD) in guest memory [L - 32, L + 32) (L the code length: 41, and 43 for the JUMPI program):
  // with an image, where the raw code's byte L would be (guest memory starts at most 31 bytes past the raw
  // code's base).
  // Had the block at the end been computed from memory there, it would run ADDs instead of STOP.
  const ones = `0x${"01".repeat(32)}`;
  const fillThenEnd = (end: string): string => `PUSH32 ${ones} DUP1 PUSH1 9 MSTORE PUSH1 41 MSTORE ${end}`;
  const cases: DiffCase[] = [
    {
      name: "GAS as the last byte: the block at the end (STOP) entered after it",
      source: fillThenEnd("GAS"),
      expect: "success",
    },
    {
      name: "JUMPI not taken as the last instruction: the block at the end entered after it",
      source: `PUSH32 ${ones} DUP1 PUSH1 11 MSTORE PUSH1 43 MSTORE PUSH0 PUSH0 JUMPI`,
      expect: "success",
    },
    {
      name: "a JUMPDEST reached by falling through, then jumped to (stream byte written by the block before it)",
      source:
        "PUSH1 3 PUSH0 MSTORE loop: JUMPDEST PUSH0 MLOAD PUSH1 1 SWAP1 SUB DUP1 PUSH0 MSTORE @loop JUMPI STOP",
      expect: "success",
    },
    {
      name: "PUSH data holding 0x5b and 0x0c (never jump destinations, never markers)",
      source: "PUSH2 0x5b0c PUSH3 0x0c5b00 ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN",
      expect: "success",
    },
  ];
  const walkCases: DiffCase[] = [
    {
      name: "MSTORE after the walk: its first expansion is charged",
      source:
        "PUSH1 5 PUSH1 15 JUMP back: JUMPDEST PUSH1 1 PUSH0 MSTORE STOP 0x00000000 dest: JUMPDEST JUMP 0x7f",
      expect: "success",
    },
    {
      name: "MSIZE after the walk: 0",
      source:
        "PUSH1 5 PUSH1 15 JUMP back: JUMPDEST MSIZE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN 0x0000 dest: JUMPDEST JUMP 0x7f",
      expect: "success",
    },
  ];

  for (const c of walkCases) {
    it(`${c.name} (creation frame)`, async () => {
      const run = await runNative(host, { ...c, creation: true });
      expect(run.frame.witness.status, "native run").to.equal(1n);
      await expectTruthValidGasRejected({ host, factory, hypervisor }, run, c.name, { image: false });
    });
  }

  for (const c of [...cases, ...walkCases]) {
    for (const image of [true, false]) {
      it(`${c.name} (${image ? "image" : "code only"})`, async () => {
        const run = await runNative(host, c);
        expect(run.frame.witness.status, "native run").to.equal(1n);
        await expectTruthValidGasRejected({ host, factory, hypervisor }, run, c.name, { image });
      });
    }
  }

  it("the fill program really is 41 bytes and ends with GAS (the offsets above depend on it)", () => {
    const code = asm(fillThenEnd("GAS"));
    expect((code.length - 2) / 2).to.equal(41);
    expect(code.slice(-2)).to.equal("5a");
    const jumpi = asm(`PUSH32 ${ones} DUP1 PUSH1 11 MSTORE PUSH1 43 MSTORE PUSH0 PUSH0 JUMPI`);
    expect((jumpi.length - 2) / 2, "the JUMPI program").to.equal(43);
    // the walk programs end with a truncated PUSH32 and jump to their last JUMPDEST
    expect(asm(walkCases[0].source)).to.equal("0x6005600f565b60015f5200000000005b567f");
    expect(asm(walkCases[1].source)).to.equal("0x6005600f565b595f5260205ff300005b567f");
  });

  it("the MSIZE walk program's native return data is MSIZE 0", async () => {
    const run = await runNative(host, walkCases[1]);
    expect(run.frame.witness.returndataHash).to.equal(keccak256(`0x${"00".repeat(32)}`));
  });
});
