import { task } from "hardhat/config";

task("audit-witness", "Audit witness files (one file, or every .json under a directory) with the hypervisor")
  .addPositionalParam("path", "a witness file or a directory of witness files")
  .addFlag("json", 'print one JSON document {"frames":[...]} instead of one line per frame')
  .setAction(async ({ path, json }: { path: string; json: boolean }, hre) => {
    // Loaded lazily: the config must load without the contract package being compiled.
    const lib = await import("../packages/contract/lib");
    let audits: Awaited<ReturnType<typeof lib.auditWitnessFiles>>;
    try {
      audits = await lib.auditWitnessFiles(hre.network.provider, path);
    } catch (error) {
      // Input and set-up faults: one clear line, not a stack trace.
      if (
        error instanceof lib.WitnessInputError ||
        error instanceof lib.ArtifactNotFoundError ||
        error instanceof lib.ArchiveCodeError ||
        error instanceof lib.DeploymentError
      ) {
        console.error(`audit-witness: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
    if (json) {
      const frames = audits.map(({ file, frame, verdict, reason, pc, record, auditGas, witnessBytes }) => ({
        file,
        frame,
        verdict,
        reason,
        pc,
        record,
        auditGas,
        witnessBytes,
      }));
      console.log(JSON.stringify({ frames }, null, 2));
    } else {
      for (const a of audits) console.log(lib.formatFrameAudit(a));
    }
    if (!audits.every((a) => a.verdict === "valid")) process.exitCode = 1;
  });
