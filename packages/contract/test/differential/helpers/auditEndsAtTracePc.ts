import type { RecordedFrame } from "@iso-hypervisor/fixtures-gen";
import { expect } from "chai";
import { auditFrames } from "../../../lib/auditFrames";
import type { Hex } from "../../../lib/types";
import type { AuditDeployment } from "./deployAudit";

/** The last pc of the top frame in the native trace of a transaction (the instruction that ended it). */
export async function lastTracePc(d: AuditDeployment, hash: Hex): Promise<number> {
  const trace = (await d.host.provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableStack: true, disableMemory: true, disableStorage: true }],
  })) as { structLogs: { pc: number; depth: number }[] };
  const top = trace.structLogs.filter((s) => s.depth === 1);
  return top[top.length - 1].pc;
}

/**
 * Audits each recorded frame with the lazy analysis (a code-only archive), then with the analysis image,
 * and asserts: the true witness is Valid, gasUsed + 1 is rejected with the true gas used, and the pc that
 * rejection reports is `tracePc`, the native trace's last pc.
 *
 * @example
 * await expectAuditsEndAtTracePc(d, [{ frame, tracePc: await lastTracePc(d, sent.hash), label: "my case" }]);
 */
export async function expectAuditsEndAtTracePc(
  d: AuditDeployment,
  runs: { frame: RecordedFrame; tracePc: number; label: string }[],
): Promise<void> {
  for (const image of [false, true]) {
    const mode = image ? "image" : "code only";
    for (const { frame, tracePc, label } of runs) {
      const w = frame.witness;
      const base = { file: label, witness: w, code: frame.code };
      const [truth, gas] = await auditFrames(
        d.host,
        [
          { ...base, frame: "true" },
          { ...base, frame: "gasUsed+1", witness: { ...w, gasUsed: w.gasUsed + 1n } },
        ],
        { hypervisor: d.hypervisor, factory: d.factory, measureGas: false, image },
      );
      expect(
        truth.reason,
        `${label} (${mode}): true witness ${JSON.stringify(truth.details)} at pc ${truth.pc}`,
      ).to.equal("Valid");
      expect(gas.reason, `${label} (${mode}): gasUsed + 1`).to.equal("GasUsedMismatch");
      expect(gas.details.actual, `${label} (${mode}): gas used`).to.equal(String(w.gasUsed));
      expect(gas.pc, `${label} (${mode}): the pc the frame ended at`).to.equal(tracePc);
    }
  }
}
