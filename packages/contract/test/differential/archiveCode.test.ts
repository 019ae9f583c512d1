import { archiveAddress } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import hre from "hardhat";
import { ArchiveCodeError, archiveCode } from "../../lib/archiveCode";
import { createAuditHost } from "../../lib/createAuditHost";
import { deployArchiveFactory } from "../../lib/deployArchiveFactory";
import type { AuditHost, Hex } from "../../lib/types";

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
    expect(archive).to.equal(archiveAddress(factory, account));
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
});
