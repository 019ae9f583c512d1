import { AbiCoder } from "ethers";
import { DeploymentError } from "./deployArchiveFactory";
import { loadArtifact } from "./loadArtifact";
import { sendTransaction } from "./sendTransaction";
import type { AuditHost, Hex } from "./types";

/**
 * Deploys the `Hypervisor` bound to an archive factory and returns its address. The factory address
 * is the constructor argument (`abi.encode(address factory)` after the creation code, docs/hypervisor.md).
 *
 * @example
 * const factory = await deployArchiveFactory(host);
 * const hypervisor = await deployHypervisor(host, factory);
 */
export async function deployHypervisor(host: AuditHost, factory: Hex): Promise<Hex> {
  const { bytecode } = loadArtifact("Hypervisor");
  const args = AbiCoder.defaultAbiCoder().encode(["address"], [factory]).slice(2);
  const sent = await sendTransaction(host, { data: `${bytecode}${args}` as Hex });
  if (!sent.success || sent.contractAddress === null) {
    throw new DeploymentError("Hypervisor", `transaction ${sent.hash} reverted (${sent.revertData})`);
  }
  return sent.contractAddress;
}
