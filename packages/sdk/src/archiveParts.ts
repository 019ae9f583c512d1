import { ARCHIVE_PART_MAX } from "./archiveAddress";
import { archiveImageLength } from "./archiveImageLength";
import { archivePartCount } from "./archivePartCount";

/** One archive part: its code is `0x00 ++ source[offset : offset + length]`. */
export interface ArchivePart {
  /** The part number (salt = archiveKey(codeHash) | part << 160). */
  part: number;
  /** `code`: bytes of the account's code; `image`: bytes of the analysis image. */
  source: "code" | "image";
  offset: number;
  length: number;
}

/**
 * Every archive part of code of `codeLength` bytes, in the order the ArchiveFactory makes them
 * (docs/hypervisor.md section 2): part 0 = code[0 : min(L, 24575)]; part 1 = code[24575 : L] only when
 * L > 24575; part 2 + j = image[24575 j : min(24575 (j + 1), A)] for j = 0 .. ceil(A / 24575) - 1.
 *
 * @param codeLength L, the code length in bytes.
 * @returns the parts, part numbers ascending.
 * @throws InvalidArgumentError when codeLength is not a non-negative safe integer.
 *
 * @example
 * archiveParts(100);
 * // [{ part: 0, source: "code", offset: 0, length: 100 }, { part: 2, source: "image", offset: 0, length: 1120 }]
 */
export function archiveParts(codeLength: number): ArchivePart[] {
  const image = archiveImageLength(codeLength);
  const parts: ArchivePart[] = [
    { part: 0, source: "code", offset: 0, length: Math.min(codeLength, ARCHIVE_PART_MAX) },
  ];
  if (codeLength > ARCHIVE_PART_MAX)
    parts.push({ part: 1, source: "code", offset: ARCHIVE_PART_MAX, length: codeLength - ARCHIVE_PART_MAX });
  for (let part = 2; part < archivePartCount(codeLength); part++) {
    const offset = (part - 2) * ARCHIVE_PART_MAX;
    parts.push({ part, source: "image", offset, length: Math.min(ARCHIVE_PART_MAX, image - offset) });
  }
  return parts;
}
