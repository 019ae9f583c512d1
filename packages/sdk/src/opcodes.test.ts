import { expect } from "chai";
import type { Signer } from "ethers";
import { opcodeInfo } from "./opcodeInfo";
import { OPCODES } from "./opcodes";
import { RECORD_SCHEMAS } from "./records";

interface StructLog {
  pc: number;
  op: string;
  gasCost: number;
  depth: number;
  stack: string[];
  error?: string;
}

const HALTING = new Set(OPCODES.filter((o) => o.halts).map((o) => o.code));
/** Names EDR's struct logs still use. */
const LEGACY_NAMES: Record<string, string> = { KECCAK256: "SHA3", PREVRANDAO: "DIFFICULTY" };
const hex2 = (n: number) => n.toString(16).padStart(2, "0");

describe("OPCODES", () => {
  it("is sorted, unique, and has the Osaka shapes (PUSHn immediates, DUPn/SWAPn stacks, LOGn topics)", () => {
    OPCODES.forEach((o, i) => {
      if (i > 0) expect(o.code).to.be.greaterThan(OPCODES[i - 1].code);
      expect(opcodeInfo(o.code)).to.equal(o);
    });
    expect(OPCODES).to.have.length(150); // 149 defined opcodes + INVALID (0xfe)
    for (let n = 1; n <= 32; n++)
      expect(opcodeInfo(0x5f + n)).to.deep.include({ mnemonic: `PUSH${n}`, immediateSize: n });
    for (let n = 1; n <= 16; n++) {
      expect(opcodeInfo(0x7f + n)).to.deep.include({ mnemonic: `DUP${n}`, inputs: n, outputs: n + 1 });
      expect(opcodeInfo(0x8f + n)).to.deep.include({ mnemonic: `SWAP${n}`, inputs: n + 1, outputs: n + 1 });
    }
    expect(opcodeInfo(0x1e)).to.deep.include({ mnemonic: "CLZ", inputs: 1, outputs: 1, staticGas: 5 });
    expect(OPCODES.filter((o) => o.immediateSize > 0).map((o) => o.mnemonic)).to.have.length(32);
    expect(opcodeInfo(0x0c)).to.equal(undefined);
    expect(opcodeInfo(256)).to.equal(undefined);
  });

  it("names the record of exactly the RECORD_SCHEMAS opcodes", () => {
    for (const o of OPCODES) {
      const schema = RECORD_SCHEMAS.find((s) => s.opcode === o.code);
      expect(o.record, o.mnemonic).to.equal(schema?.mnemonic);
      if (schema) expect(schema.mnemonic).to.equal(o.mnemonic);
    }
    expect(OPCODES.filter((o) => o.record)).to.have.length(RECORD_SCHEMAS.length);
  });

  describe("against the in-process network (EDR, osaka)", function () {
    this.timeout(120_000);
    let signer: Signer;
    let send: (method: string, params: unknown[]) => Promise<unknown>;

    before(async () => {
      const hre = (await import("hardhat")) as unknown as {
        ethers: { getSigners(): Promise<Signer[]> };
        network: { provider: { send(m: string, p: unknown[]): Promise<unknown> } };
      };
      [signer] = await hre.ethers.getSigners();
      send = (m, p) => hre.network.provider.send(m, p);
    });

    it("charges the static gas and moves the stack as the table says, for every non-halting opcode", async () => {
      // One creation transaction runs every opcode once on zero operands, then pops its outputs.
      let code = "";
      const at = new Map<number, (typeof OPCODES)[number]>();
      for (const o of OPCODES) {
        if (HALTING.has(o.code)) continue;
        if (o.mnemonic === "JUMP") {
          const dest = code.length / 2 + 4;
          code += `61${dest.toString(16).padStart(4, "0")}`;
          at.set(code.length / 2, o);
          code += "565b";
          continue;
        }
        code += "5f".repeat(o.inputs);
        at.set(code.length / 2, o);
        code += hex2(o.code) + "00".repeat(o.immediateSize) + "50".repeat(o.outputs);
      }
      code += "00";
      const tx = await signer.sendTransaction({ data: `0x${code}`, gasLimit: 5_000_000 });
      await tx.wait();
      const trace = (await send("debug_traceTransaction", [tx.hash, {}])) as {
        failed: boolean;
        structLogs: StructLog[];
      };
      expect(trace.failed).to.equal(false);
      const logs = trace.structLogs.filter((l) => l.depth === 1);
      let seen = 0;
      logs.forEach((l, i) => {
        const o = at.get(l.pc);
        if (o === undefined) return;
        seen++;
        expect(l.op === o.mnemonic || l.op === LEGACY_NAMES[o.mnemonic], `${hex2(o.code)} ${l.op}`).to.equal(
          true,
        );
        if (o.dynamicGas === undefined) expect(l.gasCost, o.mnemonic).to.equal(o.staticGas);
        else expect(l.gasCost, o.mnemonic).to.be.at.least(o.staticGas);
        const next = logs[i + 1];
        expect(next.stack.length - l.stack.length, `${o.mnemonic} stack delta`).to.equal(
          o.outputs - o.inputs,
        );
      });
      expect(seen).to.equal(at.size);
    });

    it("halts exceptionally on every opcode missing from the table, and not on the table's", async () => {
      const run = async (code: string) => {
        try {
          await signer.call({ data: `0x${code}`, gasLimit: 100_000 });
          return true;
        } catch {
          return false;
        }
      };
      for (let code = 0; code < 256; code++) {
        const o = opcodeInfo(code);
        if (o === undefined)
          expect(await run(hex2(code)), `0x${hex2(code)} is undefined in Osaka`).to.equal(false);
        else if (!o.halts && o.mnemonic !== "JUMP" && o.mnemonic !== "JUMPI") {
          const ok = await run("5f".repeat(o.inputs) + hex2(code) + "00".repeat(o.immediateSize) + "00");
          expect(ok, `${o.mnemonic} runs`).to.equal(true);
        }
      }
      expect(await run("00")).to.equal(true); // STOP
      expect(await run("fe")).to.equal(false); // INVALID
    });
  });
});
