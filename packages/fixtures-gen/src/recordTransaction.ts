import { FrameStatus, type MessageWitness, recordSchema } from "@iso-hypervisor/sdk";
import { getCreateAddress, keccak256 } from "ethers";
import { createHttpProvider } from "./createHttpProvider";
import {
  DebugTraceUnavailableError,
  RecorderError,
  RpcError,
  TransactionNotFoundError,
  UnrecordableError,
} from "./errors";
import { type Hex, normalizeAddress } from "./internal/hex";
import { type NodeFacts, type TxInfo, walkTrace } from "./internal/walkTrace";
import { normalizeStructLogs } from "./normalizeStructLogs";
import type { RecordedTransaction, RequestProvider } from "./types";

/** Options every node understands: geth's `enableMemory`, Hardhat's `disable*` (unknown keys are ignored). */
const TRACE_OPTIONS = { enableMemory: true, disableMemory: false, disableStack: false, disableStorage: true };

/**
 * Records every frame of a mined transaction as a MessageWitness, from the node's
 * `debug_traceTransaction` struct logs (with memory) plus a few state reads at the transaction's
 * block (guest code, slot values at the start of the transaction, precompile outputs). Works with the
 * in-process Hardhat network, anvil (`--steps-tracing`) and geth-compatible nodes. Every step belongs
 * to exactly one frame and every record-bearing step yields exactly one record (both counted); what
 * the recorder cannot derive is an error naming the step, never a guess.
 *
 * @param node an EIP-1193 provider (Hardhat's `network.provider`) or a JSON-RPC URL
 * @throws TransactionNotFoundError, DebugTraceUnavailableError, TraceError, UnrecordableError, RpcError
 *
 * @example
 * const tx = await recordTransaction(hre.network.provider, "0x5c50…");
 * for (const f of tx.frames) console.log(f.name, f.witness.status, f.witness.stateAccessList.length);
 */
