import { FrameStatus, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import type { DiffCase } from "../differential/helpers/cases";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

/**
 * witness-format.md, "When a record is consumed": an instruction that passes its record-independent checks
 * and constant gas consumes its record, even when its full cost (memory expansion, data bytes, copy and
 * init code words) then runs it out of gas. The recorder writes that record; the hypervisor must take it
 * before charging those costs. Until the record checks exist it stops there with RecordUnsupported: the
 * true witness is never RecordsNotConsumed, and the witness with the record withheld is never valid.
 */
const CASES: { c: DiffCase; mnemonic: string; opcode: number; pc: number }[] = [
  {
    c: {
      name: "LOG0 of 4096 bytes, one gas short",
      source: "PUSH2 0x1000 PUSH2 0x100 LOG0 STOP",
      expect: "halt",
      starveBy: 1n,
    },
    mnemonic: "LOG0",
    opcode: 0xa0,
    pc: 6,
  },
  {
    c: {
      name: "LOG2 at offset 2^32",
      source: "PUSH0 PUSH0 PUSH1 32 PUSH5 0x0100000000 LOG2 STOP",
      expect: "halt",
    },
    mnemonic: "LOG2",
    opcode: 0xa2,
    pc: 10,
  },
  {
    c: {
      name: "CALL with its argument range at 2^32",
      source: "PUSH0 PUSH0 PUSH1 1 PUSH5 0x0100000000 PUSH0 PUSH1 4 GAS CALL STOP",
      expect: "halt",
    },
    mnemonic: "CALL",
    opcode: 0xf1,
    pc: 14,
  },
  {
    c: {
      name: "STATICCALL with its argument range at 2^32",
      source: "PUSH0 PUSH0 PUSH1 1 PUSH5 0x0100000000 PUSH1 4 GAS STATICCALL STOP",
      expect: "halt",
    },
    mnemonic: "STATICCALL",
    opcode: 0xfa,
    pc: 13,
  },
  {
    c: {
      name: "EXTCODECOPY to 2^32",
      source: "PUSH1 1 PUSH0 PUSH5 0x0100000000 ADDRESS EXTCODECOPY STOP",
      expect: "halt",
    },
    mnemonic: "EXTCODECOPY",
    opcode: 0x3c,
    pc: 10,
  },
  {
    c: {
      name: "CREATE of init code at 2^32",
      source: "PUSH1 1 PUSH5 0x0100000000 PUSH0 CREATE STOP",
      expect: "halt",
    },
    mnemonic: "CREATE",
    opcode: 0xf0,
    pc: 9,
  },
  {
    c: {
      name: "CREATE2 of init code at 2^32",
      source: "PUSH0 PUSH1 1 PUSH5 0x0100000000 PUSH0 CREATE2 STOP",
      expect: "halt",
    },
    mnemonic: "CREATE2",
    opcode: 0xf5,
    pc: 10,
  },
];

describe("adversarial: a record opcode that runs out of gas on its dynamic cost consumes its record", function () {
  this.timeout(300_000);
  let d: Deployed;
  before(async () => {
    d = await deployAll();
  });

  for (const { c, mnemonic, opcode, pc } of CASES) {
    it(c.name, async () => {
      const run = await runNative(d.host, c);
      const w = run.frame.witness;
      expect(w.status, "the EVM halts exceptionally").to.equal(FrameStatus.Halt);
      expect(
        w.stateAccessList.map((r) => r.op),
        "the recorder writes the record",
      ).to.deep.equal([mnemonic]);
      const code = run.frame.code as Record<string, Hex>;
      const withheld = encodeRawMessageWitness({ ...w, stateAccessList: [] });
      const [truth, without] = await auditFrames(
        d.host,
        [
          { file: c.name, frame: "true", witness: w, code },
          { file: c.name, frame: "withheld", witness: w, code, calldata: withheld },
        ],
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false },
      );
      expect([truth.verdict, truth.reason, truth.pc, truth.record]).to.deep.equal([
        "invalid",
        "RecordUnsupported",
        pc,
        0,
      ]);
      expect(truth.details.opcode).to.equal(opcode.toString());
      expect(without.verdict, `withheld: ${without.reason}`).to.equal("invalid");
      expect(["RecordMissing", "RecordUnsupported"]).to.include(without.reason);
    });
  }
});
