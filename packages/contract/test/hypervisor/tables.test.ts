import { OPCODES } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { artifacts } from "./helpers";

/**
 * The hypervisor's two per-opcode tables against the SDK's opcode table (packages/sdk/src/opcodes.ts):
 * the 16x16 jump table (one op_<mnemonic> handler per defined opcode, op_invalid elsewhere) and OP_INFO
 * (constants/opinfo.huff: what the block analysis charges and checks).
 */
describe("hypervisor tables match the SDK opcode table", () => {
  const { hypervisor } = artifacts();
  const code = hypervisor.deployedBytecode.slice(2);
  const byCode = new Map(OPCODES.map((o) => [o.code, o]));

  it("every defined opcode has its own op_<mnemonic> JUMPDEST; every other byte goes to op_invalid", () => {
    let table = "";
    for (let c = 0; c < 256; c++) {
      const o = byCode.get(c);
      const label = o ? `op_${o.mnemonic.toLowerCase()}` : "op_invalid";
      const at = hypervisor.labels[label];
      expect(at, `label ${label} of opcode 0x${c.toString(16)}`).to.be.a("number");
      expect(code.slice(at * 2, at * 2 + 2), `${label} is a JUMPDEST`).to.equal("5b");
      table += at.toString(16).padStart(64, "0");
    }
    expect(code.indexOf(table), "the 256-word jump table in the runtime code").to.be.greaterThan(-1);
    expect(code.indexOf(table) % 2).to.equal(0);
    const handlers = new Set(OPCODES.map((o) => hypervisor.labels[`op_${o.mnemonic.toLowerCase()}`]));
    expect(handlers.size, "distinct handlers").to.equal(OPCODES.length);
  });

  it("OP_INFO: block gas, stack in/out, immediate size, END and JUMPDEST flags", () => {
    const ends = new Set(["JUMP", "JUMPI", "GAS"]);
    let table = "";
    for (let c = 0; c < 256; c++) {
      const o = byCode.get(c);
      if (!o) {
        table += "80000000";
        continue;
      }
      let flags = o.immediateSize;
      if (o.halts || o.record || ends.has(o.mnemonic)) flags |= 0x80;
      if (o.mnemonic === "JUMPDEST") flags |= 0x40;
      const gas = o.staticGas <= 30 ? o.staticGas : 0;
      table += [flags, gas, o.inputs, o.outputs].map((b) => b.toString(16).padStart(2, "0")).join("");
    }
    const at = code.indexOf(table);
    expect(at, "the 1024-byte OP_INFO table in the runtime code").to.be.greaterThan(-1);
    expect(at % 2).to.equal(0);
  });
});
