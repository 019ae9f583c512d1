import path from "node:path";
import { archiveAddress, archiveParts } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder, getBytes, hexlify } from "ethers";
import hre from "hardhat";
import { accountCodeHash, archiveCode } from "../../lib/archiveCode";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import { sendTransaction } from "../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../lib/types";
import { differentialCases } from "../differential/helpers/cases";
import { asm, stackEffect } from "../differential/helpers/lookup";
import { imageLength, referenceImage } from "./referenceImage";

/**
 * The archive factory's analysis image (archive parts 2..) against an independent TypeScript model of
 * the analysis (referenceImage.ts), byte for byte: the code stream and forced markers, JUMPDEST flags and
 * every block entry. Codes: real contracts, the differential programs, and shapes that stress splits.
 */
const FIXTURES_GEN = path.join(__dirname, "..", "..", "..", "fixtures-gen");
const npmArtifact = (pkg: string, file: string): Hex => {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [FIXTURES_GEN] }));
  const json = require(path.join(dir, file));
  const hex: string = json.deployedBytecode ?? json.evm?.deployedBytecode?.object ?? json.bytecode;
  return (hex.startsWith("0x") ? hex : `0x${hex}`) as Hex;
};

let nextAccount = 0xa11a0000n;
const freshAccount = (): Hex => `0x${(nextAccount++).toString(16).padStart(40, "0")}`;

