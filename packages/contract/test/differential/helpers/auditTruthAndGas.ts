import { expect } from "chai";
import { auditFrames } from "../../../lib/auditFrames";
import type { AuditDeployment } from "./deployAudit";
import type { NativeRun } from "./runNative";

/**
 * Audits a native run's true witness and the same witness with gasUsed + 1, with or without the archived
 * analysis image, and asserts the verdicts: Valid, then GasUsedMismatch.
 *
 * @example
 * await expectTruthValidGasRejected(d, await runNative(d.host, c), "my case", { image: false });
 */
export async function expectTruthValidGasRejected(
  { host, hypervisor, factory }: AuditDeployment,
  run: NativeRun,
  file: string,
  { image }: { image: boolean },
): Promise<void> {
  const w = run.frame.witness;
  const base = { file, witness: w, code: run.frame.code };
  const [truth, gas] = await auditFrames(
    host,
    [
      { ...base, frame: "true" },
      { ...base, frame: "gasUsed+1", witness: { ...w, gasUsed: w.gasUsed + 1n } },
    ],
    { hypervisor, factory, measureGas: false, image },
  );
  expect(truth.reason, `true witness ${JSON.stringify(truth.details)} at pc ${truth.pc}`).to.equal("Valid");
  expect(gas.reason).to.equal("GasUsedMismatch");
}
