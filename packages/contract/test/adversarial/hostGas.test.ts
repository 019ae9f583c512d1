import { type MessageWitness, encodeMessageWitness, encodeRawMessageWitness } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { type FrameAudit, auditFrames } from "../../lib/auditFrames";
import type { Hex } from "../../lib/types";
import { runNative } from "../differential/helpers/runNative";
import { type Deployed, deployAll } from "./helpers";

describe("adversarial: the host gas limit changes nothing but can make the answer inconclusive", function () {
  this.timeout(300_000);
  let d: Deployed;
  let witness: MessageWitness;
  let code: Record<string, Hex>;

  before(async () => {
    d = await deployAll();
    const run = await runNative(d.host, {
      name: "host gas base",
      source:
        "PUSH1 40 loop: JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH2 0x2000 MSTORE DUP1 @loop JUMPI PUSH1 32 PUSH2 0x2000 RETURN",
      expect: "success",
    });
    witness = run.frame.witness;
    code = run.frame.code as Record<string, Hex>;
  });

  const sweep = async (calldata: Hex | undefined, expected: string): Promise<void> => {
    const base = { file: "sweep", witness, code, calldata };
    const opts = { hypervisor: d.hypervisor, factory: d.factory };
    const [full] = await auditFrames(d.host, [{ ...base, frame: "full" }], opts);
    expect(full.reason).to.equal(expected);
    const needed = BigInt(full.auditGas!);
    // The least gas a transaction with this calldata may carry (EIP-2028 cost, EIP-7623 floor).
    const bytes = (calldata ?? encodeMessageWitness(witness)).slice(2).match(/../g)!;
    const zeros = bytes.filter((b) => b === "00").length;
    const nonZeros = bytes.length - zeros;
    const least = 21_000n + BigInt(Math.max(4 * zeros + 16 * nonZeros, 10 * (zeros + 4 * nonZeros)));
    const limits = [
      least,
      least + 5_000n,
      needed / 4n,
      needed / 2n,
      (needed * 9n) / 10n,
      needed - 100n,
      needed - 1n,
      needed,
      needed + 1n,
      needed * 2n,
      16_777_216n,
    ].filter((g, i, all) => g >= least && all.indexOf(g) === i);
    const audits: FrameAudit[] = [];
    for (const gas of limits)
      audits.push(...(await auditFrames(d.host, [{ ...base, frame: `${gas}` }], { ...opts, gas })));
    const outcomes = audits.map((a) => `${a.frame}: ${a.reason}`);
    for (const a of audits) {
      expect([expected, "OutOfHostGas"], outcomes.join(", ")).to.include(a.reason);
      if (a.reason === "OutOfHostGas") expect(a.answer, "inconclusive = empty revert data").to.equal("0x");
    }
    expect(
      audits.filter((a) => BigInt(a.frame) >= needed).map((a) => a.reason),
      "enough gas: the verdict",
    ).to.satisfy((rs: string[]) => rs.every((r) => r === expected));
    expect(
      audits.some((a) => a.reason === "OutOfHostGas"),
      "too little gas is inconclusive",
    ).to.equal(true);
  };

  it("a true witness: valid with enough gas, inconclusive (empty revert data) with too little", async () => {
    await sweep(undefined, "Valid");
  });

  it("a wrong gasUsed: GasUsedMismatch with enough gas, inconclusive with too little", async () => {
    const bad = encodeRawMessageWitness({
      ...witness,
      gasUsed: witness.gasUsed + 7n,
      stateAccessList: [],
      status: witness.status,
    });
    await sweep(bad, "GasUsedMismatch");
  });
});
