/**
 * Compiling a Huff file failed: a syntax error, an undefined macro, label, constant or table, an invalid
 * constant override. The message names the file and the compiler's reason; the original error is `cause`.
 *
 * @example
 * try {
 *   compileHuff({ file: "src/Broken.huff" });
 * } catch (error) {
 *   if (error instanceof HuffCompileError) console.error(error.file, error.reason);
 * }
 */
export class HuffCompileError extends Error {
  override name = "HuffCompileError";
  constructor(
    /** The entry file being compiled. */
    readonly file: string,
    /** What the compiler reported. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Huff compilation of ${file} failed: ${reason}`, options);
  }
}
