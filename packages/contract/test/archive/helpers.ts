import { archiveAddress } from "@iso-hypervisor/sdk";
import { AbiCoder } from "ethers";
import { accountCodeHash } from "../../lib/archiveCode";
import type { AuditHost, Hex } from "../../lib/types";

const coder = AbiCoder.defaultAbiCoder();

/** The ArchiveFactory's entry points: make one part of `account`'s code, or every part. */
export const onePart = (account: Hex, part: number | bigint) =>
  coder.encode(["address", "uint256"], [account, part]) as Hex;
export const allParts = (account: Hex) => coder.encode(["address"], [account]) as Hex;

/**
 * Chain access the archive tests share, for the host and factory their `before` hook deploys (read lazily).
 *
 * @example
 * const { getCode, setCode, partOf } = archiveChain(() => ({ host, factory }));
 * expect(await getCode(await partOf(account, 0))).to.equal(`0x00${code.slice(2)}`);
 */
export function archiveChain(deployed: () => { host: AuditHost; factory: Hex }) {
  const getCode = async (a: Hex) =>
    (
      (await deployed().host.provider.request({ method: "eth_getCode", params: [a, "latest"] })) as Hex
    ).toLowerCase();
  const setCode = (a: Hex, code: Hex) =>
    deployed().host.provider.request({ method: "hardhat_setCode", params: [a, code] });
  /** Part `part` of the archive of the code `account` holds now (parts are keyed by the code's hash). */
  const partOf = async (account: Hex, part: number | bigint) => {
    const { host, factory } = deployed();
    return archiveAddress(factory, await accountCodeHash(host, account), undefined, part);
  };
  return { getCode, setCode, partOf };
}
