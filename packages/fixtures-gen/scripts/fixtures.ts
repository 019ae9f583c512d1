/**
 * Regenerates packages/fixtures-gen/fixtures: resets the in-process Hardhat network, runs the
 * scenarios (scripts/scenarios.ts) and records every frame of each scenario transaction into
 * `<out>/<scenario>/<frame>.json`. Deterministic: the same files on every run.
 *
 * Usage: pnpm --filter @iso-hypervisor/fixtures-gen fixtures [outDir]   (default: ./fixtures)
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type RequestProvider, recordTransaction, writeWitnessFiles } from "../src";
import { runScenarios } from "./scenarios";

/**
 * Records all scenarios on a freshly reset in-process network into `outDir` (replaced atomically).
 * Returns one summary line per scenario.
 *
 * @example
 * await generateFixtures(hre.network.provider, "fixtures");
 */
export async function generateFixtures(node: RequestProvider, outDir: string): Promise<string[]> {
  await node.request({ method: "hardhat_reset", params: [] });
  const scenarios = await runScenarios(node, true);
  const target = resolve(outDir);
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  const lines: string[] = [];
  try {
    const index: Record<string, unknown> = {};
    for (const s of scenarios) {
      const recorded = await recordTransaction(node, s.txHash);
      const bytes = writeWitnessFiles(recorded, join(tmp, s.name));
      const records = recorded.frames.reduce((n, f) => n + f.witness.stateAccessList.length, 0);
      index[s.name] = {
        transactionHash: s.txHash,
        succeeds: s.succeeds,
        covers: s.covers,
        frames: recorded.frames.length,
        records,
        steps: recorded.steps,
      };
      lines.push(`${s.name}: ${recorded.frames.length} frames, ${records} records, ${bytes} bytes`);
    }
    writeFileSync(join(tmp, "scenarios.json"), `${JSON.stringify(index, null, 2)}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return lines;
}

if (require.main === module) {
  const out = process.argv[2] ?? join(__dirname, "..", "fixtures");
  // Loading hardhat finds the workspace config upwards from the working directory.
  const hre = require("hardhat");
  generateFixtures(hre.network.provider, out).then(
    (lines) => {
      for (const l of lines) console.log(l);
      process.exit(0);
    },
    (e) => {
      console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
      process.exit(1);
    },
  );
}
