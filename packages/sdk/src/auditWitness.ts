import { type BlockTag, type ContractRunner, keccak256 } from "ethers";
import { decodeRawMessageWitness } from "./decodeRawMessageWitness";
import { type Verdict, decodeVerdict } from "./decodeVerdict";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { AuditCallError, InvalidArgumentError, IsoSdkError } from "./errors";
import { describe } from "./internal/bytes";
import type { MessageWitness } from "./types";

/**
 * The hard cap on one transaction's gas in Osaka (EIP-7825); auditWitness's default host gas.
 *
 * @example
 * await auditWitness(hypervisor, signer, witness, { gasLimit: OSAKA_TX_GAS_CAP });
 */
export const OSAKA_TX_GAS_CAP = 16_777_216n;

export interface AuditOptions {
  /** Host gas for the call and the transaction (default: the Osaka cap, 2^24). */
  gasLimit?: bigint;
  /** Block to run the eth_call against (default: latest). */
  blockTag?: BlockTag;
  /** Also send the witness in a transaction (the runner must be a signer) to measure the audit gas. */
  measureGas?: boolean;
  /**
   * Send witness bytes even if they are not a canonical encoding (to test the hypervisor's
   * MalformedWitness). By default bytes must decode with decodeRawMessageWitness (canonical; records
   * and status may still be anything, so adversarial witnesses can be audited).
   */
  allowMalformed?: boolean;
}

export interface AuditResult {
  verdict: Verdict;
  /** keccak256 of the witness bytes. */
  witnessHash: `0x${string}`;
  /** The witness bytes sent (the hypervisor's calldata). */
  calldata: `0x${string}`;
  /**
   * With `measureGas`: the transaction's hash, its gas used (the audit gas, intrinsic gas included),
   * whether it reverted, its revert data when the node reports it, and whether its outcome agrees with
   * the eth_call's (same reverted flag and, when known, the same revert data).
   */
  transaction?: {
    hash: `0x${string}`;
    gasUsed: bigint;
    reverted: boolean;
    revertData?: `0x${string}`;
    agreesWithCall: boolean;
  };
}

type AddressLike = string | { getAddress(): Promise<string> };

/** Finds the revert data in an ethers / node error (ethers CALL_EXCEPTION, Hardhat's error shapes). */
function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(e.data)) return e.data;
  for (const k of ["data", "error", "info", "cause", "payload"]) {
    const found = revertData(e[k], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isRevert(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === "CALL_EXCEPTION" || /revert|out of gas|invalid opcode/i.test(String(e?.message ?? ""));
}

function transactionHashOf(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.transactionHash === "string") return e.transactionHash;
  if (typeof (e.receipt as { hash?: unknown })?.hash === "string")
    return (e.receipt as { hash: string }).hash;
  for (const k of ["data", "error", "info", "cause"]) {
    const found = transactionHashOf(e[k], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Audit one witness with a deployed hypervisor through ethers v6: an `eth_call` for the verdict and,
 * with `measureGas`, a transaction whose receipt gives the audit gas. The witness is validated before
 * anything is sent: a typed witness is encoded (WitnessEncodeError), bytes must be a canonical encoding
 * (WitnessDecodeError) unless `allowMalformed`.
 *
 * @param hypervisor the hypervisor contract (an ethers Contract, anything with getAddress(), or an address).
 * @param runner a provider (call only) or a signer (call and, with measureGas, transaction).
 * @param witness the witness, typed or as canonical ABI bytes.
 * @throws WitnessEncodeError / WitnessDecodeError / InvalidArgumentError for a witness the SDK rejects;
 *   AuditCallError when the node fails for a reason other than a revert; VerdictDecodeError for an
 *   answer no verdict explains.
 *
 * @example
 * const { verdict, transaction } = await auditWitness(hypervisor, signer, witness, { measureGas: true });
 * if (verdict.verdict === "invalid") console.log(verdict.reason, "at pc", verdict.pc, "record", verdict.record);
 * console.log("audit gas", transaction?.gasUsed);
 */
export async function auditWitness(
  hypervisor: AddressLike,
  runner: ContractRunner,
  witness: MessageWitness | `0x${string}`,
  options: AuditOptions = {},
): Promise<AuditResult> {
  let calldata: `0x${string}`;
  if (typeof witness === "string") {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(witness))
      throw new InvalidArgumentError("witness", "not 0x-prefixed even-length hex");
    if (!options.allowMalformed) decodeRawMessageWitness(witness);
    calldata = witness.toLowerCase() as `0x${string}`;
  } else {
    calldata = encodeMessageWitness(witness);
  }
  let to: string;
  try {
    to = typeof hypervisor === "string" ? hypervisor : await hypervisor.getAddress();
  } catch (cause) {
    throw new InvalidArgumentError("hypervisor", "cannot resolve its address", { cause });
  }
  if (typeof to !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(to)) {
    throw new InvalidArgumentError("hypervisor", `not an address: ${describe(to)}`);
  }
  if (typeof runner?.call !== "function")
    throw new InvalidArgumentError("runner", "cannot eth_call (no call method)");
  const gasLimit = options.gasLimit ?? OSAKA_TX_GAS_CAP;
  const witnessHash = keccak256(calldata) as `0x${string}`;

  let answer: { reverted: boolean; data: string };
  try {
    answer = {
      reverted: false,
      data: await runner.call({ to, data: calldata, gasLimit, blockTag: options.blockTag }),
    };
  } catch (error) {
    if (!isRevert(error)) throw new AuditCallError(`eth_call to ${to} failed`, { cause: error });
    answer = { reverted: true, data: revertData(error) ?? "0x" };
  }
  const verdict = decodeVerdict(answer, calldata);
  const result: AuditResult = { verdict, witnessHash, calldata };
  if (!options.measureGas) return result;

  if (typeof runner.sendTransaction !== "function" || runner.provider === null) {
    throw new InvalidArgumentError("runner", "measureGas needs a signer connected to a provider");
  }
  const provider = runner.provider;
  let hash: string | undefined;
  let thrown: string | undefined;
  try {
    const tx = await runner.sendTransaction({ to, data: calldata, gasLimit });
    hash = tx.hash;
  } catch (error) {
    hash = transactionHashOf(error);
    if (hash === undefined) throw new AuditCallError(`transaction to ${to} was not mined`, { cause: error });
    thrown = revertData(error);
  }
  try {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt === null) throw new AuditCallError(`no receipt for ${hash}`);
    const reverted = receipt.status !== 1;
    const revertData = reverted && thrown !== undefined ? (thrown.toLowerCase() as `0x${string}`) : undefined;
    const agreesWithCall =
      reverted === answer.reverted && (revertData === undefined || revertData === answer.data.toLowerCase());
    result.transaction = {
      hash: hash as `0x${string}`,
      gasUsed: receipt.gasUsed,
      reverted,
      revertData,
      agreesWithCall,
    };
  } catch (error) {
    if (error instanceof IsoSdkError) throw error;
    throw new AuditCallError(`cannot read the receipt of ${hash}`, { cause: error });
  }
  return result;
}
