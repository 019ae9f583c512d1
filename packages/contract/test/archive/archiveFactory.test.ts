import path from "node:path";
import {
  ARCHIVE_INIT_CODE,
  archiveAddress,
  archiveImageLength,
  archivePartCount,
  archiveParts,
} from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder, Interface, getBytes, keccak256, toBeHex } from "ethers";
import hre from "hardhat";
import { archiveCode } from "../../lib/archiveCode";
import { createAuditHost } from "../../lib/createAuditHost";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import { loadArtifact } from "../../lib/loadArtifact";
import { sendTransaction } from "../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../lib/types";
import { referenceImage } from "../analysis/referenceImage";
import { allParts, archiveChain, declaredError, onePart } from "./helpers";

/**
 * ArchiveFactory v2 (docs/hypervisor.md section 2) on the in-process network: every part at the SDK's
 * address, code parts byte for byte, image parts with their length and decoded entries (and byte for byte
 * against the independent model, test/analysis/referenceImage.ts, in several creation orders), both entry
 * points, idempotence, and every error.
 */
const coder = AbiCoder.defaultAbiCoder();
const FIXTURES_GEN = path.join(__dirname, "..", "..", "..", "fixtures-gen");
const npmRuntime = (pkg: string, file: string): Hex => {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [FIXTURES_GEN] }));
  return require(path.join(dir, file)).deployedBytecode as Hex;
};
const WETH9 = npmRuntime("canonical-weth", "build/contracts/WETH9.json");
const ERC20 = npmRuntime("@openzeppelin/contracts", "build/contracts/ERC20.json");
const TX_GAS_CAP = 16_777_216n;
const factoryErrors = new Interface(loadArtifact("ArchiveFactory").abi as never);

let nextAccount = 0xfac70000n;
const freshAccount = (): Hex => `0x${(nextAccount++).toString(16).padStart(40, "0")}`;
/** `n` bytes that differ by position, so a misplaced copy shows. */
const pattern = (n: number): Hex =>
  `0x${Array.from({ length: n }, (_, i) => ((i * 7 + (i >> 8)) & 0xff).toString(16).padStart(2, "0")).join("")}`;

