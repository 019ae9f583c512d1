import { expect } from "chai";
import { asm } from "../differential/helpers/lookup";
import path from "node:path";
import { Interface } from "ethers";
import { type Deployed, type Hex, audit, deploy, encodeWitness, place, runNative, send, trueWitness, witness } from "./helpers";

/**
 * Audit gas per guest instruction: for a unit (a short instruction sequence) repeated N times, the audit of
 * `units; STOP` minus the audit of `STOP; units` (same code, so the same analysis cost, but nothing runs),
 * divided by N. Prints the table docs/hypervisor.md quotes, and fails if a simple instruction regresses far
 * past it.
 */
const N = 400;

async function auditGas(d: Deployed, code: Hex, gasUsed: bigint): Promise<bigint> {
  const to = await place(d, code);
  const w = witness(to, { gasAvailable: 10_000_000n, gasUsed });
  const v = await audit(d, w);
  if (!v.valid) throw new Error(`audit rejected: ${v.error} ${v.args}`);
  const tx = await send({ to: d.hypervisor, data: encodeWitness(w) });
  return tx.gasUsed;
}

/** Guest gas of `units; STOP` from the hypervisor itself (GasUsedMismatch tells it). */
async function guestGas(d: Deployed, code: Hex): Promise<bigint> {
  const to = await place(d, code);
  const v = await audit(d, witness(to, { gasAvailable: 10_000_000n, gasUsed: 0n }));
  if (v.valid) return 0n;
  if (v.error !== "GasUsedMismatch") throw new Error(`unexpected ${v.error}`);
  return v.args[2];
}

async function perUnit(d: Deployed, prefix: string, unit: string, n = N): Promise<number> {
  const units = Array(n).fill(unit).join(" ");
  const live = asm(`${prefix} ${units} STOP`);
  const dead = asm(`${prefix} STOP ${units}`);
  const a = await auditGas(d, live, await guestGas(d, live));
  const b = await auditGas(d, dead, await guestGas(d, dead));
  return Number(a - b) / n;
}

describe("hypervisor gas per guest instruction (benchmark)", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  it("simple instructions", async () => {
    const push1 = await perUnit(d, "", "PUSH1 1");
    const add = (await perUnit(d, Array(N + 1).fill("PUSH1 1").join(" "), "ADD")) ;
    const dup1 = await perUnit(d, "PUSH1 1", "DUP1");
    const swap1 = await perUnit(d, "PUSH1 1 PUSH1 2", "SWAP1");
    const pop = await perUnit(d, Array(N).fill("PUSH1 1").join(" "), "POP");
    const mstore = (await perUnit(d, "PUSH1 1 PUSH0 MSTORE", "PUSH1 1 PUSH0 MSTORE")) - 2 * push1 + (push1 - push1);
    const mload = (await perUnit(d, "PUSH1 1 PUSH0 MSTORE", "PUSH0 MLOAD POP")) - push1 - pop;
    const jump = await perUnit(d, "", "PUSH1 1 POP");
    const rows = { PUSH1: push1, ADD: add, DUP1: dup1, SWAP1: swap1, POP: pop, MSTORE: mstore, MLOAD: mload };
    console.log("      audit gas per instruction:", JSON.stringify(rows));
    console.log("      (PUSH1 + POP pair:", jump, ")");
    expect(add).to.be.lessThan(50);
    expect(dup1).to.be.lessThan(50);
    expect(swap1).to.be.lessThan(50);
  });

  it("whole audits of real code (OpenZeppelin ERC20.decimals(), ERC721.supportsInterface)", async () => {
    const oz = path.dirname(
      require.resolve("@openzeppelin/contracts/package.json", { paths: [path.join(__dirname, "..", "..", "..", "fixtures-gen")] }),
    );
    for (const [name, data] of [
      ["ERC20", new Interface(["function decimals()"]).encodeFunctionData("decimals")],
      ["ERC721", new Interface(["function supportsInterface(bytes4)"]).encodeFunctionData("supportsInterface", ["0x80ac58cd"])],
    ] as const) {
      const code = require(path.join(oz, "build", "contracts", `${name}.json`)).deployedBytecode as Hex;
      const run = await runNative(d, code, data as Hex);
      const w = trueWitness(run, data as Hex);
      const tx = await send({ to: d.hypervisor, data: encodeWitness(w) });
      const steps = run.steps.length;
      console.log(`      ${name}: ${(code.length - 2) / 2} code bytes, ${steps} guest steps (${run.gasUsed} gas natively): audit tx ${tx.gasUsed} gas`);
    }
  });

  it("JUMP to a JUMPDEST (a block per jump)", async () => {
    const n = 200;
    let src = "";
    for (let i = 0; i < n; i++) src += `@l${i} JUMP l${i}: JUMPDEST `;
    let dead = "STOP ";
    for (let i = 0; i < n; i++) dead += `@m${i} JUMP m${i}: JUMPDEST `;
    const live = asm(`${src} STOP`);
    const deadCode = asm(dead);
    const a = await auditGas(d, live, await guestGas(d, live));
    const b = await auditGas(d, deadCode, await guestGas(d, deadCode));
    const push2 = await perUnit(d, "", "PUSH2 0x0102");
    console.log("      JUMP + JUMPDEST (block entry):", Number(a - b) / n - push2, " PUSH2:", push2);
  });
});
