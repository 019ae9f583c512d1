import { expect } from "chai";
import { imageLength, referenceImage } from "./referenceImage";

/**
 * The reference model of the analysis image (referenceImage.ts) alone, no chain: tiny codes whose images
 * are computed here by hand from the format (stream of 2 bytes per code position, then the block table)
 * and the split rule, so that image.test.ts compares the factory against a model that is itself checked.
 *
 * Hand computation of a block entry: X = g << 24 | (mb - BIAS) << 12 | (hmax - BIAS), V = c << 12 | k
 * (c = the block's net stack growth plus its required depth, k = hmax - the final height), both + LANE_BIAS;
 * entry = (X + LANE_BIAS) << 24 | flags | (V + LANE_BIAS) << 1, the JUMPDEST flag being bit 23 and bit 0
 * (V' = 2 V + JD), the forced flag bit 22.
 */
const LANE_BIAS = 0x800;
const JUMPDEST_FLAG = (1n << 23n) | 1n;
const FORCED_FLAG = 1n << 22n;
const FORCED_MARKER = 0x0c;
const PUSH0 = 0x5f;
const PUSH1 = 0x60;
const PUSH2 = 0x61;
const JUMPDEST = 0x5b;
const STOP = 0x00;

/** A block entry from its gas g, required depth d = mb - BIAS, peak p = hmax - BIAS, c, k and flags. */
const entry = (g: number, d: number, p: number, c: number, k: number, flags = 0n): bigint =>
  (BigInt(g * 2 ** 24 + d * 2 ** 12 + p + LANE_BIAS) << 24n) |
  flags |
  (BigInt(c * 2 ** 12 + k + LANE_BIAS) << 1n);

/** The 8-byte big-endian table entry of position `pos` of the image of code of `len` bytes. */
const entryAt = (image: Uint8Array, len: number, pos: number): bigint => {
  const base = Math.ceil((2 * len + 66) / 32) * 32;
  let e = 0n;
  for (let i = 0; i < 8; i++) e = (e << 8n) | BigInt(image[base + 8 * pos + i]);
  return e;
};

/** The stream (first roundup32(2 L + 66) bytes) expected from its non-zero bytes. */
const stream = (len: number, bytes: Record<number, number>): number[] => {
  const s = new Array<number>(Math.ceil((2 * len + 66) / 32) * 32).fill(0);
  for (const [at, b] of Object.entries(bytes)) s[Number(at)] = b;
  return s;
};

const image = (code: number[]) => referenceImage(Uint8Array.from(code));

