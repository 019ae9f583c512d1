import { encodeMessageWitness } from "@iso-hypervisor/sdk";
import { archiveCode } from "../lib/archiveCode";
import type { AuditFrameInput } from "../lib/auditFrames";
import { loadArtifact } from "../lib/loadArtifact";
import { sendTransaction } from "../lib/sendTransaction";
import type { AuditHost, Hex } from "../lib/types";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** Audit gas by hypervisor code region: region name (the label at or before the pc) -> gas. */
export interface AuditProfile {
  /** Execution gas of the audit transactions, summed over the regions (intrinsic gas excluded). */
  total: number;
  regions: Map<string, number>;
}

/**
 * Audits frames and attributes every hypervisor instruction's gas to the code region it runs in: the
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
  for (const f of frames) {
    const to = f.witness.to.toLowerCase();
    if (to !== ZERO_ADDRESS) {
      const code = Object.entries(f.code).find(([a]) => a.toLowerCase() === to)?.[1];
      await archiveCode(host, opts.factory, to as Hex, code);
    }
    const data = f.calldata ?? encodeMessageWitness(f.witness);
    const sent = await sendTransaction(host, { to: opts.hypervisor, data, gas: 16_777_216n });
    const trace = (await host.provider.request({
      method: "debug_traceTransaction",
      params: [sent.hash, { disableStorage: true, disableMemory: true, disableStack: true }],
    })) as { structLogs: { pc: number; gasCost: number; depth: number }[] };
    for (const s of trace.structLogs) {
      if (s.depth !== 1) continue;
      const r = regionOf(s.pc);
      regions.set(r, (regions.get(r) ?? 0) + s.gasCost);
      total += s.gasCost;
    }
  }
  return { total, regions };
}
