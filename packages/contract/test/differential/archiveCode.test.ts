import { archiveAddress } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { Interface, keccak256 } from "ethers";
import hre from "hardhat";
import { ArchiveCodeError, accountCodeHash, archiveCode } from "../../lib/archiveCode";
import { auditFrames } from "../../lib/auditFrames";
import { createAuditHost } from "../../lib/createAuditHost";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import { deployHypervisor } from "../../lib/deployHypervisor";
import type { AuditHost, Hex } from "../../lib/types";
import { runNative } from "./helpers/runNative";

const getCode = async (host: AuditHost, a: Hex) =>
  (await host.provider.request({ method: "eth_getCode", params: [a, "latest"] })) as Hex;

describe("archiveCode: code in place (hardhat_setCode when missing), archived as 0x00 ++ code", function () {
  this.timeout(120_000);
  let host: AuditHost;
  let factory: Hex;
  before(async () => {
    host = await createAuditHost(hre.network.provider);
    factory = await deployArchiveFactory(host);
  });

  it("puts missing code in place, archives it at the SDK's address; re-archiving is a no-op", async () => {
    const account: Hex = "0x00000000000000000000000000000000a4c41e01";
    expect(await getCode(host, account)).to.equal("0x");
    const archive = await archiveCode(host, factory, account, "0x6001600201");
    expect(archive).to.equal(archiveAddress(factory, await accountCodeHash(host, account)));
    expect(await getCode(host, account)).to.equal("0x6001600201");
    expect(await getCode(host, archive)).to.equal("0x006001600201");
    expect(await archiveCode(host, factory, account, "0x6001600201")).to.equal(archive);
  });

  it("archives code already on chain without being given it", async () => {
    const account: Hex = "0x00000000000000000000000000000000a4c41e02";
    await host.provider.request({ method: "hardhat_setCode", params: [account, "0x5f5ff3"] });
    const archive = await archiveCode(host, factory, account);
    expect(await getCode(host, archive)).to.equal("0x005f5ff3");
  });

  it("refuses an account with no code on chain when no code is supplied", async () => {
    let error: unknown;
    try {
      await archiveCode(host, factory, "0x00000000000000000000000000000000a4c41e07");
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ArchiveCodeError);
    expect((error as Error).message).to.contain("none was supplied");
  });

  it("refuses when the chain holds other code than the witness file", async () => {
    const account: Hex = "0x00000000000000000000000000000000a4c41e03";
    await host.provider.request({ method: "hardhat_setCode", params: [account, "0x00"] });
    let error: unknown;
    try {
      await archiveCode(host, factory, account, "0x01");
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ArchiveCodeError);
    expect((error as Error).message).to.contain(account);
  });

  it("refuses a factory that is not an ArchiveFactory", async () => {
    const notFactory: Hex = "0x00000000000000000000000000000000a4c41e04";
    // Returns the word 0x..01 for any call: an address, but not the archive's.
    await host.provider.request({ method: "hardhat_setCode", params: [notFactory, "0x60015f5260205ff3"] });
    let error: unknown;
    try {
      await archiveCode(host, notFactory, "0x00000000000000000000000000000000a4c41e05", "0x00");
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ArchiveCodeError);
    expect((error as Error).message).to.contain("not an ArchiveFactory");
  });

  it("auditFrames: a guest of 24576 bytes (EIP-170 maximum), not on chain, is put in place, archived in two parts and audited valid", async () => {
    const hypervisor = await deployHypervisor(host, factory);
    // PUSH2 24575 JUMP to the JUMPDEST that is the last byte (archive part 1), INVALID filler between.
    const code = `0x615fff56${"fe".repeat(24576 - 5)}5b` as Hex;
    const run = await runNative(host, { name: "24576", source: code, expect: "success" });
    const big: Hex = "0x00000000000000000000000000000000a4c41e06";
    expect(await getCode(host, big)).to.equal("0x");
    const witness = { ...run.frame.witness, to: big, context: big };
    const [a] = await auditFrames(host, [{ file: "big", frame: "0", witness, code: { [big]: code } }], {
      hypervisor,
      factory,
    });
    expect([a.verdict, a.reason], a.explanation ?? undefined).to.deep.equal(["valid", "Valid"]);
    expect(await getCode(host, archiveAddress(factory, await accountCodeHash(host, big)))).to.equal(
      `0x00${code.slice(2, 2 + 2 * 24575)}`,
    );
    expect(
      await getCode(host, archiveAddress(factory, await accountCodeHash(host, big), undefined, 1)),
    ).to.equal("0x005b");
  });

  it("archiveCode archives the code the account holds now: code that changed since gets its own archive", async () => {
    // Archived while the account held 24575 bytes; the chain then holds 24576 (hardhat_setCode) with the same
    // start: the longer code is archived on its own (parts 0 and 1), and the shorter code's archive keeps
    // no part 1. And the other way round.
    const short = `0x${"00".repeat(24574)}0a` as Hex;
    const long = `0x${"00".repeat(24574)}0a00` as Hex;
    const account: Hex = "0x00000000000000000000000000000000a4c41e08";
    await archiveCode(host, factory, account, short);
    await host.provider.request({ method: "hardhat_setCode", params: [account, long] });
    const archived = await archiveCode(host, factory, account);
    expect(archived).to.equal(archiveAddress(factory, keccak256(long)));
    expect(await getCode(host, archiveAddress(factory, keccak256(long), undefined, 1))).to.equal("0x0000");
    expect(await getCode(host, archiveAddress(factory, keccak256(short), undefined, 1))).to.equal("0x");
    expect(await getCode(host, archiveAddress(factory, keccak256(short)))).to.equal(`0x00${short.slice(2)}`);
    const longer: Hex = "0x00000000000000000000000000000000a4c41e09";
    await host.provider.request({ method: "hardhat_setCode", params: [longer, long] });
    expect(await archiveCode(host, factory, longer), "same code, same archive").to.equal(archived);
    await host.provider.request({ method: "hardhat_setCode", params: [longer, short] });
    expect(await archiveCode(host, factory, longer)).to.equal(archiveAddress(factory, keccak256(short)));
  });
});