describe("analysis image reference model (referenceImage.ts, hand-computed images)", () => {
  it("image length: roundup32(2 L + 66) stream bytes, then 8 (L + 4) table bytes", () => {
    expect(imageLength(0)).to.equal(96 + 32); // 66 -> 96
    expect(imageLength(1)).to.equal(96 + 40); // 68 -> 96
    expect(imageLength(15)).to.equal(96 + 152); // 96 exactly
    expect(imageLength(16)).to.equal(128 + 160); // 98 -> 128
    expect(imageLength(24_576)).to.equal(49_248 + 196_640); // 49218 -> 49248
  });

  it("empty code: 128 zero bytes", () => {
    const got = image([]);
    expect(got.length).to.equal(128);
    expect(got.every((b) => b === 0)).to.equal(true);
  });

  it("PUSH1 0xaa STOP: the immediate right after the opcode's 2 bytes, the STOP at position 2", () => {
    const got = image([PUSH1, 0xaa, STOP]);
    expect(got.length).to.equal(96 + 56);
    // stream[4] (position 2, the STOP) and everything after the immediate stay 0
    expect(Array.from(got.subarray(0, 96))).to.deep.equal(stream(3, { 0: PUSH1, 2: 0xaa }));
    // one block: PUSH1 (3 gas, +1), STOP; c = 1, k = 0
    expect(entryAt(got, 3, 0)).to.equal(entry(3, 0, 1, 1, 0));
    for (let p = 1; p < 7; p++) expect(entryAt(got, 3, p), `entry ${p}`).to.equal(0n);
  });

  it("a PUSH2 at the last byte: its missing immediate byte is 0", () => {
    const got = image([JUMPDEST, PUSH2, 0xbb]);
    expect(got.length).to.equal(96 + 56);
    expect(Array.from(got.subarray(0, 96))).to.deep.equal(stream(3, { 0: JUMPDEST, 2: PUSH2, 4: 0xbb }));
    // one block: JUMPDEST (1 gas), PUSH2 (3 gas, +1), ending at the end of the code
    expect(entryAt(got, 3, 0)).to.equal(entry(4, 0, 1, 1, 0, JUMPDEST_FLAG));
    for (let p = 1; p < 7; p++) expect(entryAt(got, 3, p), `entry ${p}`).to.equal(0n);
  });

  it("JUMPDEST flags only at instruction boundaries; a JUMPDEST ends the block before it", () => {
    const got = image([PUSH1, JUMPDEST, JUMPDEST, STOP]);
    expect(Array.from(got.subarray(0, 96))).to.deep.equal(
      stream(4, { 0: PUSH1, 2: JUMPDEST, 4: JUMPDEST, 6: STOP }),
    );
    expect(entryAt(got, 4, 0)).to.equal(entry(3, 0, 1, 1, 0)); // PUSH1 0x5b, then the JUMPDEST at 2
    expect(entryAt(got, 4, 1)).to.equal(0n); // 0x5b inside the immediate: no flag
    expect(entryAt(got, 4, 2)).to.equal(entry(1, 0, 0, 0, 0, JUMPDEST_FLAG)); // JUMPDEST STOP
    for (let p = 3; p < 8; p++) expect(entryAt(got, 4, p), `entry ${p}`).to.equal(0n);
  });

  // The split rule: a block goes on while mb + hmax < SPLIT_SPAN = 2 BIAS + 0x100 (and g < 0x4000); PUSH0s
  // leave mb = BIAS and raise hmax by 1 each, so after k of them the block goes on only while k < 256: the
  // next instruction, at p' = 256, starts a forced block (unless it ends a block, or it has no immediate and
  // a JUMPDEST follows it).
  it("300 PUSH0 then STOP: a forced block at p' = 256", () => {
    const len = 301;
    const code = [...new Array<number>(300).fill(PUSH0), STOP];
    const got = image(code);
    expect(got.length).to.equal(672 + 8 * 305); // 2 * 301 + 66 = 668 -> 672
    const bytes: Record<number, number> = {};
    for (let i = 0; i < 300; i++) bytes[2 * i] = PUSH0;
    bytes[512] = FORCED_MARKER;
    expect(Array.from(got.subarray(0, 672))).to.deep.equal(stream(len, bytes));
    // block 0: 256 PUSH0s, 512 gas, peak and growth 256
    expect(entryAt(got, len, 0)).to.equal(entry(512, 0, 256, 256, 0));
    // the forced block: 44 PUSH0s and the STOP
    expect(entryAt(got, len, 256)).to.equal(entry(88, 0, 44, 44, 0, FORCED_FLAG));
    // its original opcode in byte 0 of entry(p' + 1)
    expect(got[672 + 8 * 257]).to.equal(PUSH0);
    expect(entryAt(got, len, 257)).to.equal(BigInt(PUSH0) << 56n);
    for (let p = 1; p < len + 4; p++)
      if (p !== 256 && p !== 257) expect(entryAt(got, len, p), `entry ${p}`).to.equal(0n);
  });

  it("a forced PUSH1: the marker replaces only its opcode byte, its immediate follows", () => {
    const len = 259;
    const got = image([...new Array<number>(256).fill(PUSH0), PUSH1, 0xaa, STOP]);
    const bytes: Record<number, number> = {};
    for (let i = 0; i < 256; i++) bytes[2 * i] = PUSH0;
    bytes[512] = FORCED_MARKER;
    bytes[514] = 0xaa;
    // 2 * 259 + 66 = 584 -> 608
    expect(Array.from(got.subarray(0, 608))).to.deep.equal(stream(len, bytes));
    expect(entryAt(got, len, 256)).to.equal(entry(3, 0, 1, 1, 0, FORCED_FLAG));
    expect(got[608 + 8 * 257]).to.equal(PUSH1);
  });

  it("no split before an immediate-less instruction followed by a JUMPDEST", () => {
    const len = 259;
    const got = image([...new Array<number>(257).fill(PUSH0), JUMPDEST, STOP]);
    const bytes: Record<number, number> = {};
    for (let i = 0; i < 257; i++) bytes[2 * i] = PUSH0;
    bytes[514] = JUMPDEST;
    expect(Array.from(got.subarray(0, 608))).to.deep.equal(stream(len, bytes));
    // block 0 takes the 257th PUSH0 and ends at the JUMPDEST
    expect(entryAt(got, len, 0)).to.equal(entry(514, 0, 257, 257, 0));
    expect(entryAt(got, len, 256)).to.equal(0n);
    expect(entryAt(got, len, 257)).to.equal(entry(1, 0, 0, 0, 0, JUMPDEST_FLAG));
  });
});
