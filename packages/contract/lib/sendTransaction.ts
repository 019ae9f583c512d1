import type { AuditHost, Hex } from "./types";

/** The outcome of one mined transaction, whether it succeeded or reverted. */
export interface SentTransaction {
  hash: Hex;
  /** True when the receipt status is 1. */
  success: boolean;
  /** Total gas the transaction used (intrinsic gas included), from the receipt. */
  gasUsed: bigint;
  /** Return data of a reverted transaction (`0x` when empty or unknown); `0x` on success. */
  revertData: Hex;
  /** The created contract of a creation transaction, else null. */
  contractAddress: Hex | null;
}

/** A transaction could not be sent or mined at all (not a revert: those are reported in the result). */
export class SendTransactionError extends Error {
  override name = "SendTransactionError";
  constructor(
    message: string,
    readonly tx: TransactionRequest,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The fields of `eth_sendTransaction` the tooling uses; quantities as bigint. */
export interface TransactionRequest {
  to?: Hex | null;
  data?: Hex;
  value?: bigint;
  gas?: bigint;
  gasPrice?: bigint;
}

const quantity = (v: bigint): Hex => `0x${v.toString(16)}`;

/**
 * Sends a transaction from `host.from` and waits for its receipt. Works with nodes that throw on a
 * failed transaction (Hardhat with `throwOnTransactionFailures`): the thrown error carries the
 * transaction hash and the revert data, and the receipt is read from the chain.
 *
 * @example
 * const sent = await sendTransaction(host, { to: hypervisor, data: encodedWitness, gas: 16_000_000n });
 * if (!sent.success) console.log("reverted with", sent.revertData, "after", sent.gasUsed, "gas");
 */
export async function sendTransaction(host: AuditHost, tx: TransactionRequest): Promise<SentTransaction> {
  const params: Record<string, string> = { from: host.from };
  if (tx.to) params.to = tx.to;
  if (tx.data) params.data = tx.data;
  if (tx.value !== undefined) params.value = quantity(tx.value);
  if (tx.gas !== undefined) params.gas = quantity(tx.gas);
  if (tx.gasPrice !== undefined) params.gasPrice = quantity(tx.gasPrice);
  let hash: Hex;
  let thrownData: Hex | undefined;
  try {
    hash = (await host.provider.request({ method: "eth_sendTransaction", params: [params] })) as Hex;
  } catch (error) {
    // Hardhat: a revert carries { transactionHash, data: "0x.." }; out of gas { data: { transactionHash, data } }.
    const e = error as { transactionHash?: unknown; data?: unknown };
    const inner = (typeof e?.data === "object" && e.data !== null ? e.data : {}) as {
      transactionHash?: unknown;
      data?: unknown;
    };
    const txHash = e?.transactionHash ?? inner.transactionHash;
    if (typeof txHash !== "string") {
      throw new SendTransactionError(`transaction was not mined: ${(error as Error)?.message ?? error}`, tx, {
        cause: error,
      });
    }
    hash = txHash as Hex;
    const data = typeof e.data === "string" ? e.data : inner.data;
    thrownData = typeof data === "string" && data.startsWith("0x") ? (data as Hex) : "0x";
  }
  const receipt = (await host.provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
    status: Hex;
    gasUsed: Hex;
    blockNumber: Hex;
    contractAddress: Hex | null;
  } | null;
  if (receipt === null) throw new SendTransactionError(`no receipt for transaction ${hash}`, tx);
  const success = BigInt(receipt.status) === 1n;
  if (!success && thrownData === undefined)
    thrownData = await replayRevertData(host, params, receipt.blockNumber);
  return {
    hash,
    success,
    gasUsed: BigInt(receipt.gasUsed),
    revertData: success ? "0x" : (thrownData ?? "0x"),
    contractAddress: receipt.contractAddress ?? null,
  };
}

/** A node that does not throw on failure: replays the call on the parent block's state for its revert data. */
async function replayRevertData(
  host: AuditHost,
  params: Record<string, string>,
  blockNumber: Hex,
): Promise<Hex> {
  const parent = quantity(BigInt(blockNumber) - 1n);
  try {
    await host.provider.request({ method: "eth_call", params: [params, parent] });
    return "0x";
  } catch (error) {
    const data = (error as { data?: unknown })?.data;
    if (typeof data === "string" && data.startsWith("0x")) return data as Hex;
    const nested = (data as { data?: unknown } | undefined)?.data;
    return typeof nested === "string" && nested.startsWith("0x") ? (nested as Hex) : "0x";
  }
}
