import { expect } from "chai";
import { type Signer, toBeHex } from "ethers";

/**
 * Checks the CALL gas formula of docs/witness-format.md (3.1, CALL) against EDR (osaka) traces:
 *   cost = 100 + (warm ? 0 : 2500) + (delegate ? (delegateWarm ? 100 : 2600) : 0) + (value > 0 ? 9000 : 0)
 *          + (value > 0 && !exists ? 25000 : 0) + mem
 *   gasGiven = min(operand, L - floor(L/64)) + (value > 0 ? 2300 : 0),  L = gas left - cost
 *   caller's gas after = gas left - cost + stipend - child gasUsed
 */
interface StructLog {
  pc: number;
  op: string;
  gas: number;
  depth: number;
}

function spec(p: {
  gasLeft: bigint;
  operand: bigint;
  warm: boolean;
  value: bigint;
  exists: boolean;
  delegate: boolean;
  delegateWarm: boolean;
}) {
  const cost =
    100n +
    (p.warm ? 0n : 2500n) +
    (p.delegate ? (p.delegateWarm ? 100n : 2600n) : 0n) +
    (p.value > 0n ? 9000n : 0n) +
    (p.value > 0n && !p.exists ? 25000n : 0n);
  const L = p.gasLeft - cost;
  const stipend = p.value > 0n ? 2300n : 0n;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  return { cost, stipend, gasGiven: min(p.operand, L - L / 64n) + stipend };
}

/** PUSH0 x4 (ret/args regions empty), PUSH32 value, PUSH20 target, PUSH32 operand, CALL, POP. */
const call = (target: string, value: bigint, operand: bigint) =>
  `5f5f5f5f7f${toBeHex(value, 32).slice(2)}73${target.slice(2)}7f${toBeHex(operand, 32).slice(2)}f150`;

describe("CALL gas formula of the spec vs EDR (osaka)", function () {
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

  it("gives the cost, the child's gas and the caller's gas after, for cold/warm, value, empty and EIP-7702 callees", async () => {
    const rnd = () =>
      `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const contract = rnd(); // code 0x00 (STOP)
    const delegateTarget = rnd(); // code 0x00
    const delegated = rnd(); // EIP-7702 designator -> delegateTarget
    const empty = rnd(); // nothing
    const caller = rnd();
    await send("hardhat_setCode", [contract, "0x00"]);
    await send("hardhat_setCode", [delegateTarget, "0x00"]);
    await send("hardhat_setCode", [delegated, `0xef0100${delegateTarget.slice(2)}`]);
    await send("hardhat_setBalance", [caller, toBeHex(10n ** 18n)]);
    const big = (1n << 255n) - 1n;
    const cases = [
      {
        target: contract,
        value: 0n,
        operand: big,
        warm: false,
        exists: true,
        delegate: false,
        delegateWarm: false,
      },
      {
        target: contract,
        value: 0n,
        operand: 5000n,
        warm: true,
        exists: true,
        delegate: false,
        delegateWarm: false,
      },
      {
        target: contract,
        value: 7n,
        operand: big,
        warm: true,
        exists: true,
        delegate: false,
        delegateWarm: false,
      },
      {
        target: empty,
        value: 7n,
        operand: 1000n,
        warm: false,
        exists: false,
        delegate: false,
        delegateWarm: false,
      },
      {
        target: empty,
        value: 0n,
        operand: big,
        warm: true,
        exists: true,
        delegate: false,
        delegateWarm: false,
      },
      {
        target: delegated,
        value: 0n,
        operand: big,
        warm: false,
        exists: true,
        delegate: true,
        delegateWarm: false,
      },
      {
        target: delegated,
        value: 3n,
        operand: 20000n,
        warm: true,
        exists: true,
        delegate: true,
        delegateWarm: true,
      },
    ];
    await send("hardhat_setCode", [
      caller,
      `0x${cases.map((c) => call(c.target, c.value, c.operand)).join("")}00`,
    ]);
    const tx = await signer.sendTransaction({ to: caller, gasLimit: 1_000_000 });
    await tx.wait();
    const trace = (await send("debug_traceTransaction", [tx.hash, {}])) as { structLogs: StructLog[] };
    const logs = trace.structLogs;
    const calls = logs.map((l, i) => ({ l, i })).filter(({ l }) => l.depth === 1 && l.op === "CALL");
    expect(calls).to.have.length(cases.length);
    calls.forEach(({ l, i }, k) => {
      const c = cases[k];
      const s = spec({ ...c, gasLeft: BigInt(l.gas) });
      const child = logs[i + 1].depth === 2 ? logs[i + 1] : undefined;
      const after = logs.slice(i + 1).find((x) => x.depth === 1)!;
      if (child) expect(BigInt(child.gas), `case ${k}: gasGiven`).to.equal(s.gasGiven);
      else expect(c.target, `case ${k}: only a callee without code runs nothing`).to.equal(empty);
      // the child (STOP) uses 0 gas
      expect(BigInt(after.gas), `case ${k}: caller's gas after`).to.equal(BigInt(l.gas) - s.cost + s.stipend);
    });
  });
});