describe("ArchiveFactory: code parts, analysis image parts, entry points", function () {
  this.timeout(900_000);
  let host: AuditHost;
  let factory: Hex;

  before(async () => {
    host = await createAuditHost(hre.network.provider);
    factory = await deployArchiveFactory(host);
  });

  const { getCode, setCode, partOf, ethCall } = archiveChain(() => ({ host, factory }));
  /** eth_call of the factory: the answer, or the revert data. */
  const call = (data: Hex) => ethCall(factory, data);
  const send = (data: Hex) => sendTransaction(host, { to: factory, data, gas: TX_GAS_CAP });
  const decodeError = (data: Hex) => declaredError(factoryErrors, data);
  /** Every part of the archive of `account` (code of `length` bytes) joined: [code bytes, image bytes]. */
  const readArchive = async (account: Hex, length: number) => {
    const code: number[] = [];
    const image: number[] = [];
    for (const p of archiveParts(length)) {
      const stored = getBytes(await getCode(await partOf(account, p.part)));
      expect(stored.length, `part ${p.part} of ${length} bytes: 0x00 ++ ${p.length} bytes`).to.equal(
        p.length + 1,
      );
      expect(stored[0], `part ${p.part} starts with 0x00`).to.equal(0);
      (p.source === "code" ? code : image).push(...stored.subarray(1));
    }
    return { code: Uint8Array.from(code), image: Uint8Array.from(image) };
  };

  it("every part of code of 0, 1, 100, 24575 and 24576 bytes is at the SDK's address, code parts hold the code", async () => {
    for (const length of [0, 1, 100, 24_575, 24_576]) {
      const account = freshAccount();
      const code = pattern(length);
      await archiveCode(host, factory, account, code);
      const { code: archived, image } = await readArchive(account, length);
      expect(archived, `code of ${length} bytes`).to.deep.equal(getBytes(code));
      expect(image.length, `image of ${length} bytes`).to.equal(archiveImageLength(length));
      if (length > 0)
        expect(
          [image[0], image[1]],
          "the image starts with the code stream: opcode 0, a zero byte",
        ).to.deep.equal([getBytes(code)[0], 0]);
      // No part past the last one, and part 1 only for code longer than 24575 bytes.
      expect(
        await getCode(await partOf(account, archivePartCount(length))),
        "no part past the last",
      ).to.equal("0x");
      if (length <= 24_575) expect(await getCode(await partOf(account, 1)), "no part 1").to.equal("0x");
    }
    // The EIP-170 maximum: parts 0 and 1 hold code, parts 2 .. 12 the image (eleven parts).
    expect(archiveParts(24_576).map((p) => `${p.part}:${p.source}`)).to.deep.equal([
      "0:code",
      "1:code",
      ...Array.from({ length: 11 }, (_, j) => `${j + 2}:image`),
    ]);
  });

  it("WETH9: the image has the expected length, starts with the code stream, flags JUMPDESTs and holds decoded block entries", async () => {
    const account = freshAccount();
    await archiveCode(host, factory, account, WETH9);
    const code = getBytes(WETH9);
    const { image } = await readArchive(account, code.length);
    expect(image.length).to.equal(Math.ceil((2 * code.length + 66) / 32) * 32 + 8 * code.length + 32);
    const T = Math.ceil((2 * code.length + 66) / 32) * 32;
    const entry = (p: number) =>
      BigInt(`0x${Buffer.from(image.subarray(T + 8 * p, T + 8 * p + 8)).toString("hex")}`);
    // Instruction boundaries by a plain walk (PUSH1..PUSH32 carry 1..32 data bytes).
    const boundary = new Set<number>();
    for (let p = 0; p < code.length; p += code[p] >= 0x60 && code[p] <= 0x7f ? code[p] - 0x5e : 1)
      boundary.add(p);
    let flagged = 0;
    for (let p = 0; p < code.length; p++) {
      if (code[p] !== 0x5b) continue;
      const flag = (entry(p) >> 23n) & 1n;
      if (boundary.has(p)) {
        expect(flag, `JUMPDEST at ${p} flagged`).to.equal(1n);
        flagged++;
      } else {
        expect(flag, `0x5b in PUSH data at ${p} not flagged`).to.equal(0n);
      }
    }
    expect(flagged, "WETH9 has JUMPDESTs").to.be.greaterThan(20);
    // The first block: PUSH1 0x80 PUSH1 0x40 MSTORE PUSH1 4 CALLDATASIZE LT PUSH2 0x00af JUMPI (END).
    expect(Buffer.from(code.subarray(0, 13)).toString("hex")).to.equal("6080604052600436106100af57");
    // Its stream: each instruction's opcode, a zero byte, then its immediate (positions 0, 2, 4 at bytes 0, 4, 8).
    expect(Buffer.from(image.subarray(0, 10)).toString("hex")).to.equal("60008000600040005200");
    // G = 3 + 3 + 3 + 3 + 2 + 3 + 3 + 10 (JUMPI's block gas), need 0, growth 2, net change 0:
    // Z = G << 24 | need << 12 | growth, X = Z + 2^11, e = X << 24 | JD << 23 | F << 22 | (2 V + JD),
    // V = growth + 2^11
    // (LANE_BIAS, dispatch/dispatch.huff).
    const Z = (30n << 24n) | 2n;
    expect(entry(0), "entry of the block at 0").to.equal(((Z + 0x800n) << 24n) | ((2n + 0x800n) << 1n));
    // Its JUMPI target 0xaf is a JUMPDEST that starts a computed block.
    expect(code[0xaf]).to.equal(0x5b);
    expect((entry(0xaf) >> 23n) & 1n, "JUMPDEST flag at 0xaf").to.equal(1n);
    expect(entry(0xaf) & 1n, "and V' = 2 V + JD carries it").to.equal(1n);
    expect(entry(0xaf) >> 24n, "block at 0xaf computed").to.not.equal(0n);
    // No block starts inside the first block (position 1 is PUSH data).
    expect(entry(1)).to.equal(0n);
    // And the whole image equals the independent model's.
    expect(image).to.deep.equal(referenceImage(code));
  });

  it("image parts made one per transaction in any order hold the same bytes (the model's)", async () => {
    // 3103 bytes: two image parts; forced splits (long PUSH runs), JUMPDESTs and data 0x5b bytes.
    const source =
      `0x${"6001".repeat(600)}5b${"615b5b".repeat(300)}5b${"5f".repeat(600)}00${"5b".repeat(400)}` as Hex;
    const code = getBytes(source);
    const want = referenceImage(code);
    const image = archiveParts(code.length)
      .filter((p) => p.source === "image")
      .map((p) => p.part);
    expect(image.length, "several image parts").to.be.greaterThan(1);
    for (const order of [image, [...image].reverse()]) {
      const account = freshAccount();
      await setCode(account, source);
      for (const part of [0, ...order]) {
        const sent = await send(onePart(account, part));
        expect(sent.success, `part ${part}: ${sent.revertData}`).to.equal(true);
      }
      const { image: got } = await readArchive(account, code.length);
      expect(got, `order ${order.join(",")}`).to.deep.equal(want);
    }
  });

  it("re-archiving is a no-op; the per-part entry is idempotent and answers the part's address", async () => {
    const account = freshAccount();
    await setCode(account, ERC20);
    const first = await call(allParts(account));
    expect(first.ok, first.data).to.equal(true);
    expect(coder.decode(["address"], first.data)[0].toLowerCase()).to.equal(await partOf(account, 0));
    expect((await send(allParts(account))).success).to.equal(true);
    const before = await Promise.all(
      archiveParts(getBytes(ERC20).length).map(async (p) => getCode(await partOf(account, p.part))),
    );
    const again = await send(allParts(account));
    expect(again.success).to.equal(true);
    expect(again.gasUsed < 100_000n, `re-archiving only looks (${again.gasUsed} gas)`).to.equal(true);
    for (const p of archiveParts(getBytes(ERC20).length)) {
      const answer = await call(onePart(account, p.part));
      expect(coder.decode(["address"], answer.data)[0].toLowerCase()).to.equal(await partOf(account, p.part));
      const sent = await send(onePart(account, p.part));
      expect(sent.success && sent.gasUsed < 100_000n, `part ${p.part} again`).to.equal(true);
    }
    const after = await Promise.all(
      archiveParts(getBytes(ERC20).length).map(async (p) => getCode(await partOf(account, p.part))),
    );
    expect(after).to.deep.equal(before);
    // The per-part entry on a fresh account (other code: accounts with the same code share an archive)
    // makes exactly that part.
    const other = freshAccount();
    await setCode(other, `${ERC20}00` as Hex);
    expect((await send(onePart(other, 0))).success).to.equal(true);
    expect(await getCode(await partOf(other, 0))).to.equal(`0x00${ERC20.slice(2).toLowerCase()}00`);
    expect(await getCode(await partOf(other, 2)), "part 2 not made").to.equal("0x");
  });

  it("NoSuchPart for a part the code does not have; BadAccount for calldata that is not canonical", async () => {
    const account = freshAccount();
    await setCode(account, WETH9);
    const count = archivePartCount(getBytes(WETH9).length); // 4
    for (const part of [1n, BigInt(count), 2n ** 96n, 2n ** 256n - 1n]) {
      const out = await call(onePart(account, part));
      expect(out.ok, `part ${part}`).to.equal(false);
      expect(decodeError(out.data)).to.deep.equal({ name: "NoSuchPart", args: [account, part] });
    }
    const dirty = `0x${"00".repeat(11)}01${account.slice(2)}`;
    const bad: Hex[] = [
      dirty as Hex,
      `${dirty}${"00".repeat(32)}` as Hex,
      `0x${"ff".repeat(32)}`,
      `0x${"00".repeat(31)}`,
      `0x${"00".repeat(33)}`,
      `0x${"00".repeat(63)}`,
      `0x${"00".repeat(65)}`,
      `0x${"00".repeat(96)}`,
    ];
    for (const data of bad) {
      const out = await call(data);
      expect(out.ok, data).to.equal(false);
      expect(decodeError(out.data).name, data).to.equal("BadAccount");
    }
  });

  it("code parts first (PartOutOfOrder); code that changes is another archive (keyed by its hash), the first code's parts stay", async () => {
    // An image part before part 0, or (code over 24575 bytes) before part 1.
    const a = freshAccount();
    await setCode(a, `${WETH9}01` as Hex);
    expect(decodeError((await call(onePart(a, 2))).data)).to.deep.equal({
      name: "PartOutOfOrder",
      args: [a, 2n],
    });
    const big = freshAccount();
    await setCode(big, `${pattern(24_575)}ee` as Hex); // code no other case archives
    expect((await send(onePart(big, 0))).success).to.equal(true);
    expect(decodeError((await call(onePart(big, 5))).data)).to.deep.equal({
      name: "PartOutOfOrder",
      args: [big, 5n],
    });
    // The code changes (same length: an EIP-7702 delegation, hardhat_setCode) after part 0 was made: the new
    // code has no part 0 yet, and the first code's part 0 still holds the first code.
    const c = freshAccount();
    const first = "0x6001600201" as Hex;
    await setCode(c, first);
    expect((await send(onePart(c, 0))).success).to.equal(true);
    await setCode(c, "0x6002600201");
    expect(decodeError((await call(onePart(c, 2))).data)).to.deep.equal({
      name: "PartOutOfOrder",
      args: [c, 2n],
    });
    expect(await getCode(archiveAddress(factory, keccak256(first)))).to.equal("0x006001600201");
    expect((await send(allParts(c))).success, "the new code archives from scratch").to.equal(true);
    expect(await getCode(await partOf(c, 0))).to.equal("0x006002600201");
    // Code of 24575 bytes archived, then one byte longer with the same start: another archive, whose part 1
    // needs its own part 0; the shorter code's archive has no part 1.
    const d = freshAccount();
    const short = `0x${"00".repeat(24_574)}01` as Hex;
    await archiveCode(host, factory, d, short);
    await setCode(d, `${short}00` as Hex);
    expect(decodeError((await call(onePart(d, 1))).data)).to.deep.equal({
      name: "PartOutOfOrder",
      args: [d, 1n],
    });
    expect(await getCode(archiveAddress(factory, keccak256(short), undefined, 1))).to.equal("0x");
  });

  it("ArchiveFailed when a part cannot be deployed (code over 2 * 24575 bytes: part 1 over EIP-170); nothing is left behind", async () => {
    const account = freshAccount();
    await setCode(account, `0x${"5b".repeat(2 * 24_575 + 1)}`);
    expect((await send(onePart(account, 0))).success).to.equal(true);
    const out = await call(onePart(account, 1));
    expect(decodeError(out.data)).to.deep.equal({ name: "ArchiveFailed", args: [account] });
    const all = freshAccount();
    await setCode(all, `0x${"5b".repeat(2 * 24_575)}5a`);
    const sent = await send(allParts(all));
    expect(sent.success).to.equal(false);
    expect(await getCode(await partOf(all, 0)), "the one-call entry wrote nothing").to.equal("0x");
  });

  it("an empty call outside an archiving CREATE2 answers nothing", async () => {
    const out = await call("0x");
    expect(out).to.deep.equal({ ok: true, data: "0x" });
  });

  it("ARCHIVE_INIT_CODE deploys the factory's answer: its hash is the one the factory derives addresses with", async () => {
    const account = freshAccount();
    await setCode(account, "0x5f5ff3");
    await send(allParts(account));
    const salt = toBeHex(BigInt(keccak256("0x5f5ff3")) & ((1n << 160n) - 1n), 32);
    const expected = `0x${keccak256(`0xff${factory.slice(2)}${salt.slice(2)}${keccak256(ARCHIVE_INIT_CODE).slice(2)}`).slice(26)}`;
    expect(await partOf(account, 0)).to.equal(expected);
    expect(await getCode(expected as Hex)).to.equal("0x005f5ff3");
  });

  it("gas of archiving (printed): WETH9 and an OpenZeppelin ERC20 in one call, a 24576-byte contract one part per transaction", async () => {
    const report: string[] = [];
    for (const [name, code] of [
      ["WETH9", WETH9],
      ["OpenZeppelin ERC20", ERC20],
    ] as const) {
      const account = freshAccount();
      await setCode(account, code);
      const sent = await send(allParts(account));
      expect(sent.success).to.equal(true);
      report.push(
        `${name} (${getBytes(code).length} bytes, ${archiveParts(getBytes(code).length).length} parts): ${sent.gasUsed} gas in one transaction`,
      );
    }
    // The worst shape found: one block of 24576 one-byte instructions (CALLER POP ...): every image part
    // resumes its analysis at position 0.
    const account = freshAccount();
    const length = 24_576;
    await setCode(account, `0x${"3350".repeat(length / 2)}`);
    const table = archiveImageLength(length) - 8 * length - 32;
    const image = archiveParts(length).filter((p) => p.source === "image");
    const order = [
      0,
      1,
      ...image.filter((p) => p.offset >= table).map((p) => p.part),
      ...image
        .filter((p) => p.offset < table)
        .reverse()
        .map((p) => p.part),
    ];
    let total = 0n;
    let worst = 0n;
    for (const part of order) {
      const sent = await send(onePart(account, part));
      expect(sent.success, `part ${part}`).to.equal(true);
      total += sent.gasUsed;
      if (sent.gasUsed > worst) worst = sent.gasUsed;
    }
    expect(worst < 15_500_000n, `every part fits one transaction with room (largest ${worst})`).to.equal(
      true,
    );
    report.push(
      `24576 bytes (CALLER POP x 12288, ${order.length} parts): ${total} gas in ${order.length} transactions, the largest ${worst}`,
    );
    // Block-dense code (24576 INVALID: a block at every byte): each table part resumes at a block start
    // just below its entries (found in the part before), so no part redoes the analysis from 0.
    const dense = freshAccount();
    await setCode(dense, `0x${"fe".repeat(length)}`);
    // The first table-only part (order[2]) finds no entry below its own and starts at position 0.
    const firstTable = order[2];
    const tableOnly = new Set(image.filter((p) => p.offset >= table).map((p) => p.part));
    let denseWorst = 0n;
    for (const part of order) {
      const sent = await send(onePart(dense, part));
      expect(sent.success, `dense part ${part}`).to.equal(true);
      if (tableOnly.has(part) && part !== firstTable && sent.gasUsed > denseWorst) denseWorst = sent.gasUsed;
    }
    expect(
      denseWorst < 8_000_000n,
      `dense table parts resume near their entries (largest ${denseWorst})`,
    ).to.equal(true);
    report.push(`24576 bytes (INVALID x 24576): table parts after the first at most ${denseWorst} gas each`);
    console.log(`      ${report.join("\n      ")}`);
  });
});
