import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type WitnessFile, parseWitnessFile } from "@iso-hypervisor/sdk";
import type { AuditFrameInput } from "./auditFrames";

/** The witness input of `audit-witness` cannot be used: missing path, no files, bad JSON or version. */
export class WitnessInputError extends Error {
  override name = "WitnessInputError";
  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${detail}`, options);
  }
}

const listJson = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return listJson(p);
      return e.isFile() && e.name.endsWith(".json") ? [p] : [];
    });

/** The frame's name: `0` for the top frame, `0.2.1` for the frame its record 2 started, then record 1. */
export const frameName = (file: WitnessFile): string => ["0", ...file.path.map(String)].join(".");

/**
 * Reads one witness file, or every `*.json` file under a directory (recursively; per directory in
 * frame order), and turns each into an audit input. Any unreadable or invalid file fails the whole load with its path.
 *
 * @example
 * const frames = loadWitnessFiles("fixtures/uniswap-swap");
 * const audits = await auditFrames(host, frames, { hypervisor, factory });
 */
export function loadWitnessFiles(path: string): AuditFrameInput[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? listJson(path) : [path];
  } catch (cause) {
    throw new WitnessInputError(path, "no such file or directory", { cause });
  }
  if (files.length === 0) throw new WitnessInputError(path, "the directory holds no .json witness file");
  const inputs = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (cause) {
      throw new WitnessInputError(file, "cannot read the file", { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new WitnessInputError(file, `malformed JSON (${(cause as Error).message})`, { cause });
    }
    let parsed: WitnessFile;
    try {
      parsed = parseWitnessFile(json);
    } catch (cause) {
      throw new WitnessInputError(file, (cause as Error).message, { cause });
    }
    return { file, frame: frameName(parsed), witness: parsed.witness, code: parsed.code, path: parsed.path };
  });
  // Per directory, frames in execution order (0, 0.2, 0.10), not in file-name order (0.10 before 0.2).
  inputs.sort((a, b) => dirname(a.file).localeCompare(dirname(b.file)) || comparePaths(a.path, b.path));
  return inputs.map(({ path: _, ...input }) => input);
}

const comparePaths = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};
