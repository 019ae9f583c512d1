import { type FrameAudit, auditFrames } from "./auditFrames";
import { deployArchiveFactory } from "./deployArchiveFactory";
import { deployHypervisor } from "./deployHypervisor";
import { loadWitnessFiles } from "./loadWitnessFiles";
import type { AuditHost } from "./types";

/**
 * What `pnpm hardhat audit-witness <file|dir>` does: load the witness files, deploy the archive factory
 * and the hypervisor, archive the code every witness needs and audit every frame.
 *
 * @example
 * const audits = await auditWitnessFiles(host, "fixtures/weth-deposit");
 * const ok = audits.every((a) => a.verdict === "valid");
 */
export async function auditWitnessFiles(host: AuditHost, path: string): Promise<FrameAudit[]> {
  const frames = loadWitnessFiles(path);
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  return auditFrames(host, frames, { hypervisor, factory });
}
