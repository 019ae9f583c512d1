import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import {
  type MessageWitness,
  archiveAddress,
  archiveImageLength,
  archivePartCount,
  archiveParts,
  encodeMessageWitness,
  encodeRawMessageWitness,
} from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder, Interface, getBytes, keccak256, toBeHex } from "ethers";
import { archiveCode } from "../../lib/archiveCode";
import { auditFrames } from "../../lib/auditFrames";
import { decodeAuditAnswer } from "../../lib/decodeAuditAnswer";
import { loadArtifact } from "../../lib/loadArtifact";
import { sendTransaction } from "../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../lib/types";
import { referenceImage } from "../analysis/referenceImage";
import { deployAudit } from "../differential/helpers/deployAudit";
import { asm } from "../differential/helpers/lookup";
import { allParts, archiveChain, declaredError, onePart } from "./helpers";

/**
 * Adversarial archive states (docs/hypervisor.md section 2, 5.1): parts made one at a time in shuffled
 * orders with the audit run after every step (an unfinished image must fall back to the lazy analysis
 * with the same verdicts), the account's code changed between archiving transactions (parts are keyed by
 * the code's hash: the new code is another archive, the first code's parts stay its own, and a witness is
 * audited against the code the account holds), an address archived before its code exists, a full part 0
 * without its part 1, code lengths at the part boundaries (0, 1, 24574 .. 24577, 49150), code
 * ending in a truncated PUSH32, an EIP-7702 delegation, starved CREATE2s (ArchiveFailed, no truncated
 * part), NoSuchPart / PartOutOfOrder arguments, the factory's empty-calldata answer from a contract in the
 * same transaction as an archiving call, and the SDK's part list against what the factory deploys.
 * The hypervisor is called directly (eth_call), never through lib/archiveCode, so the archive is audited
 * in exactly the state each step leaves it.
 */
const coder = AbiCoder.defaultAbiCoder();
const TX_GAS_CAP = 16_777_216n;
const PART = 24_575;
const factoryErrors = new Interface(loadArtifact("ArchiveFactory").abi as never);