describe("analysis image: the archive factory computes what the reference model computes", function () {
  this.timeout(600_000);
  let host: AuditHost;
  let factory: Hex;

  before(async () => {
    const [from] = (await hre.network.provider.request({ method: "eth_accounts" })) as Hex[];
    host = { provider: hre.network.provider, from };
    factory = await deployArchiveFactory(host);
  });

  /** The image archived for `account` (parts 2.. joined, each checked for its 0x00 and its length). */
  const imageAt = async (account: Hex, len: number): Promise<Uint8Array> => {
    const bytes: number[] = [];
    for (const p of archiveParts(len).filter((q) => q.source === "image")) {
      const at = archiveAddress(factory, await accountCodeHash(host, account), undefined, p.part);
      const stored = getBytes(
        (await host.provider.request({ method: "eth_getCode", params: [at, "latest"] })) as Hex,
      );
      expect(stored[0], `part ${p.part} starts with 0x00`).to.equal(0);
      expect(stored.length - 1, `part ${p.part} length`).to.equal(p.length);
      bytes.push(...stored.subarray(1));
    }
    return Uint8Array.from(bytes);
  };

  /** Archives `code` at a fresh account (lib/archiveCode) and returns the image the factory stored. */
  const archivedImage = async (code: Hex): Promise<Uint8Array> => {
    const account = freshAccount();
    await archiveCode(host, factory, account, code);
    return imageAt(account, getBytes(code).length);
  };

  const check = async (name: string, code: Hex) => {
    const got = await archivedImage(code);
    const want = referenceImage(getBytes(code));
    expect(got.length, `${name}: image length`).to.equal(imageLength(getBytes(code).length));
    const first = want.findIndex((b, i) => b !== got[i]);
    expect(first, `${name}: first differing image byte (code ${getBytes(code).length} bytes)`).to.equal(-1);
  };

  const real: [string, Hex][] = [
    ["WETH9", npmArtifact("canonical-weth", "build/contracts/WETH9.json")],
    ["OpenZeppelin ERC20", npmArtifact("@openzeppelin/contracts", "build/contracts/ERC20.json")],
    ["OpenZeppelin ERC721", npmArtifact("@openzeppelin/contracts", "build/contracts/ERC721.json")],
    ["Uniswap V2 pair", npmArtifact("@uniswap/v2-core", "build/UniswapV2Pair.json")],
    ["Uniswap V2 Router02", npmArtifact("@uniswap/v2-periphery", "build/UniswapV2Router02.json")],
  ];
  for (const [name, code] of real) it(`${name} (${(code.length - 2) / 2} bytes)`, () => check(name, code));

  const shapes: [string, string][] = [
    ["empty code", ""],
    ["one STOP", "STOP"],
    ["a lone JUMPDEST", "JUMPDEST"],
    ["PUSH32 at the last byte", "PUSH1 1 PUSH32 0x5b"],
    ["0x5b inside PUSH data", "PUSH2 0x5b5b JUMPDEST PUSH1 0x5b"],
    ["300 pushes (a forced split)", "PUSH1 1 ".repeat(300)],
    ["300 PUSH2 0x5b5b (a forced PUSH)", "PUSH2 0x5b5b ".repeat(300)],
    ["1100 pops (need splits)", "POP ".repeat(1100)],
    ["2700 EXPs (split on gas)", "PUSH1 2 PUSH1 3 ".repeat(10) + "EXP ".repeat(2700)],
    ["a split just before a JUMPDEST", `${"PUSH1 1 ".repeat(256)}JUMPDEST STOP`],
    ["the last instruction starts a forced block", `${"PUSH0 ".repeat(256)}DUP1`],
  ];
  for (const [name, source] of shapes) it(name, () => check(name, asm(source) as Hex));

  it("every differential program (archived as message-frame code)", async () => {
    const programs = differentialCases(stackEffect).filter((c) => !c.creation);
    for (const c of programs.slice(0, 120)) await check(c.name, asm(c.source) as Hex);
  });

  /** Archives `code` part by part in the given order of image parts (code parts first, as the factory requires). */
  const archiveInOrder = async (code: Hex, order: (parts: number[]) => number[]): Promise<Hex> => {
    const account = freshAccount();
    await host.provider.request({ method: "hardhat_setCode", params: [account, code] });
    const parts = archiveParts(getBytes(code).length);
    const coder = AbiCoder.defaultAbiCoder();
    const images = parts.filter((q) => q.source === "image").map((q) => q.part);
    for (const part of [...parts.filter((q) => q.source === "code").map((q) => q.part), ...order(images)]) {
      const data = coder.encode(["address", "uint256"], [account, part]) as Hex;
      const sent = await sendTransaction(host, { to: factory, data, gas: 16_777_216n });
      expect(sent.success, `part ${part} of ${parts.length} archived (${sent.gasUsed} gas)`).to.equal(true);
    }
    return account;
  };

  /** A 24576-byte code (EIP-170 maximum) of random bytes: PUSH data, JUMPDESTs, undefined opcodes, splits. */
  const randomCode = (seed: number, len: number): Hex => {
    let x = seed;
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    return hexlify(bytes) as Hex;
  };

  const orders: [string, (parts: number[]) => number[]][] = [
    ["descending", (parts) => [...parts].reverse()],
    [
      "interleaved",
      (parts) => [...parts.filter((_, i) => i % 2 === 1), ...parts.filter((_, i) => i % 2 === 0)],
    ],
  ];
  const bigCodes: [string, Hex][] = [
    ["24576 random bytes", randomCode(7, 24576)],
    [
      "24576 bytes of dense one-byte instructions with forced splits",
      asm(`${"PUSH0 ".repeat(12000)}${"POP ".repeat(12576)}`),
    ],
  ];
  for (const [codeName, code] of bigCodes) {
    for (const [orderName, order] of orders) {
      it(`${codeName}, image parts made ${orderName}: every part under the transaction cap, same image`, async () => {
        const account = await archiveInOrder(code, order);
        const got = await imageAt(account, getBytes(code).length);
        const want = referenceImage(getBytes(code));
        expect(got.length).to.equal(want.length);
        expect(
          want.findIndex((b, i) => b !== got[i]),
          "first differing image byte",
        ).to.equal(-1);
      });
    }
  }

  it("the model is not trivially equal: it flags JUMPDESTs and fills entries", () => {
    const image = referenceImage(getBytes(asm("PUSH1 4 JUMP INVALID JUMPDEST STOP")));
    // the stream: opcode, zero, PUSH immediate; positions 0 (PUSH1), 2 (JUMP), 3, 4, 5 at bytes 0, 4, 6, 8, 10
    expect(hexlify(image.subarray(0, 12))).to.equal("0x600004005600fe005b000000");
    const entry = (pos: number) => image.subarray(96 + 8 * pos, 96 + 8 * pos + 8); // roundup32(2 * 6 + 66) = 96
    expect(entry(4)[5] & 0x80, "JUMPDEST at 4 flagged (entry bit 23)").to.equal(0x80);
    expect(
      entry(0).some((b) => b !== 0),
      "block 0 computed",
    ).to.equal(true);
    expect(
      entry(1).every((b) => b === 0),
      "no block starts at 1",
    ).to.equal(true);
  });
});
