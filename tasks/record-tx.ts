import { task } from "hardhat/config";

task("record-tx", "Record every frame of a mined transaction as witness files (one per frame)")
  .addParam("tx", "the transaction hash")
  .addOptionalParam(
    "rpc",
    "JSON-RPC URL of a node with debug_traceTransaction (default: the in-process network)",
  )
  .addParam("out", "output directory; must not exist or be empty; written atomically")
  .setAction(async ({ tx, rpc, out }: { tx: string; rpc?: string; out: string }, hre) => {
    // Loaded lazily: the config must load without the recorder's dependencies being built.
    const lib = await import("../packages/fixtures-gen/src");
    try {
      const recorded = await lib.recordTransaction(rpc ?? hre.network.provider, tx);
      const bytes = lib.writeWitnessFiles(recorded, out);
      const records = recorded.frames.reduce((n, f) => n + f.witness.stateAccessList.length, 0);
      console.log(
        `record-tx: ${recorded.frames.length} frames, ${records} records, ${bytes} bytes -> ${out}`,
      );
    } catch (error) {
      // One line, non-zero exit; recordTransaction writes nothing and writeWitnessFiles cleans up.
      const e = error as Error;
      console.error(`record-tx: ${e instanceof lib.RecorderError ? e.message : `${e.name}: ${e.message}`}`);
      process.exitCode = 1;
    }
  });
