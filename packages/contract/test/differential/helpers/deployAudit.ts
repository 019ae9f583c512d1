import hre from "hardhat";
import { createAuditHost } from "../../../lib/createAuditHost";
import { deployArchiveFactory } from "../../../lib/deployArchiveFactory";
import { deployHypervisor } from "../../../lib/deployHypervisor";
import type { AuditHost, Hex } from "../../../lib/types";

/** What an audit test needs: the host, a fresh archive factory and a hypervisor bound to it. */
export interface AuditDeployment {
  host: AuditHost;
  factory: Hex;
  hypervisor: Hex;
}

/**
 * Deploys the archive factory and the hypervisor on the in-process network, from the audit deployer.
 *
 * @example
 * let d: AuditDeployment;
 * before(async () => { d = await deployAudit(); });
 */
export async function deployAudit(): Promise<AuditDeployment> {
  const host = await createAuditHost(hre.network.provider);
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  return { host, factory, hypervisor };
}
