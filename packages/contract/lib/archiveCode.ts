import { type ArchivePart, archiveAddress, archiveImageLength, archiveParts } from "@iso-hypervisor/sdk";
import { AbiCoder, keccak256 } from "ethers";
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

/**
 * EXTCODEHASH of `account` as the factory and the hypervisor read it (the archive key, SDK archiveKey):
 * keccak256 of its code, or 0 for an account that does not exist (EIP-161 empty: no code, nonce 0,
 * balance 0; EIP-1052).
 *
 * @example
 * const archive0 = archiveAddress(factory, await accountCodeHash(host, token));
 */
export async function accountCodeHash(host: AuditHost, account: Hex): Promise<Hex> {
  const code = await getCode(host, account);
  if (code === "0x") {
    const [balance, nonce] = await Promise.all([
      host.provider.request({ method: "eth_getBalance", params: [account, "latest"] }) as Promise<Hex>,
      host.provider.request({
        method: "eth_getTransactionCount",
        params: [account, "latest"],
      }) as Promise<Hex>,
    ]);
    if (BigInt(balance) === 0n && BigInt(nonce) === 0n) return `0x${"00".repeat(32)}`;
  }
  return keccak256(code) as Hex;
}

const getCode = async (host: AuditHost, account: Hex) =>
  (
    (await host.provider.request({ method: "eth_getCode", params: [account, "latest"] })) as Hex
  ).toLowerCase() as Hex;

export interface ArchiveCodeOptions {
  /** Make the analysis image parts too (default true); false: the code parts only. */
  image?: boolean;
}

/** One transaction of the ArchiveFactory's one-call entry fits (deposit 200 gas per byte of L + A dominates). */
const ONE_CALL_MAX_BYTES = 40_000;
/** Osaka's transaction gas cap (EIP-7825): every archiving transaction is sent with it. */
const TX_GAS_CAP = 16_777_216n;

/**
 * The order in which archiving the image parts one per transaction is cheapest: parts holding only
 * block-table bytes ascending (each resumes the analysis from the entries of the one before), then the
 * parts holding code-stream bytes descending (their forced markers come from the table parts). The factory
 * gives the same bytes in any order; this one keeps every part well under one transaction's gas.
 */
const imagePartOrder = (length: number): ArchivePart[] => {
  const table = archiveImageLength(length) - 8 * length - 32; // INFO_BASE - STREAM_BASE: the stream's length
  const image = archiveParts(length).filter((p) => p.source === "image");
  return [...image.filter((p) => p.offset >= table), ...image.filter((p) => p.offset < table).reverse()];
};

/**
 * Archives the code of `account` through the archive factory and returns the address of archive part 0.
 * When `code` is given and the chain holds no code at `account` (auditing another chain's execution on
 * the in-process network), the code is put in place with `hardhat_setCode` first; with no code given
 * and none on chain it refuses (an explicit `0x` archives empty code). Makes every missing part
 * (docs/hypervisor.md section 2): with the factory's one-call entry when the archive is small, else one
 * transaction per part (`abi.encode(account, part)`), code parts first, image parts in the cheapest
 * order. Then checks that the factory is an ArchiveFactory (its answer is the SDK's archiveAddress),
 * that the code parts hold exactly `0x00 ++ code` (part 0 `code[0:24575]`, part 1 the rest when longer)
 * and that every image part exists with its expected length.
 *
 * With `{ image: false }` only the code parts are made: a code-only archive costs about 200 gas per code
 * byte instead of about 1,800, and every audit of it analyses the code lazily (the same verdicts, more
 * audit gas: docs/hypervisor.md 5.1). Image parts that already exist are kept and checked.
 *
 * @example
 * const archive = await archiveCode(host, factory, witness.to, codeFromWitnessFile);
 * await archiveCode(host, factory, account, code, { image: false }); // cheap to make, dearer to audit
 */
export async function archiveCode(
  host: AuditHost,
  factory: Hex,
  account: Hex,
  code?: Hex,
  options: ArchiveCodeOptions = {},
): Promise<Hex> {
  const withImage = options.image ?? true;
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
  const coder = AbiCoder.defaultAbiCoder();
  const partCall = (part: number) => coder.encode(["address", "uint256"], [account, part]) as Hex;
  let archive: Hex;
  try {
    const answer = (await host.provider.request({
      method: "eth_call",
      params: [{ from: host.from, to: factory, data: partCall(0) }, "latest"],
    })) as Hex;
    archive = coder.decode(["address"], answer)[0].toLowerCase() as Hex;
  } catch (cause) {
    throw new ArchiveCodeError(account, `the archive factory ${factory} did not answer with an address`, {
      cause,
    });
  }
  // parts are keyed by the code's hash (EXTCODEHASH): the archive of the code the account holds now
  const codeHash = await accountCodeHash(host, account);
  const derived = archiveAddress(factory, codeHash);
  if (archive !== derived) {
    throw new ArchiveCodeError(
      account,
      `the factory ${factory} answers ${archive}, the SDK derives ${derived}: not an ArchiveFactory`,
    );
  }
  const bytes = onChain.slice(2);
  const length = bytes.length / 2;
  const parts = archiveParts(length);
  const addressOf = (part: number) => archiveAddress(factory, codeHash, undefined, part);
  const send = async (data: Hex, what: string) => {
    const sent = await sendTransaction(host, { to: factory, data, gas: TX_GAS_CAP });
    if (!sent.success)
      throw new ArchiveCodeError(
        account,
        `archive transaction ${sent.hash} (${what}) reverted (${sent.revertData})`,
      );
  };
  const missing = async (part: number) => (await getCode(host, addressOf(part))) === "0x";
  if (!withImage) {
    for (const p of parts.filter((q) => q.source === "code"))
      if (await missing(p.part)) await send(partCall(p.part), `part ${p.part}`);
  } else if (length + archiveImageLength(length) <= ONE_CALL_MAX_BYTES) {
    if ((await Promise.all(parts.map((p) => missing(p.part)))).some((m) => m))
      await send(coder.encode(["address"], [account]) as Hex, "all parts");
  } else {
    const order = [...parts.filter((p) => p.source === "code"), ...imagePartOrder(length)];
    for (const p of order) if (await missing(p.part)) await send(partCall(p.part), `part ${p.part}`);
  }
  for (const p of parts) {
    const address = addressOf(p.part);
    const archived = await getCode(host, address);
    if (!withImage && p.source === "image" && archived === "0x") continue;
    if (p.source === "code") {
      const wantPart = bytes.slice(2 * p.offset, 2 * (p.offset + p.length));
      if (archived !== `0x00${wantPart}`) {
        throw new ArchiveCodeError(
          account,
          `archive part ${p.part} ${address} holds ${archived.length / 2 - 1} bytes, expected 0x00 ++ ${p.length} code bytes (${length} in all)`,
        );
      }
    } else if (archived.length !== 2 + 2 * (1 + p.length) || !archived.startsWith("0x00")) {
      throw new ArchiveCodeError(
        account,
        `archive part ${p.part} ${address} (image) holds ${archived.length / 2 - 1} bytes, expected 0x00 ++ ${p.length} image bytes`,
      );
    }
  }
  return archive;
}
