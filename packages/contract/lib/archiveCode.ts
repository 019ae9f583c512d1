import { ARCHIVE_PART_MAX, archiveAddress } from "@iso-hypervisor/sdk";
import { AbiCoder } from "ethers";
import { sendTransaction } from "./sendTransaction";
import type { AuditHost, Hex } from "./types";

/** The code a witness needs cannot be archived as it is (the chain or the archive holds other code). */
export class ArchiveCodeError extends Error {
  override name = "ArchiveCodeError";
  constructor(
    readonly account: Hex,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot archive the code of ${account}: ${detail}`, options);
  }
}

const getCode = async (host: AuditHost, account: Hex) =>
  (
    (await host.provider.request({ method: "eth_getCode", params: [account, "latest"] })) as Hex
  ).toLowerCase() as Hex;

/**
 * Archives the code of `account` through the archive factory and returns the archive address.
 * When `code` is given and the chain holds no code at `account` (auditing another chain's execution on
 * the in-process network), the code is put in place with `hardhat_setCode` first; with no code given
 * and none on chain it refuses (an explicit `0x` archives empty code). Checks that the
 * factory's answer is the SDK's archiveAddress and that the archive holds exactly `0x00 ++ code`: code
 * longer than 24575 bytes (e.g. exactly 24576, the EIP-170 maximum) is in two parts, part 0
 * `0x00 ++ code[0:24575]` (the address returned) and part 1 `0x00 ++ code[24575:]`; both are checked.
 *
 * @example
 * const archive = await archiveCode(host, factory, witness.to, codeFromWitnessFile);
 */
export async function archiveCode(host: AuditHost, factory: Hex, account: Hex, code?: Hex): Promise<Hex> {
  const want = code?.toLowerCase() as Hex | undefined;
  let onChain = await getCode(host, account);
  if (want !== undefined && onChain !== want) {
    if (onChain !== "0x") {
      throw new ArchiveCodeError(
        account,
        "the chain holds different code at this account than the witness file",
      );
    }
    await host.provider.request({ method: "hardhat_setCode", params: [account, want] });
    onChain = await getCode(host, account);
    if (onChain !== want)
      throw new ArchiveCodeError(account, "hardhat_setCode did not put the code in place");
  }
  if (want === undefined && onChain === "0x") {
    // Archiving "no code" would let the audit run an empty program in place of code nobody supplied.
    throw new ArchiveCodeError(
      account,
      "the chain holds no code there and none was supplied (witness file `code`)",
    );
  }
  const data = AbiCoder.defaultAbiCoder().encode(["address"], [account]) as Hex;
  let archive: Hex;
  try {
    const answer = (await host.provider.request({
      method: "eth_call",
      params: [{ from: host.from, to: factory, data }, "latest"],
    })) as Hex;
    archive = AbiCoder.defaultAbiCoder().decode(["address"], answer)[0].toLowerCase() as Hex;
  } catch (cause) {
    throw new ArchiveCodeError(account, `the archive factory ${factory} did not answer with an address`, {
      cause,
    });
  }
  const derived = archiveAddress(factory, account);
  if (archive !== derived) {
    throw new ArchiveCodeError(
      account,
      `the factory ${factory} answers ${archive}, the SDK derives ${derived}: not an ArchiveFactory`,
    );
  }
  const sent = await sendTransaction(host, { to: factory, data });
  if (!sent.success)
    throw new ArchiveCodeError(account, `archive transaction ${sent.hash} reverted (${sent.revertData})`);
  const bytes = onChain.slice(2);
  const split = bytes.length > 2 * ARCHIVE_PART_MAX;
  const parts: [Hex, string][] = [[archive, bytes.slice(0, 2 * ARCHIVE_PART_MAX)]];
  if (split) parts.push([archiveAddress(factory, account, undefined, 1), bytes.slice(2 * ARCHIVE_PART_MAX)]);
  for (const [index, [address, want]] of parts.entries()) {
    const archived = await getCode(host, address);
    if (archived !== `0x00${want}`) {
      throw new ArchiveCodeError(
        account,
        `archive part ${index} ${address} holds ${archived.length / 2 - 1} bytes, expected 0x00 ++ ${want.length / 2} code bytes (${bytes.length / 2} in all)`,
      );
    }
  }
  return archive;
}
