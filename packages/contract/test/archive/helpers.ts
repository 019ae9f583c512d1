import { archiveAddress } from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { AbiCoder, type Interface, toBeHex } from "ethers";
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
  /** eth_call: the answer, or the revert data. */
  const ethCall = async (to: Hex, data: Hex, gas = 1n << 24n): Promise<{ ok: boolean; data: Hex }> => {
    const { host } = deployed();
    try {
      const out = (await host.provider.request({
        method: "eth_call",
        params: [{ from: host.from, to, data, gas: toBeHex(gas) }, "latest"],
      })) as Hex;
      return { ok: true, data: out };
    } catch (error) {
      const e = error as { data?: unknown };
      const d = typeof e.data === "string" ? e.data : (e.data as { data?: string } | undefined)?.data;
      if (typeof d === "string") return { ok: false, data: d as Hex };
      throw error;
    }
  };
  return { getCode, setCode, partOf, ethCall };
}

/** Revert data decoded as one of `errors`' declared errors (asserted), address arguments lower case. */
export function declaredError(errors: Interface, data: Hex): { name: string; args: unknown[] } {
  const parsed = errors.parseError(data);
  expect(parsed, `revert data ${data} is a declared error`).to.not.equal(null);
  return {
    name: parsed!.name,
    args: parsed!.args.toArray().map((a: unknown) => (typeof a === "string" ? a.toLowerCase() : a)),
  };
}
