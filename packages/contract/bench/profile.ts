/**
 * `pnpm --filter @iso-hypervisor/contract profile <witness file|dir>`: where an audit's gas goes. Audits
 * every frame on the in-process network and prints the hypervisor code regions by gas (see profileAudit).
 */
import { resolve } from "node:path";
import hre from "hardhat";
import { createAuditHost } from "../lib/createAuditHost";
import { deployArchiveFactory } from "../lib/deployArchiveFactory";
import { deployHypervisor } from "../lib/deployHypervisor";
import { loadWitnessFiles } from "../lib/loadWitnessFiles";
import { profileAudit } from "./profileAudit";

async function main(): Promise<void> {
  if (!process.argv[2]) throw new Error("usage: profile <witness file|dir>");
  // pnpm runs the script in the package directory; a relative path means the caller's directory
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
  const host = await createAuditHost(hre.network.provider);
  const factory = await deployArchiveFactory(host);
  const hypervisor = await deployHypervisor(host, factory);
  const { total, regions } = await profileAudit(host, { hypervisor, factory }, loadWitnessFiles(target));
  console.log(`${total} gas in the hypervisor (intrinsic and calldata gas excluded)`);
  for (const [r, g] of [...regions].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${String(g).padStart(10)} ${((100 * g) / total).toFixed(1).padStart(5)}%  ${r}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
