import { expect } from "chai";
import { ARCHIVE_PART_MAX } from "./archiveAddress";
import { archiveImageLength } from "./archiveImageLength";
import { archivePartCount } from "./archivePartCount";
import { archiveParts } from "./archiveParts";
import { InvalidArgumentError } from "./errors";

describe("archiveImageLength / archivePartCount / archiveParts", () => {
  it("image length: the stream (2 bytes per position 0 .. L + 32, rounded up to 32), 8 bytes per position 0 .. L + 3 (hand-computed cases)", () => {
    // L = 0: the stream roundup32(66) = 96, then 4 entries = 32 bytes.
    expect(archiveImageLength(0)).to.equal(96 + 32);
    // L = 1: 68 rounds up to 96, + 8 * 5.
    expect(archiveImageLength(1)).to.equal(96 + 40);
    // L = 15: 2 * 15 + 66 = 96 exactly (no rounding), + 8 * 19.
    expect(archiveImageLength(15)).to.equal(96 + 152);
    // L = 16: 98 rounds up to 128, + 8 * 20.
    expect(archiveImageLength(16)).to.equal(128 + 160);
    // WETH9 (canonical-weth, 3288 bytes): 6642 -> 6656, + 8 * 3292.
    expect(archiveImageLength(3288)).to.equal(6656 + 26_336);
    // 24575 bytes: 49216 = 32 * 1538 exactly, + 8 * 24579.
    expect(archiveImageLength(24_575)).to.equal(49_216 + 196_632);
    // EIP-170 maximum: 49218 -> 49248, + 8 * 24580.
    expect(archiveImageLength(24_576)).to.equal(49_248 + 196_640);
  });

  it("part count: 2 + ceil(A / 24575)", () => {
    expect(archivePartCount(0)).to.equal(3);
    expect(archivePartCount(3288)).to.equal(4); // 32992 image bytes: 2 image parts
    expect(archivePartCount(24_575)).to.equal(13); // 245848 bytes: 10.004 parts
    expect(archivePartCount(24_576)).to.equal(13); // 245888 bytes: 10.006 parts
    // The largest L with one image part: A(L) <= 24575.
    let l = 0;
    while (archiveImageLength(l + 1) <= ARCHIVE_PART_MAX) l++;
    expect(archivePartCount(l)).to.equal(3);
    expect(archivePartCount(l + 1)).to.equal(4);
  });

  it("parts: code in parts 0 (and 1 past 24575 bytes), the image in 24575-byte slices from part 2", () => {
    expect(archiveParts(0)).to.deep.equal([
      { part: 0, source: "code", offset: 0, length: 0 },
      { part: 2, source: "image", offset: 0, length: 128 },
    ]);
    expect(archiveParts(24_575).map((p) => p.part)).to.deep.equal([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const big = archiveParts(24_576);
    expect(big.slice(0, 2)).to.deep.equal([
      { part: 0, source: "code", offset: 0, length: 24_575 },
      { part: 1, source: "code", offset: 24_575, length: 1 },
    ]);
    expect(big.map((p) => p.part)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // the last image part: 245888 - 10 * 24575 = 138 bytes
    expect(big[big.length - 1]).to.deep.equal({ part: 12, source: "image", offset: 245_750, length: 138 });
    for (const length of [0, 1, 100, 3288, 24_574, 24_575, 24_576, 40_000]) {
      const parts = archiveParts(length);
      // The code parts cover the code, the image parts cover the image, contiguously, none over 24575.
      for (const [source, total] of [
        ["code", length],
        ["image", archiveImageLength(length)],
      ] as const) {
        let at = 0;
        for (const p of parts.filter((q) => q.source === source)) {
          expect(p.offset, `${source} part ${p.part} of L = ${length}`).to.equal(at);
          expect(p.length).to.be.at.most(ARCHIVE_PART_MAX);
          at += p.length;
        }
        expect(at, `${source} bytes of L = ${length}`).to.equal(total);
      }
      expect(parts[parts.length - 1].part).to.equal(archivePartCount(length) - 1);
    }
  });

  it("names a bad code length", () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => archiveImageLength(bad)).to.throw(InvalidArgumentError, /codeLength/);
      expect(() => archiveParts(bad)).to.throw(InvalidArgumentError, /codeLength/);
    }
  });
});
