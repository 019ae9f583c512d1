import { type FrameAudit, auditFrames } from "./auditFrames";
import { createAuditHost } from "./createAuditHost";
import { deployArchiveFactory } from "./deployArchiveFactory";
import { deployHypervisor } from "./deployHypervisor";
import { loadWitnessFiles } from "./loadWitnessFiles";
import type { Eip1193Provider } from "./types";

/**
 * What `pnpm hardhat audit-witness <file|dir>` does: load the witness files, deploy the archive factory
 * and the hypervisor (from AUDIT_DEPLOYER, away from the recorded accounts), archive the code every
 * witness needs and audit every frame.
 *
 * @example
 * const audits = await auditWitnessFiles(hre.network.provider, "fixtures/weth-deposit");
 * const ok = audits.every((a) => a.verdict === "valid");
 */
export async function auditWitnessFiles(provider: Eip1193Provider, path: string): Promise<FrameAudit[]> {
  const frames = loadWitnessFiles(path);
  const host = await createAuditHost(provider);
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  return auditFrames(host, frames, { hypervisor, factory });
}
