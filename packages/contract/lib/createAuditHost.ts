import { keccak256, toUtf8Bytes } from "ethers";
import type { AuditHost, Eip1193Provider, Hex } from "./types";

/**
 * The account the audit tooling deploys from on a Hardhat network: derived from a fixed string so the
 * factory, the hypervisor and their archives land at addresses no recorded transaction uses (a
 * fixture recorded on a fresh chain has its first contract at the first dev account's nonce-0
 * address, exactly where a deployment from that account would land).
 */
export const AUDIT_DEPLOYER =
  `0x${keccak256(toUtf8Bytes("iso-hypervisor audit deployer")).slice(-40)}` as Hex;

/**
 * An AuditHost for a provider: on a Hardhat network, the impersonated AUDIT_DEPLOYER, funded; on any
 * other node, its first unlocked account.
 *
 * @example
 * const host = await createAuditHost(hre.network.provider);
 * const factory = await deployArchiveFactory(host);
 */
export async function createAuditHost(provider: Eip1193Provider): Promise<AuditHost> {
  try {
    await provider.request({ method: "hardhat_impersonateAccount", params: [AUDIT_DEPLOYER] });
    await provider.request({
      method: "hardhat_setBalance",
      params: [AUDIT_DEPLOYER, "0xffffffffffffffffffffffffffff"],
    });
    return { provider, from: AUDIT_DEPLOYER };
  } catch {
    const [from] = (await provider.request({ method: "eth_accounts" })) as Hex[];
    return { provider, from };
  }
}
