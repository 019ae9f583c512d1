import { loadArtifact } from "./loadArtifact";
import { sendTransaction } from "./sendTransaction";
import type { AuditHost, Hex } from "./types";

/** A deployment transaction did not create the contract. */
export class DeploymentError extends Error {
  override name = "DeploymentError";
  constructor(
    readonly contractName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`deploying ${contractName} failed: ${detail}`, options);
  }
}

/**
 * Deploys the `ArchiveFactory` (compiled Huff artifact) and returns its address.
 *
 * @example
 * const host = { provider: hre.network.provider, from: (await hre.ethers.getSigners())[0].address };
 * const factory = await deployArchiveFactory(host);
 */
export async function deployArchiveFactory(host: AuditHost): Promise<Hex> {
  const { bytecode } = loadArtifact("ArchiveFactory");
  const sent = await sendTransaction(host, { data: bytecode });
  if (!sent.success || sent.contractAddress === null) {
    throw new DeploymentError("ArchiveFactory", `transaction ${sent.hash} reverted (${sent.revertData})`);
  }
  return sent.contractAddress;
}
