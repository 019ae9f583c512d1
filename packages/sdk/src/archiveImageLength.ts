import { InvalidArgumentError } from "./errors";

/**
 * Zero bytes after the code in the hypervisor's memory (CODE_PADDING, contract constants/memory.huff): a
 * PUSH32 at the last byte reads 32 of them, the next fetch one more, the code walk three more.
 */
export const ARCHIVE_CODE_PADDING = 36;

/**
 * The length A of the analysis image of code of `codeLength` bytes (docs/hypervisor.md section 2): the
 * hypervisor's memory from CODE_BASE (a multiple of 32) to the end of the block table, i.e. the code, its
 * zero padding up to INFO_BASE = roundup32(CODE_BASE + L + 36), and 8 bytes per code position 0 .. L + 3:
 * `A(L) = roundup32(L + 36) + 8 L + 32`.
 *
 * @param codeLength L, the code length in bytes (a non-negative safe integer).
 * @returns A(L) in bytes.
 * @throws InvalidArgumentError when codeLength is not a non-negative safe integer.
 *
 * @example
 * archiveImageLength(0); // 96
 * archiveImageLength(24_576); // 221280: ten image parts of at most 24575 bytes
 */
export function archiveImageLength(codeLength: number): number {
  if (!Number.isSafeInteger(codeLength) || codeLength < 0)
    throw new InvalidArgumentError("codeLength", `must be a non-negative integer, got ${String(codeLength)}`);
  const padded = Math.ceil((codeLength + ARCHIVE_CODE_PADDING) / 32) * 32;
  return padded + 8 * codeLength + 32;
}
