import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { WITNESS_FILE_VERSION, serializeWitnessFile } from "@iso-hypervisor/sdk";
import { OutputDirError } from "./errors";
import type { RecordedTransaction } from "./types";

/**
 * Writes one witness file per frame (`<name>.json`: `0.json`, `0.3.json`, ...) in the SDK's
 * witness file format into `outDir`, atomically: everything goes to a temporary directory next to
 * it, renamed into place at the end, so a failure leaves nothing behind. `outDir` must not exist or
 * be empty. Returns the total bytes written.
 *
 * @throws OutputDirError if the directory cannot be created or written, or is not empty;
 *   WitnessFileError (before touching the disk) if a witness does not encode.
 *
 * @example
 * const recorded = await recordTransaction(provider, hash);
 * const bytes = writeWitnessFiles(recorded, "out/tx1");
 */
export function writeWitnessFiles(recorded: RecordedTransaction, outDir: string): number {
  const target = resolve(outDir);
  if (existsSync(target)) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (e) {
      throw new OutputDirError(outDir, (e as Error).message, { cause: e });
    }
    if (entries.length > 0) throw new OutputDirError(outDir, "it exists and is not empty");
  }
  const texts = recorded.frames.map(
    (f) =>
      [
        `${f.name}.json`,
        `${serializeWitnessFile({
          version: WITNESS_FILE_VERSION,
          chainId: recorded.chainId,
          blockNumber: recorded.blockNumber,
          transactionHash: recorded.txHash,
          path: [...f.path],
          witness: f.witness,
          code: { ...f.code },
        })}\n`,
      ] as const,
  );
  // Create missing parents, remembering the first one made so a failure can remove it again.
  let firstMade: string | undefined;
  let tmp: string | undefined;
  try {
    const parent = dirname(target);
    if (!existsSync(parent)) firstMade = mkdirSync(parent, { recursive: true }) ?? undefined;
    tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
    let bytes = 0;
    for (const [name, text] of texts) {
      writeFileSync(join(tmp, name), text);
      bytes += Buffer.byteLength(text);
    }
    if (existsSync(target)) rmdirSync(target);
    renameSync(tmp, target);
    return bytes;
  } catch (e) {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
    if (firstMade !== undefined) rmSync(firstMade, { recursive: true, force: true });
    if (e instanceof OutputDirError) throw e;
    throw new OutputDirError(outDir, (e as Error).message, { cause: e });
  }
}
