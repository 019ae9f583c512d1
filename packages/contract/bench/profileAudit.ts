import { type AuditFrameInput, auditFrames } from "../lib/auditFrames";
import { loadArtifact } from "../lib/loadArtifact";
import type { AuditHost, Hex } from "../lib/types";

/** Audit gas by hypervisor code region: region name (the label at or before the pc) -> gas. */
export interface AuditProfile {
  /** Execution gas of the audit transactions, summed over the regions (intrinsic gas excluded). */
  total: number;
  regions: Map<string, number>;
}

/**
 * Audits frames (auditFrames: archiving included) and attributes every hypervisor instruction's gas to the code region it runs in: the
 * nearest label at or before its pc in artifacts/Hypervisor.json (handlers are labelled `op_<mnemonic>`,
 * the analysis loops `walk_loop`, `cb_loop`, set-up `load_*`, ...). Uses debug_traceTransaction.
 *
 * @example
 * const profile = await profileAudit(host, { hypervisor, factory }, loadWitnessFiles("fixtures/erc20-transfer"));
 * [...profile.regions].sort((a, b) => b[1] - a[1])[0]; // ["op_sload", 1234] ...
 */
export async function profileAudit(
  host: AuditHost,
  opts: { hypervisor: Hex; factory: Hex },
  frames: readonly AuditFrameInput[],
): Promise<AuditProfile> {
  const labels = Object.entries(loadArtifact("Hypervisor").labels as Record<string, number>).sort(
    (a, b) => a[1] - b[1],
  );
  const regionOf = (pc: number): string => {
    let lo = 0;
    let hi = labels.length - 1;
    let found = "(entry)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (labels[mid][1] <= pc) {
        found = labels[mid][0];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const regions = new Map<string, number>();
  let total = 0;
  for (const audit of await auditFrames(host, frames, opts)) {
    if (audit.txHash === null) throw new Error(`${audit.file}#${audit.frame}: not audited (${audit.reason})`);
    const trace = (await host.provider.request({
      method: "debug_traceTransaction",
      params: [audit.txHash, { disableStorage: true, disableMemory: true, disableStack: true }],
    })) as { structLogs: { pc: number; gasCost: number; depth: number }[] };
    for (const step of trace.structLogs) {
      if (step.depth !== 1) continue;
      const region = regionOf(step.pc);
      regions.set(region, (regions.get(region) ?? 0) + step.gasCost);
      total += step.gasCost;
    }
  }
  return { total, regions };
}