export async function recordTransaction(
  node: RequestProvider | string,
  txHash: string,
): Promise<RecordedTransaction> {
  const provider = typeof node === "string" ? createHttpProvider(node) : node;
  const call = async <T>(method: string, params: unknown[]): Promise<T> => {
    try {
      return (await provider.request({ method, params })) as T;
    } catch (e) {
      if (e instanceof RecorderError) throw e;
      const err = e as { code?: number; message?: string };
      throw new RpcError(
        method,
        typeof err.code === "number" ? err.code : undefined,
        err.message ?? String(e),
        { cause: e },
      );
    }
  };
  if (!/^0x[0-9a-fA-F]{64}$/.test(txHash)) throw new TransactionNotFoundError(txHash);
  const tx = await call<RpcTx | null>("eth_getTransactionByHash", [txHash]);
  if (tx === null || tx === undefined || tx.blockNumber === null || tx.blockNumber === undefined) {
    throw new TransactionNotFoundError(txHash);
  }
  const receipt = await call<RpcReceipt | null>("eth_getTransactionReceipt", [txHash]);
  if (receipt === null || receipt === undefined) throw new TransactionNotFoundError(txHash);
  const blockNumber = BigInt(tx.blockNumber);
  const txIndex = Number(BigInt(tx.transactionIndex));
  const chainId = BigInt(await call<string>("eth_chainId", []));
  const parentTag = `0x${(blockNumber - 1n).toString(16)}`;
  const blockTag = `0x${blockNumber.toString(16)}`;
  const parent = await call<{ stateRoot: Hex } | null>("eth_getBlockByNumber", [parentTag, false]);
  if (parent === null) throw new RpcError("eth_getBlockByNumber", undefined, `block ${parentTag} not found`);
  const block = await call<{ miner: string } | null>("eth_getBlockByNumber", [blockTag, false]);
  if (block === null) throw new RpcError("eth_getBlockByNumber", undefined, `block ${blockTag} not found`);

  let raw: unknown;
  try {
    raw = await call("debug_traceTransaction", [txHash, TRACE_OPTIONS]);
  } catch (e) {
    if (e instanceof RpcError) {
      throw new DebugTraceUnavailableError(`debug_traceTransaction failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
    throw e;
  }
  const steps = normalizeStructLogs(raw);

  // A creation transaction's new account: sender + nonce. A failed creation has no
  // receipt.contractAddress on every node (Hardhat omits it, anvil gives it); when given, it must agree.
  const from = normalizeAddress(tx.from);
  let created: Hex | null = null;
  if (tx.to === null || tx.to === undefined) {
    created = getCreateAddress({ from, nonce: BigInt(tx.nonce) }).toLowerCase() as Hex;
    if (receipt.contractAddress && normalizeAddress(receipt.contractAddress) !== created) {
      throw new RecorderError(
        `the receipt's contractAddress ${receipt.contractAddress} is not the address of ${from}'s creation at nonce ${BigInt(tx.nonce)} (${created})`,
      );
    }
  }

  const info: TxInfo = {
    hash: txHash.toLowerCase() as Hex,
    index: txIndex,
    from,
    to: tx.to === null || tx.to === undefined ? null : normalizeAddress(tx.to),
    input: (tx.input ?? tx.data ?? "0x").toLowerCase() as Hex,
    value: BigInt(tx.value),
    gasLimit: BigInt(tx.gas),
    gasPrice: BigInt(receipt.effectiveGasPrice ?? tx.gasPrice),
    created,
    receiptStatus: Number(BigInt(receipt.status)),
    receiptGasUsed: BigInt(receipt.gasUsed),
    parentStateRoot: parent.stateRoot.toLowerCase() as Hex,
    type: Number(BigInt(tx.type ?? "0x0")),
    coinbase: normalizeAddress(block.miner),
    accessList: (tx.accessList ?? []).map((e) => ({
      address: normalizeAddress(e.address),
      storageKeys: e.storageKeys.map((k) => k.toLowerCase() as Hex),
    })),
  };

  const codes = new Map<Hex, Promise<Hex>>();
  // State at the start of the transaction: the parent block's state for the block's first
  // transaction; for a later one, the node's prestateTracer (geth, anvil), which already includes the
  // effects of the earlier transactions of the block. A node without it: a loud UnrecordableError.
  let prestate: Promise<Record<string, PrestateAccount>> | undefined;
  const before = async (address: Hex, what: string): Promise<PrestateAccount | undefined> => {
    if (txIndex === 0) return undefined;
    prestate ??= call<Record<string, PrestateAccount>>("debug_traceTransaction", [
      txHash,
      { tracer: "prestateTracer" },
    ]);
    let all: Record<string, PrestateAccount>;
    try {
      all = await prestate;
    } catch (e) {
      throw new UnrecordableError(
        what,
        `transaction ${txHash} is number ${txIndex} in its block and the node gives no prestateTracer (${(e as Error).message})`,
        { cause: e },
      );
    }
    const key = Object.keys(all).find((k) => k.toLowerCase() === address);
    if (key === undefined)
      throw new UnrecordableError(what, `${address} is not in the node's prestate of ${txHash}`);
    return all[key];
  };
  const facts: NodeFacts = {
    code(address) {
      let c = codes.get(address);
      if (c === undefined) {
        c = call<string>("eth_getCode", [address, blockTag]).then((h) => h.toLowerCase() as Hex);
        codes.set(address, c);
      }
      return c;
    },
    async storageAtStart(address, slot) {
      const what = `the value of slot ${slot} of ${address} at the start of the transaction`;
      const pre = await before(address, what);
      if (pre === undefined) {
        return BigInt(await call<string>("eth_getStorageAt", [address, `0x${slot.toString(16)}`, parentTag]));
      }
      const k = Object.keys(pre.storage ?? {}).find((x) => BigInt(x) === slot);
      if (k === undefined) throw new UnrecordableError(what, "the slot is not in the node's prestate");
      return BigInt(pre.storage![k]);
    },
    async existsAtStart(address) {
      const pre = await before(address, `whether ${address} exists at the start of the transaction`);
      if (pre !== undefined) {
        return (
          BigInt(pre.nonce ?? 0) !== 0n || BigInt(pre.balance ?? "0x0") !== 0n || (pre.code ?? "0x") !== "0x"
        );
      }
      const [nonce, balance, code] = await Promise.all([
        call<string>("eth_getTransactionCount", [address, parentTag]),
        call<string>("eth_getBalance", [address, parentTag]),
        call<string>("eth_getCode", [address, parentTag]),
      ]);
      return BigInt(nonce) !== 0n || BigInt(balance) !== 0n || code !== "0x";
    },
    async balanceAtStart(address) {
      const pre = await before(address, `the balance of ${address} at the start of the transaction`);
      if (pre !== undefined) return BigInt(pre.balance ?? "0x0");
      return BigInt(await call<string>("eth_getBalance", [address, parentTag]));
    },
    async nonceAtStart(address) {
      const pre = await before(address, `the nonce of ${address} at the start of the transaction`);
      if (pre !== undefined) return BigInt(pre.nonce ?? 0);
      return BigInt(await call<string>("eth_getTransactionCount", [address, parentTag]));
    },
    async precompile(address, input, gas) {
      const out = await call<string>("eth_call", [
        { to: address, data: input, gas: `0x${gas.toString(16)}` },
        parentTag,
      ]);
      return out.toLowerCase() as Hex;
    },
  };

  const { frames, unconsumed } = await walkTrace(steps, info, facts);
  checkTraceSummary(raw, frames[0]?.witness);

  // Count against the trace: every record-bearing step made exactly one record.
  // (A step that halts before taking its record, e.g. SSTORE under the 2300 sentry, has none.)
  const expected =
    steps.filter((s) => s.opcode !== undefined && recordSchema(s.opcode) !== undefined).length -
    unconsumed.length;
  const recorded = frames.reduce((n, f) => n + f.witness.stateAccessList.length, 0);
  if (expected !== recorded) {
    throw new RecorderError(
      `the trace has ${expected} record-bearing steps, the witnesses ${recorded} records`,
    );
  }
  const covered = frames.reduce((n, f) => n + f.steps, 0);
  if (covered !== steps.length)
    throw new RecorderError(`the frames cover ${covered} of ${steps.length} trace steps`);
  return { chainId, blockNumber, txHash: info.hash, frames, steps: steps.length, unconsumed };
}

interface RpcTx {
  blockNumber: string | null;
  transactionIndex: string;
  from: string;
  nonce: string;
  to: string | null;
  input?: string;
  data?: string;
  value: string;
  gas: string;
  gasPrice: string;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
  type?: string;
}

/**
 * The struct logger's own summary (`failed`, `returnValue`) must agree with the top frame: a last
 * check that the walk read the trace as the node meant it.
 */
function checkTraceSummary(raw: unknown, top: MessageWitness | undefined): void {
  const { failed, returnValue } = raw as { failed?: unknown; returnValue?: unknown };
  if (top === undefined) return;
  if (typeof failed === "boolean" && failed !== (top.status !== FrameStatus.Success)) {
    throw new RecorderError(`the trace says failed=${failed}, the top frame ends with status ${top.status}`);
  }
  if (typeof returnValue === "string" && top.status !== FrameStatus.Halt && top.to !== ZERO) {
    const hex = `0x${returnValue.replace(/^0x/, "")}`;
    if (keccak256(hex) !== top.returndataHash) {
      throw new RecorderError(
        `the trace's returnValue ${hex.slice(0, 74)} is not the top frame's return data`,
      );
    }
  }
}

const ZERO = `0x${"00".repeat(20)}`;

/** One account of geth's prestateTracer result (fields omitted when zero or empty). */
interface PrestateAccount {
  balance?: string;
  nonce?: number | string;
  code?: string;
  storage?: Record<string, string>;
}

interface RpcReceipt {
  status: string;
  gasUsed: string;
  effectiveGasPrice?: string;
  contractAddress?: string | null;
}
