import { expect } from "chai";
import { type Signer, toBeHex } from "ethers";

/**
 * Checks the gas formulas of docs/witness-format.md (3.1) for account access, EXTCODECOPY, LOG,
 * CREATE, CREATE2 and SELFDESTRUCT against one EDR (osaka) trace: the cost is the caller's gas before
 * minus after (children here use no gas), and a child's first step has gasGiven = L - floor(L/64).
 */
interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
}

const rnd = () =>
  toBeHex(
    BigInt(
      `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, "0")).join("")}`,
    ),
    20,
  );
const push20 = (a: string) => `73${a.slice(2)}`;

describe("record gas formulas of the spec vs EDR (osaka)", function () {
  this.timeout(120_000);

  it("BALANCE, EXTCODESIZE, EXTCODEHASH, EXTCODECOPY, LOG2, CREATE, CREATE2, SELFDESTRUCT", async () => {
    const hre = (await import("hardhat")) as unknown as {
      ethers: { getSigners(): Promise<Signer[]> };
      network: { provider: { send(m: string, p: unknown[]): Promise<unknown> } };
    };
    const [signer] = await hre.ethers.getSigners();
    const send = (m: string, p: unknown[]) => hre.network.provider.send(m, p);
    const [self, x, y, z, beneficiary] = [rnd(), rnd(), rnd(), rnd(), rnd()];
    await send("hardhat_setCode", [z, "0x00"]); // 33 bytes copied from it: 0x00 then zeros = a STOP init code
    await send("hardhat_setBalance", [self, "0x64"]);
    const mem = (words: number) => 3 * words + Math.floor((words * words) / 512);
    // [mnemonic, code, expected cost given the gas left before (for CREATE*: also gasGiven)]
    const steps: [string, string, number][] = [
      ["BALANCE", `${push20(x)}3150`, 2600],
      ["BALANCE", `${push20(x)}3150`, 100],
      ["EXTCODESIZE", `${push20(y)}3b50`, 2600],
      ["EXTCODEHASH", `${push20(y)}3f50`, 100],
      ["EXTCODECOPY", `60215f5f${push20(z)}3c`, 2600 + 3 * 2 + mem(2)],
      ["LOG2", "6002600160215fa2", 375 * 3 + 8 * 33],
      ["CREATE", "60215f5ff050", 32000 + 2 * 2],
      ["CREATE2", "600160215f5ff550", 32000 + 8 * 2],
      ["SELFDESTRUCT", `${push20(beneficiary)}ff`, 5000 + 2600 + 25000],
    ];
    await send("hardhat_setCode", [self, `0x${steps.map((s) => s[1]).join("")}`]);
    const tx = await signer.sendTransaction({ to: self, gasLimit: 1_000_000 });
    await tx.wait();
    const logs = ((await send("debug_traceTransaction", [tx.hash, {}])) as { structLogs: StructLog[] })
      .structLogs;
    let from = 0;
    for (const [op, , cost] of steps) {
      const i = logs.findIndex((l, k) => k >= from && l.depth === 1 && l.op === op);
      expect(i, op).to.be.at.least(0);
      from = i + 1;
      const before = logs[i].gas;
      if (op === "SELFDESTRUCT") {
        expect(logs[i].gasCost, op).to.equal(cost);
        continue;
      }
      const after = logs.slice(i + 1).find((l) => l.depth === 1)!.gas;
      expect(before - after, op).to.equal(cost);
      if (op === "CREATE" || op === "CREATE2") {
        const child = logs[i + 1];
        const L = before - cost;
        expect(child.depth, `${op} runs its init code`).to.equal(2);
        expect(child.gas, `${op} gasGiven`).to.equal(L - Math.floor(L / 64));
      }
    }
  });
});
