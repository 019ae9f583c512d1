import { InvalidArgumentError } from "./errors";

/**
 * Zero bytes after the raw code in the hypervisor's memory (CODE_PADDING, contract constants/memory.huff),
 * only without an analysis image: the lazy code walk may step three times past a PUSH32 at the last byte
 * and loads a whole word at each step, so it reads up to byte 65 after the code; guest memory starts above.
 * The raw code is not part of the analysis image (see ARCHIVE_STREAM_PADDING for the image's stream).
 */
export const ARCHIVE_CODE_PADDING = 66;

/**
 * Stream bytes beyond 2 L in the analysis image (STREAM_PADDING, contract constants/memory.huff; the `2 L + 66` term): the stream
 * covers code positions 0 .. L + 32 (a PUSH32 at the last byte, the next fetch), 2 bytes each.
 */
export const ARCHIVE_STREAM_PADDING = 66;

/**
 * The length A of the analysis image of code of `codeLength` bytes (docs/hypervisor.md section 2): the
 * stream (2 bytes per code position: the opcode byte and a zero byte, a PUSH's immediate right after its 2
 * bytes; positions 0 .. L + 32, rounded up to 32 bytes), then the block table, 8 bytes per code position
 * 0 .. L + 3: `A(L) = roundup32(2 L + 66) + 8 L + 32`.
 *
 * @param codeLength L, the code length in bytes (a non-negative safe integer).
 * @returns A(L) in bytes.
 * @throws InvalidArgumentError when codeLength is not a non-negative safe integer.
 *
 * @example
 * archiveImageLength(0); // 128
 * archiveImageLength(24_576); // 245888: eleven image parts of at most 24575 bytes
 */
export function archiveImageLength(codeLength: number): number {
  if (!Number.isSafeInteger(codeLength) || codeLength < 0)
    throw new InvalidArgumentError("codeLength", `must be a non-negative integer, got ${String(codeLength)}`);
  const stream = Math.ceil((2 * codeLength + ARCHIVE_STREAM_PADDING) / 32) * 32;
  return stream + 8 * codeLength + 32;
}
