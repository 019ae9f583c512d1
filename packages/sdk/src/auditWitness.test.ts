import { expect } from "chai";
import { Interface, type Signer, concat, keccak256, toBeHex, zeroPadValue } from "ethers";
import { sampleWitness } from "../test/arbitraries";
import { auditWitness } from "./auditWitness";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { InvalidArgumentError, WitnessDecodeError } from "./errors";
import { HYPERVISOR_ERRORS_ABI } from "./hypervisorErrors";

/**
 * Stand-ins for a deployed hypervisor on the in-process Hardhat network: tiny contracts with the
 * hypervisor's three kinds of answer, so the ethers plumbing (eth_call, revert data extraction,
 * transaction receipts) is tested against a real node.
 */
const RUNTIME = {
  // CALLDATACOPY all, KECCAK256, return abi.encode(hash)
  valid: "0x365f5f37365f205f5260205ff3",
  // JUMPDEST PUSH0 JUMP: loops until the host gas is gone (empty revert data)
  outOfGas: "0x5b5f56",
};
/** PUSH2 len PUSH1 12 PUSH0 CODECOPY PUSH2 len PUSH0 REVERT ++ data: reverts with `data`. */
function reverting(data: string): string {
  const len = toBeHex((data.length - 2) / 2, 2).slice(2);
  return `0x61${len}600c5f3961${len}5ffd${data.slice(2)}`;
}
/** PUSH2 len DUP1 PUSH1 10 PUSH0 CODECOPY PUSH0 RETURN ++ runtime. */
function initCode(runtime: string): string {
  return `0x61${toBeHex((runtime.length - 2) / 2, 2).slice(2)}80600a5f395ff3${runtime.slice(2)}`;
}

describe("auditWitness (in-process Hardhat network)", function () {
  this.timeout(120_000);
  let signer: Signer;
  const deploy = async (runtime: string) => {
    const tx = await signer.sendTransaction({ data: initCode(runtime) });
    const receipt = await tx.wait();
    return receipt!.contractAddress!;
  };
  const witness = sampleWitness();
  const calldata = encodeMessageWitness(witness);
  const iface = new Interface(HYPERVISOR_ERRORS_ABI);

  before(async () => {
    const hre = await import("hardhat");
    [signer] = await (hre as unknown as { ethers: { getSigners(): Promise<Signer[]> } }).ethers.getSigners();
  });

  it("returns valid, with the audit gas of a transaction", async () => {
    const hypervisor = await deploy(RUNTIME.valid);
    const result = await auditWitness(hypervisor, signer, witness, { measureGas: true });
    expect(result.verdict).to.deep.equal({ verdict: "valid", witnessHash: keccak256(calldata) });
    expect(result.calldata).to.equal(calldata);
    expect(result.transaction!.reverted).to.equal(false);
    expect(result.transaction!.agreesWithCall).to.equal(true);
    // intrinsic gas (21000 + calldata) plus a little execution
    expect(result.transaction!.gasUsed > 21000n).to.equal(true);
    expect(result.transaction!.gasUsed < 60000n).to.equal(true);
  });

  it("returns invalid with the decoded error, from eth_call and from a transaction", async () => {
    const data = iface.encodeErrorResult("GasUsedMismatch", [12n, 2n, 2600n]);
    const hypervisor = await deploy(reverting(data));
    const result = await auditWitness(hypervisor, signer, calldata, { measureGas: true });
    expect(result.verdict).to.deep.include({
      verdict: "invalid",
      reason: "GasUsedMismatch",
      pc: 12n,
      record: 2n,
    });
    expect((result.verdict as { args: unknown }).args).to.deep.equal({ actual: 2600n });
    expect(result.transaction!.reverted).to.equal(true);
    expect(result.transaction!.agreesWithCall).to.equal(true);
  });

  it("returns inconclusive when the hypervisor runs out of host gas", async () => {
    const hypervisor = await deploy(RUNTIME.outOfGas);
    const result = await auditWitness(hypervisor, signer, witness, { gasLimit: 200_000n, measureGas: true });
    expect(result.verdict).to.deep.include({ verdict: "inconclusive", reason: "OutOfHostGas" });
    expect(result.transaction!.gasUsed).to.equal(200_000n);
  });

  it("returns inconclusive for CodeNotArchived", async () => {
    const data = iface.encodeErrorResult("CodeNotArchived", [0n, 0n, zeroPadValue("0x01", 20)]);
    const hypervisor = await deploy(reverting(data));
    const result = await auditWitness(hypervisor, signer.provider!, witness);
    expect(result.verdict).to.deep.include({ verdict: "inconclusive", reason: "CodeNotArchived" });
    expect(result.transaction).to.equal(undefined);
  });

  it("rejects a malformed witness before sending anything, and a runner that cannot sign for measureGas", async () => {
    const hypervisor = await deploy(RUNTIME.valid);
    const bad = concat([calldata, "0x00"]) as `0x${string}`;
    let thrown: unknown;
    await auditWitness(hypervisor, signer, bad).catch((e) => {
      thrown = e;
    });
    expect(thrown).to.be.instanceOf(WitnessDecodeError);
    // ...unless asked to send it anyway (to test a hypervisor's MalformedWitness)
    const sent = await auditWitness(hypervisor, signer, bad, { allowMalformed: true });
    expect(sent.verdict).to.deep.equal({ verdict: "valid", witnessHash: keccak256(bad) });
    thrown = undefined;
    await auditWitness(hypervisor, signer.provider!, witness, { measureGas: true }).catch((e) => {
      thrown = e;
    });
    expect(thrown).to.be.instanceOf(InvalidArgumentError);
  });
});