let nextAccount = 0xade50000n;
const freshAccount = (): Hex => `0x${(nextAccount++).toString(16).padStart(40, "0")}`;

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
const shuffle = <T>(items: readonly T[], seed: number): T[] => {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

const hex = (n: number, bytes: number) => n.toString(16).padStart(2 * bytes, "0");

describe("archive adversarial: partial, reordered and stale archives audited directly", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;
  let hypervisor: Hex;

  before(async () => {
    ({ host, factory, hypervisor } = await deployAudit());
  });

  const { getCode, setCode, partOf, ethCall } = archiveChain(() => ({ host, factory }));
  const send = (data: Hex, gas = TX_GAS_CAP) => sendTransaction(host, { to: factory, data, gas });
  const factoryError = async (data: Hex, gas = TX_GAS_CAP) => {
    const out = await ethCall(factory, data, gas);
    expect(out.ok, `the factory reverts for ${data}`).to.equal(false);
    return declaredError(factoryErrors, out.data);
  };
  const made = async (data: Hex, what: string) => {
    const sent = await send(data);
    expect(sent.success, `${what}: ${sent.revertData}`).to.equal(true);
  };

  /** Puts `code` at `account`, calls it and records the top frame's witness. */
  const runAt = async (account: Hex, code: Hex, calldata: Hex = "0x"): Promise<MessageWitness> => {
    await setCode(account, code);
    const sent = await sendTransaction(host, { to: account, data: calldata, gas: 2_000_000n });
    const recorded = await recordTransaction(host.provider as never, sent.hash);
    expect(recorded.frames.length, "one frame").to.equal(1);
    return recorded.frames[0].witness;
  };

  /** The hypervisor's verdict on `w` (or on `w` changed), against the archive as it stands. */
  const audit = async (w: MessageWitness, change?: Partial<MessageWitness>) => {
    const calldata =
      change === undefined
        ? encodeMessageWitness(w)
        : encodeRawMessageWitness({ ...w, ...change, stateAccessList: [] } as never);
    const out = await ethCall(hypervisor, calldata);
    return decodeAuditAnswer(out.data, !out.ok, calldata);
  };
  /** The true witness is Valid; gasUsed + 1 and another returndataHash are rejected. */
  const expectTruth = async (w: MessageWitness, what: string) => {
    const truth = await audit(w);
    expect(truth.reason, `${what}: true witness ${truth.explanation} (pc ${truth.pc})`).to.equal("Valid");
    expect((await audit(w, { gasUsed: w.gasUsed + 1n })).reason, `${what}: gasUsed + 1`).to.equal(
      "GasUsedMismatch",
    );
    expect(
      (await audit(w, { returndataHash: keccak256(`${w.returndataHash}00`) as Hex })).reason,
      `${what}: returndataHash`,
    ).to.equal("ReturnDataMismatch");
  };
  /** The image bytes of the archive of `account` (code of `length` bytes), or null if a part is missing. */
  const readImage = async (account: Hex, length: number) => {
    const bytes: number[] = [];
    for (const p of archiveParts(length).filter((q) => q.source === "image")) {
      const stored = getBytes(await getCode(await partOf(account, p.part)));
      if (stored.length === 0) return null;
      expect(stored.length, `image part ${p.part}: 0x00 ++ ${p.length} bytes`).to.equal(p.length + 1);
      expect(stored[0]).to.equal(0);
      bytes.push(...stored.subarray(1));
    }
    return Uint8Array.from(bytes);
  };

  // 12600 bytes: six image parts, the code stream over two of them (parts 2 and 3 meet at stream byte
  // 24575, between position 12287's opcode byte and its zero byte). A JUMPDEST at 12031 then 256 PUSH0:
  // the block is forced split at 12288, the first position whose opcode byte (the forced marker) is in
  // part 3; 256 POPs, a jump to a JUMPDEST near the end, and the code ends in a PUSH32 with 4 of its 32
  // bytes (truncated). The filler between is PUSH1 0x5b (0x5b in PUSH data, gas-forced splits).
  const J1 = 12_031;
  const LONG = 12_600;
  const J2 = LONG - 6;
  // `variant`: the last immediate byte (accounts with the same code share one archive, so each run of a
  // case that makes parts from scratch needs code of its own)
  const longCode = (variant = 0xdd): Hex => {
    const head = `61${hex(J1, 2)}56`; // PUSH2 J1 JUMP
    const fill1 = `${"605b".repeat((J1 - 4 - 1) / 2)}fe`;
    const block = `5b${"5f".repeat(256)}${"50".repeat(256)}61${hex(J2, 2)}56`;
    const fill2 = "605b".repeat((J2 - (J1 + block.length / 2)) / 2);
    const tail = `5b7faabbcc${hex(variant, 1)}`; // JUMPDEST, PUSH32 with 4 immediate bytes
    const code = `0x${head}${fill1}${block}${fill2}${tail}` as Hex;
    expect((code.length - 2) / 2).to.equal(LONG);
    return code;
  };

  it("12600-byte code: image parts in shuffled orders, the truth audited Valid after every part; the image equals the model's", async () => {
    const image = archiveParts(LONG)
      .filter((p) => p.source === "image")
      .map((p) => p.part);
    expect(image, "six image parts").to.deep.equal([2, 3, 4, 5, 6, 7]);
    const T = archiveImageLength(LONG) - 8 * LONG - 32;
    expect(T > PART && T < 2 * PART, "the stream ends in part 3").to.equal(true);
    for (const seed of [7, 1234]) {
      const code = longCode(seed & 0xff);
      const want = referenceImage(getBytes(code));
      const account = freshAccount();
      const w = await runAt(account, code);
      expect(w.status, "the native run succeeds").to.equal(1n);
      expect((await audit(w)).reason, "no archive yet").to.equal("CodeNotArchived");
      expect(await factoryError(onePart(account, image[seed % image.length]))).to.deep.equal({
        name: "PartOutOfOrder",
        args: [account, BigInt(image[seed % image.length])],
      });
      await made(onePart(account, 0), "part 0");
      await expectTruth(w, `seed ${seed}: code only`);
      for (const part of shuffle(image, seed)) {
        await made(onePart(account, part), `seed ${seed}: part ${part}`);
        expect((await audit(w)).reason, `seed ${seed}: after part ${part}`).to.equal("Valid");
      }
      await expectTruth(w, `seed ${seed}: whole image`);
      expect(await readImage(account, LONG), `seed ${seed}`).to.deep.equal(want);
    }
  });

  it("block-dense 6000-byte code (INVALID runs, PUSH0 runs forced split, PUSH32s, 0x5b data): table parts made before and after a missing neighbour give the model's image", async () => {
    // Three image parts: 2 (stream and table), 3 and 4 (table). A table part made while the part below it
    // is missing resumes from a block start found below the gap, or through an entry cut at a part edge.
    const seg = [
      "5f5ff3", // PUSH0 PUSH0 RETURN: the run itself
      "fe".repeat(1500),
      "5b",
      "5f".repeat(300),
      `7f${"5b".repeat(32)}`.repeat(20),
      "fe".repeat(1200),
      "5b",
      "50".repeat(600),
      "605b".repeat(500),
    ].join("");
    // the last PUSH32's last data byte differs per order: each order makes its own archive
    const codeOf = (k: number) =>
      `0x${seg}${"fe".repeat(6000 - seg.length / 2 - 32)}7f${"5b".repeat(30)}${hex(0x5b + k, 1)}` as Hex;
    expect((codeOf(0).length - 2) / 2).to.equal(6000);
    expect(archiveParts(6000).map((p) => p.part)).to.deep.equal([0, 2, 3, 4]);
    for (const [k, order] of [
      [4, 2, 3],
      [3, 2, 4],
      [2, 4, 3],
    ].entries()) {
      const code = codeOf(k);
      const want = referenceImage(getBytes(code));
      const account = freshAccount();
      const w = await runAt(account, code);
      await made(onePart(account, 0), "part 0");
      for (const part of order) {
        await made(onePart(account, part), `order ${order}: part ${part}`);
        expect((await audit(w)).reason, `order ${order}: after part ${part}`).to.equal("Valid");
      }
      await expectTruth(w, `order ${order}`);
      expect(await readImage(account, 6000), `order ${order}`).to.deep.equal(want);
    }
  });

  it("short codes (0, 1 byte, a lone truncated PUSH32, 33 bytes ending in PUSH32 with 31 bytes): code only and with the image audit alike, the image is the model's", async () => {
    // Empty code has part 0 = 0x00 and one image part; part 1 and part 3 do not exist.
    const empty = freshAccount();
    await setCode(empty, "0x");
    expect(archivePartCount(0)).to.equal(3);
    for (const part of [1n, 3n, 2n ** 96n + 2n, 2n ** 160n]) {
      expect(await factoryError(onePart(empty, part)), `part ${part}`).to.deep.equal({
        name: "NoSuchPart",
        args: [empty, part],
      });
    }
    await made(allParts(empty), "empty code");
    expect(await getCode(await partOf(empty, 0))).to.equal("0x00");
    expect(await readImage(empty, 0)).to.deep.equal(referenceImage(new Uint8Array()));
    // Codes ending in a PUSH32 that runs past the end (the immediate reads zeros), then STOP.
    const cases: [string, Hex][] = [
      ["PUSH0", "0x5f"],
      ["a lone PUSH32", "0x7f"],
      ["JUMPDEST", "0x5b"],
      ["PUSH1 3 JUMP JUMPDEST PUSH32 (31 bytes)", `0x6003565b7f${"5b".repeat(31)}` as Hex],
      ["MSTORE then a PUSH32 (1 byte)", "0x60205f52386020527f01"],
    ];
    for (const [name, code] of cases) {
      const length = (code.length - 2) / 2;
      const image = archiveParts(length).filter((p) => p.source === "image");
      expect(image.length, `${name}: one image part`).to.equal(1);
      const account = freshAccount();
      const w = await runAt(account, code);
      expect(w.status, `${name} succeeds natively`).to.equal(1n);
      await made(onePart(account, 0), `${name}: part 0`);
      await expectTruth(w, `${name}: code only`);
      await made(onePart(account, 2), `${name}: part 2`);
      await expectTruth(w, `${name}: with the image`);
      expect(await readImage(account, length), name).to.deep.equal(referenceImage(getBytes(code)));
    }
  });

  it("the code changes between archiving transactions: the new code is another archive, and the audit follows the code the account holds", async () => {
    // 3000 bytes: two image parts (2: stream and table, 3: table).
    const program = (byte: string): Hex => {
      const head = asm("PUSH2 2990 JUMP").slice(2);
      const fill = "605b".repeat((2990 - head.length / 2) / 2);
      return `0x${head}${fill}5b60${byte}5f5260205ff300` as Hex; // JUMPDEST PUSH1 b PUSH0 MSTORE RETURN 32
    };
    const A = program("aa");
    const B = program("bb");
    expect((A.length - 2) / 2).to.equal(3000);
    expect(archiveParts(3000).map((p) => p.part)).to.deep.equal([0, 2, 3]);
    const account = freshAccount();
    const wA = await runAt(account, A);
    expect(wA.returndataHash).to.equal(keccak256(`0x${"00".repeat(31)}aa`));
    await made(onePart(account, 0), "part 0 of A");
    await made(onePart(account, 3), "part 3 of A (table only)");
    // The account now holds B (same length, one byte differs): B has no archive yet, and no part of B can
    // join A's. Neither witness is audited against the other code: both are inconclusive.
    const wB = await runAt(account, B);
    expect(wB.returndataHash).to.equal(keccak256(`0x${"00".repeat(31)}bb`));
    expect(await factoryError(onePart(account, 2))).to.deep.equal({
      name: "PartOutOfOrder",
      args: [account, 2n],
    });
    expect((await audit(wB)).reason, "B not archived").to.equal("CodeNotArchived");
    expect((await audit(wA)).reason, "the account holds B now").to.equal("CodeNotArchived");
    // B archived: B's witness is valid, A's is judged as a record of B's code (it is not one).
    await made(allParts(account), "B, all parts");
    await expectTruth(wB, "B archived");
    expect((await audit(wA)).reason, "A's witness against B").to.equal("ReturnDataMismatch");
    // Back to A: A's parts (0 and 3) are still A's; the missing part is made from A and the image is A's.
    await setCode(account, A);
    expect(await getCode(archiveAddress(factory, keccak256(A)))).to.equal(`0x00${A.slice(2)}`);
    await expectTruth(wA, "A with half an image");
    await made(onePart(account, 2), "part 2 of A");
    expect(await readImage(account, 3000)).to.deep.equal(referenceImage(getBytes(A)));
    await expectTruth(wA, "A with the whole image");
    // Accounts with the same code share the archive: another account holding A audits at once.
    const twin = freshAccount();
    const wTwin = await runAt(twin, A);
    await expectTruth(wTwin, "another account with A's code");
  });

  it("an address archived before its code exists: the archive of no code never stands in for the code deployed later", async () => {
    // Anyone may archive any address, also before the contract is deployed there (a CREATE or CREATE2
    // address is known in advance). That archive is the archive of no code (key of code hash 0); the code
    // deployed later has its own.
    const account = freshAccount();
    await made(allParts(account), "the empty account");
    expect(await getCode(archiveAddress(factory, `0x${"00".repeat(32)}`))).to.equal("0x00");
    const code = asm("PUSH1 42 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN");
    const w = await runAt(account, code);
    expect(w.status).to.equal(1n);
    expect((await audit(w)).reason, "the deployed code is not archived yet").to.equal("CodeNotArchived");
    // a false witness that would be valid for no code: nothing returned, no gas used
    const forged = { gasUsed: 0n, returndataHash: keccak256("0x") as Hex };
    expect((await audit(w, forged)).reason, "never valid").to.equal("CodeNotArchived");
    await made(allParts(account), "the deployed code");
    await expectTruth(w, "the deployed code");
    expect((await audit(w, forged)).verdict, "the forged witness").to.equal("invalid");
  });

  it("code lengths at the part boundary (24574 .. 24577, 49150): CODESIZE, CODECOPY of the last bytes and a jump to them", async () => {
    // CODESIZE -> mem[0]; code[L - 5 .. L + 27] -> mem[32]; jump to CODESIZE - 5: JUMPDEST PUSH1 64 PUSH0 RETURN.
    const prefix = asm(
      "CODESIZE PUSH0 MSTORE PUSH1 32 PUSH1 5 CODESIZE SUB PUSH1 32 CODECOPY PUSH1 5 CODESIZE SUB JUMP",
    ).slice(2);
    const tail = "5b60405ff3";
    const program = (length: number): Hex =>
      `0x${prefix}${"fe".repeat(length - prefix.length / 2 - 5)}${tail}` as Hex;
    const expected = (length: number) => keccak256(`0x${hex(length, 32)}${tail}${"00".repeat(27)}`);
    for (const length of [24_574, 24_575, 24_576, 24_577, 49_150]) {
      const account = freshAccount();
      const w = await runAt(account, program(length));
      expect(w.returndataHash, `${length}: native`).to.equal(expected(length));
      const code = archiveParts(length).filter((p) => p.source === "code");
      expect(
        code.map((p) => [p.part, p.length]),
        `${length}: code parts`,
      ).to.deep.equal(
        length > PART
          ? [
              [0, PART],
              [1, length - PART],
            ]
          : [[0, length]],
      );
      for (const p of code) await made(onePart(account, p.part), `${length}: part ${p.part}`);
      if (length <= PART)
        expect(await factoryError(onePart(account, 1)), `${length}: no part 1`).to.deep.equal({
          name: "NoSuchPart",
          args: [account, 1n],
        });
      for (const p of code)
        expect(
          (await getCode(await partOf(account, p.part))).length,
          `${length}: part ${p.part} size`,
        ).to.equal(2 + 2 * (p.length + 1));
      await expectTruth(w, `${length} bytes, code only`);
    }
    // 24575 bytes (part 0 full, no part 1) with its whole image (11 parts).
    const account = freshAccount();
    const w = await runAt(account, program(PART));
    await archiveCode(host, factory, account); // one part per transaction (too large for one)
    expect(await getCode(await partOf(account, 1)), "no part 1").to.equal("0x");
    expect(await readImage(account, PART), "the whole image").to.not.equal(null);
    await expectTruth(w, "24575 bytes with the image");
    // The same code grown by one byte (same first 24575 bytes): another archive; its part 1 needs its own
    // part 0, and the 24575-byte witness is no longer audited against what the account holds.
    await setCode(account, `${program(PART)}00` as Hex);
    expect(await factoryError(onePart(account, 1))).to.deep.equal({
      name: "PartOutOfOrder",
      args: [account, 1n],
    });
    expect((await audit(w)).reason, "24575 bytes after the account grew").to.equal("CodeNotArchived");
    // Only part 0 of 24576-byte code: a full part 0 alone is not the code (the account's code is longer).
    const grown = freshAccount();
    const wGrown = await runAt(grown, `${program(PART)}00` as Hex);
    await made(onePart(grown, 0), "24576: part 0 alone");
    expect((await audit(wGrown)).reason, "part 1 missing").to.equal("CodeNotArchived");
    expect((await audit(wGrown, { returndataHash: keccak256(toBeHex(PART, 32)) as Hex })).reason).to.equal(
      "CodeNotArchived",
    );
    await made(onePart(grown, 1), "24576: part 1");
    await expectTruth(wGrown, "24576 bytes, code only");
    // 49151 bytes: part 1 would be over EIP-170.
    const over = freshAccount();
    await setCode(over, program(49_151));
    await made(onePart(over, 0), "49151: part 0");
    expect(await factoryError(onePart(over, 1))).to.deep.equal({ name: "ArchiveFailed", args: [over] });
    expect(await getCode(await partOf(over, 1))).to.equal("0x");
  });

  it("part 1 before part 0 is PartOutOfOrder; an image part of 24576-byte code before part 1 too", async () => {
    const account = freshAccount();
    await setCode(account, `0x${"5b".repeat(24_576)}`);
    expect(await factoryError(onePart(account, 1))).to.deep.equal({
      name: "PartOutOfOrder",
      args: [account, 1n],
    });
    const last = archivePartCount(24_576) - 1;
    expect(await factoryError(onePart(account, last))).to.deep.equal({
      name: "PartOutOfOrder",
      args: [account, BigInt(last)],
    });
    expect(await factoryError(onePart(account, last + 1))).to.deep.equal({
      name: "NoSuchPart",
      args: [account, BigInt(last + 1)],
    });
    await made(onePart(account, 0), "part 0");
    expect(await factoryError(onePart(account, 2))).to.deep.equal({
      name: "PartOutOfOrder",
      args: [account, 2n],
    });
    // A part number with bits above 2^96 that would alias part 2 in the salt.
    expect(await factoryError(onePart(account, 2n ** 96n + 2n))).to.deep.equal({
      name: "NoSuchPart",
      args: [account, 2n ** 96n + 2n],
    });
  });

  it("a starved CREATE2 reverts ArchiveFailed and leaves no part (no truncated image); with gas the part is the model's", async () => {
    const code = longCode();
    const account = freshAccount();
    const w = await runAt(account, code);
    await made(onePart(account, 0), "part 0");
    // Part 2 (stream bytes, no table part yet): analyses from position 0, millions of gas.
    for (const gas of [400_000n, 1_500_000n]) {
      expect(await factoryError(onePart(account, 2), gas), `gas ${gas}`).to.deep.equal({
        name: "ArchiveFailed",
        args: [account],
      });
      const sent = await send(onePart(account, 2), gas);
      expect(sent.success, `gas ${gas}: reverts`).to.equal(false);
      expect(await getCode(await partOf(account, 2)), `gas ${gas}: no part`).to.equal("0x");
    }
    await expectTruth(w, "after the starved attempts");
    await made(onePart(account, 2), "part 2 with gas");
    const stored = getBytes(await getCode(await partOf(account, 2)));
    expect(stored.subarray(1)).to.deep.equal(referenceImage(getBytes(code)).subarray(0, PART));
  });

  it("the empty-calldata answer is empty outside the CREATE2, also right after an archiving call in the same transaction", async () => {
    const account = freshAccount();
    await setCode(account, "0x6001600201");
    // CALL factory(abi.encode(account, 2)) before part 0 exists (reverts), CALL factory(abi.encode(account, 0)),
    // then STATICCALL factory with empty calldata: return [ok1, ok2, ok3, returndatasize].
    const prober = freshAccount();
    const f = factory.slice(2);
    await setCode(
      prober,
      asm(
        [
          `PUSH20 ${account} PUSH0 MSTORE PUSH1 2 PUSH1 32 MSTORE`,
          `PUSH0 PUSH0 PUSH1 64 PUSH0 PUSH0 PUSH20 0x${f} GAS CALL PUSH1 128 MSTORE`,
          "PUSH0 PUSH1 32 MSTORE",
          `PUSH0 PUSH0 PUSH1 64 PUSH0 PUSH0 PUSH20 0x${f} GAS CALL PUSH1 160 MSTORE`,
          `PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 0x${f} GAS STATICCALL PUSH1 192 MSTORE`,
          "RETURNDATASIZE PUSH1 224 MSTORE PUSH1 128 PUSH1 128 RETURN",
        ].join(" "),
      ),
    );
    const out = await ethCall(prober, "0x");
    expect(out.ok).to.equal(true);
    expect(coder.decode(["uint256", "uint256", "uint256", "uint256"], out.data).map(Number)).to.deep.equal([
      0, 1, 1, 0,
    ]);
  });

  it("an EIP-7702 delegated account: the frame runs the target's archive; the designator's own archive is 0x00 ++ 0xef0100 ++ target and another archive on re-delegation", async () => {
    const target = freshAccount();
    const other = freshAccount();
    const eoa = freshAccount();
    const runtime = asm("ADDRESS PUSH0 MSTORE CODESIZE PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN");
    await setCode(target, runtime);
    await setCode(other, "0x00");
    await setCode(eoa, `0xef0100${target.slice(2)}` as Hex);
    expect(await getCode(eoa)).to.equal(`0xef0100${target.slice(2)}`);
    const sent = await sendTransaction(host, { to: eoa, data: "0x", gas: 200_000n });
    const recorded = await recordTransaction(host.provider as never, sent.hash);
    const frame = recorded.frames[0];
    expect(frame.witness.to.toLowerCase(), "the code that runs: the target's").to.equal(target);
    expect(frame.witness.context.toLowerCase(), "ADDRESS: the delegated account").to.equal(eoa);
    expect(frame.witness.returndataHash).to.equal(
      keccak256(`0x${"00".repeat(12)}${eoa.slice(2)}${hex((runtime.length - 2) / 2, 32)}`),
    );
    const [truth, gas] = await auditFrames(
      host,
      [
        { file: "7702", frame: "true", witness: frame.witness, code: frame.code },
        {
          file: "7702",
          frame: "gasUsed+1",
          witness: { ...frame.witness, gasUsed: frame.witness.gasUsed + 1n },
          code: frame.code,
        },
      ],
      { hypervisor, factory, measureGas: false },
    );
    expect(truth.reason, `${truth.explanation}`).to.equal("Valid");
    expect(gas.reason).to.equal("GasUsedMismatch");
    // Archiving the delegated account itself archives the 23-byte designator (EXTCODECOPY's view).
    await made(onePart(eoa, 0), "part 0 of the delegated account");
    expect(await getCode(await partOf(eoa, 0))).to.equal(`0x00ef0100${target.slice(2)}`);
    // Re-delegated: another designator, another archive.
    await setCode(eoa, `0xef0100${other.slice(2)}` as Hex);
    expect(await factoryError(onePart(eoa, 2))).to.deep.equal({ name: "PartOutOfOrder", args: [eoa, 2n] });
    await made(allParts(eoa), "the new designator");
    expect(await getCode(await partOf(eoa, 0))).to.equal(`0x00ef0100${other.slice(2)}`);
  });

  it("the SDK's part list is what the factory deploys: count, numbering and lengths (0, 1, 24575, 24576)", async () => {
    for (const length of [0, 1, PART, PART + 1]) {
      const parts = archiveParts(length);
      expect(parts.length + (length > PART ? 0 : 1), `${length}: numbering 0 .. count - 1`).to.equal(
        archivePartCount(length),
      );
      const image = parts.filter((p) => p.source === "image");
      expect(
        image.reduce((s, p) => s + p.length, 0),
        `${length}: image length`,
      ).to.equal(archiveImageLength(length));
      expect(image.length).to.equal(Math.ceil(archiveImageLength(length) / PART));
      // The factory has exactly these parts: the first past the last is NoSuchPart, the last is not.
      const account = freshAccount();
      await setCode(account, `0x${"01".repeat(length)}` as Hex);
      const count = archivePartCount(length);
      expect(await factoryError(onePart(account, count)), `${length}: part ${count}`).to.deep.equal({
        name: "NoSuchPart",
        args: [account, BigInt(count)],
      });
      if (length <= 1) {
        await made(allParts(account), `${length}: all parts`);
        for (const p of parts)
          expect((await getCode(await partOf(account, p.part))).length, `${length}: part ${p.part}`).to.equal(
            2 + 2 * (p.length + 1),
          );
        expect(await getCode(await partOf(account, count)), "nothing past the last").to.equal("0x");
      }
    }
  });
});
