import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import { asm } from "../differential/helpers/lookup";
import {
  type Deployed,
  type Hex,
  audit,
  deploy,
  encodeWitness,
  place,
  runNative,
  send,
  trueWitness,
  witness,
} from "./helpers";

/**
 * Audit gas per guest instruction, once its block is known: a body of N units runs in a loop of 2 or 1
 * iterations (counter in memory); the difference of the two audits is one warm execution of the body plus
 * the loop tail, and the tail alone is measured with an empty body. Prints the table docs/hypervisor.md
 * quotes, and fails if a simple instruction regresses far past it. Whole audits of real code show what a
 * first execution (block summaries computed lazily) and the set-up walk cost.
 */
/** Under 256, so a body pushing one item per copy stays one block (bench/bench.ts WARM_N says why). */
const N = 200;

async function auditGas(d: Deployed, code: Hex): Promise<bigint> {
  const to = await place(d, code);
  const probe = await audit(d, witness(to, { gasAvailable: 10_000_000n, gasUsed: 0n }));
  const gasUsed = probe.valid ? 0n : probe.error === "GasUsedMismatch" ? probe.args[2] : -1n;
  if (gasUsed < 0n) throw new Error(`audit rejected: ${!probe.valid && probe.error}`);
  const w = witness(to, { gasAvailable: 10_000_000n, gasUsed });
  const tx = await send({ to: d.hypervisor, data: encodeWitness(w) });
  return tx.gasUsed;
}

const looped = (body: string, iterations: number) =>
  asm(
    `loop: JUMPDEST ${body} PUSH0 MLOAD PUSH1 1 ADD DUP1 PUSH0 MSTORE PUSH1 ${iterations} GT @loop JUMPI STOP`,
  );

/** Warm audit gas of one execution of `body` (its blocks already computed), loop tail excluded. */
async function warm(d: Deployed, body: string): Promise<number> {
  const once = await auditGas(d, looped(body, 1));
  const twice = await auditGas(d, looped(body, 2));
  const tailOnce = await auditGas(d, looped("", 1));
  const tailTwice = await auditGas(d, looped("", 2));
  return Number(twice - once - (tailTwice - tailOnce));
}

const rep = (unit: string, n = N) => Array(n).fill(unit).join(" ");

describe("hypervisor gas per guest instruction (benchmark)", function () {
  this.timeout(600_000);
  let d: Deployed;
  before(async () => {
    d = await deploy();
  });

  it("simple instructions", async () => {
    const push1 = (await warm(d, rep("PUSH1 1"))) / N;
    const push0 = (await warm(d, rep("PUSH0"))) / N;
    const add = ((await warm(d, `PUSH1 1 ${rep("PUSH1 1 ADD")}`)) - push1) / N - push1;
    const dup1 = ((await warm(d, `PUSH1 1 ${rep("DUP1")}`)) - push1) / N;
    const swap1 = ((await warm(d, `PUSH1 1 PUSH1 2 ${rep("SWAP1")}`)) - 2 * push1) / N;
    const pop = (await warm(d, rep("PUSH1 1 POP"))) / N - push1;
    const mstore = (await warm(d, rep("PUSH1 1 PUSH1 32 MSTORE"))) / N - 2 * push1;
    const mload = (await warm(d, rep("PUSH0 MLOAD POP"))) / N - push0 - pop;
    const push2 = (await warm(d, rep("PUSH2 0x0102"))) / N;
    let jumps = "";
    for (let i = 0; i < 100; i++) jumps += `@j${i} JUMP j${i}: JUMPDEST `;
    const jump = (await warm(d, jumps)) / 100 - push2;
    const rows = {
      ADD: add,
      PUSH1: push1,
      DUP1: dup1,
      SWAP1: swap1,
      POP: pop,
      PUSH0: push0,
      PUSH2: push2,
      MSTORE: mstore,
      MLOAD: mload,
      "JUMP+JUMPDEST": jump,
    };
    console.log(
      "      warm audit gas per instruction:",
      JSON.stringify(rows, (_k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v)),
    );
    expect(add).to.be.lessThan(50);
    expect(dup1).to.be.lessThan(50);
    expect(swap1).to.be.lessThan(50);
    // regression bounds; the measured figures are in docs/benchmarks.md (pnpm bench)
    expect(mstore).to.be.lessThan(80);
    expect(mload).to.be.lessThan(82);
    expect(jump).to.be.lessThan(175);
  });

  it("whole audits of real code (OpenZeppelin ERC20.decimals(), ERC721.supportsInterface)", async () => {
    const oz = path.dirname(
      require.resolve("@openzeppelin/contracts/package.json", {
        paths: [path.join(__dirname, "..", "..", "..", "fixtures-gen")],
      }),
    );
    for (const [name, data] of [
      ["ERC20", new Interface(["function decimals()"]).encodeFunctionData("decimals")],
      [
        "ERC721",
        new Interface(["function supportsInterface(bytes4)"]).encodeFunctionData("supportsInterface", [
          "0x80ac58cd",
        ]),
      ],
    ] as const) {
      const code = require(path.join(oz, "build", "contracts", `${name}.json`)).deployedBytecode as Hex;
      const run = await runNative(d, code, data as Hex);
      const w = trueWitness(run, data as Hex);
      const tx = await send({ to: d.hypervisor, data: encodeWitness(w) });
      const steps = run.steps.length;
      console.log(
        `      ${name}: ${(code.length - 2) / 2} code bytes, ${steps} guest steps (${run.gasUsed} gas natively): audit tx ${tx.gasUsed} gas`,
      );
    }
  });
});
