import { ARCHIVE_PART_MAX } from "./archiveAddress";
import { archiveImageLength } from "./archiveImageLength";

/**
 * One past the highest archive part number of code of `codeLength` bytes: parts are numbered
 * 0 .. count - 1, part 0 and part 1 hold the code (part 1 only when L > 24575: it is absent, not empty,
 * for shorter code), parts 2 .. count - 1 the analysis image, `ceil(A(L) / 24575)` of them.
 *
 * @param codeLength L, the code length in bytes.
 * @returns 2 + ceil(archiveImageLength(L) / 24575).
 * @throws InvalidArgumentError when codeLength is not a non-negative safe integer.
 *
 * @example
 * archivePartCount(3288); // 4: part 0 (code), no part 1, parts 2 and 3 (image)
 * archivePartCount(24_576); // 13: parts 0 and 1 (code), parts 2 .. 12 (image)
 */
export function archivePartCount(codeLength: number): number {
  return 2 + Math.ceil(archiveImageLength(codeLength) / ARCHIVE_PART_MAX);
}
