import fs from "node:fs";
import path from "node:path";

/** A `#define macro MAIN(` outside comments makes a file a contract (others are included libraries). */
const DEFINES_MAIN = /^\s*#\s*define\s+macro\s+MAIN\s*\(/m;

/** Strips `//` and `/* *\/` comments (enough to not take a commented-out MAIN for a real one). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

/**
 * Lists the contracts of a Huff source directory: the top-level `*.huff` files (not subdirectories) that
 * define a `MAIN` macro, sorted by name, as absolute paths.
 *
 * @example
 * findHuffContracts("packages/contract/src"); // ["/…/src/ArchiveFactory.huff", "/…/src/Hypervisor.huff"]
 */
export function findHuffContracts(sourceDir: string): string[] {
  const dir = path.resolve(sourceDir);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".huff"))
    .map((entry) => path.join(dir, entry.name))
    .filter((file) => DEFINES_MAIN.test(stripComments(fs.readFileSync(file, "utf8"))))
    .sort();
}
