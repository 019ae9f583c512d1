import hre from "hardhat";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import { deployHypervisor } from "../../lib/deployHypervisor";
import type { AuditHost, Hex } from "../../lib/types";

/** One host, archive factory and hypervisor for a suite. */
export interface Deployed {
  host: AuditHost;
  factory: Hex;
  hypervisor: Hex;
}

/**
 * Deploys the archive factory and the hypervisor on the in-process network.
 *
 * @example
 * let d: Deployed; before(async () => { d = await deployAll(); });
 */
export async function deployAll(): Promise<Deployed> {
  const [from] = (await hre.network.provider.request({ method: "eth_accounts" })) as Hex[];
  const host = { provider: hre.network.provider, from };
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  return { host, factory, hypervisor };
}
