import path from "node:path";
import {
  ARCHIVE_INIT_CODE as SDK_ARCHIVE_INIT_CODE,
  archiveAddress as sdkArchiveAddress,
} from "@iso-hypervisor/sdk";
import { AbiCoder, Interface, concat, getCreate2Address, keccak256, toBeHex, zeroPadValue } from "ethers";
import hre from "hardhat";
import { compileHuff } from "../../compiler/compileHuff";
import type { HuffArtifact } from "../../compiler/types";
import { archiveCode } from "../../lib/archiveCode";

export type Hex = `0x${string}`;

const SRC = path.join(__dirname, "..", "..", "src");
let cached: { hypervisor: HuffArtifact; factory: HuffArtifact } | undefined;

/** Compiles the two contracts once per test process, straight from src/. */
export function artifacts(): { hypervisor: HuffArtifact; factory: HuffArtifact } {
  cached ??= {
    hypervisor: compileHuff({ file: path.join(SRC, "Hypervisor.huff") }),
    factory: compileHuff({ file: path.join(SRC, "ArchiveFactory.huff") }),
  };
  return cached;
}

export const rpc = <T>(method: string, params: unknown[] = []): Promise<T> =>
  hre.network.provider.request({ method, params }) as Promise<T>;

export async function sender(): Promise<Hex> {
  const [s] = await hre.ethers.getSigners();
  return s.address as Hex;
}

/** Sends a transaction and returns its receipt, whether it reverted or not. */
export async function send(tx: { to?: Hex; data: Hex; gas?: bigint }): Promise<{
  hash: Hex;
  status: number;
  gasUsed: bigint;
  contractAddress: Hex | null;
}> {
  const params: Record<string, string> = {
    from: await sender(),
    data: tx.data,
    gas: toBeHex(tx.gas ?? 16_000_000n),
  };
  if (tx.to) params.to = tx.to;
  let hash: Hex;
  try {
    hash = await rpc<Hex>("eth_sendTransaction", [params]);
  } catch (error) {
    // Hardhat throws on a failed transaction (throwOnTransactionFailures); it is mined all the same: the
    // last transaction of the latest block
    const block = await rpc<{ transactions: Hex[] } | null>("eth_getBlockByNumber", ["latest", false]);
    const last = block?.transactions[block.transactions.length - 1];
    if (!last) throw error;
    const mined = await rpc<{ from: Hex; input: Hex }>("eth_getTransactionByHash", [last]);
    if (mined.from.toLowerCase() !== params.from.toLowerCase() || mined.input !== tx.data) throw error;
    hash = last;
  }
  const r = await rpc<{ status: Hex; gasUsed: Hex; contractAddress: Hex | null }>(
    "eth_getTransactionReceipt",
    [hash],
  );
  return { hash, status: Number(r.status), gasUsed: BigInt(r.gasUsed), contractAddress: r.contractAddress };
}

/** eth_call: the return data, or the revert data (`reverted`). */
export async function call(to: Hex, data: Hex, gas = 16_000_000n): Promise<{ reverted: boolean; data: Hex }> {
  try {
    const out = await rpc<Hex>("eth_call", [{ from: await sender(), to, data, gas: toBeHex(gas) }, "latest"]);
    return { reverted: false, data: out };
  } catch (error) {
    const e = error as { data?: unknown; error?: { data?: unknown } };
    const d = (typeof e.data === "string" ? e.data : (e.data as { data?: string })?.data) ?? e.error?.data;
    if (typeof d === "string") return { reverted: true, data: d as Hex };
    const m = /reverted with (?:an unrecognized )?custom error[^']*'?(0x[0-9a-fA-F]*)/.exec(
      String((error as Error).message),
    );
    if (m) return { reverted: true, data: m[1] as Hex };
    if (/without a reason|reverted$|Transaction reverted/.test(String((error as Error).message)))
      return { reverted: true, data: "0x" };
    throw error;
  }
}

export interface Deployed {
  factory: Hex;
  hypervisor: Hex;
}

/** Deploys the ArchiveFactory and a Hypervisor bound to it. */
export async function deploy(): Promise<Deployed> {
  const { hypervisor, factory } = artifacts();
  const f = await send({ data: factory.bytecode });
  if (f.status !== 1 || !f.contractAddress) throw new Error("factory deployment failed");
  const arg = AbiCoder.defaultAbiCoder().encode(["address"], [f.contractAddress]).slice(2);
  const h = await send({ data: `${hypervisor.bytecode}${arg}` as Hex });
  if (h.status !== 1 || !h.contractAddress) throw new Error("hypervisor deployment failed");
  return {
    factory: f.contractAddress.toLowerCase() as Hex,
    hypervisor: h.contractAddress.toLowerCase() as Hex,
  };
}

export const ARCHIVE_INIT_CODE: Hex = SDK_ARCHIVE_INIT_CODE;

/** The address of archive part `part` of `code` (docs/hypervisor.md section 2: salt = key(keccak256(code)) | part << 160). */
export function archiveAddress(factory: Hex, code: Hex, part = 0): Hex {
  return sdkArchiveAddress(factory, keccak256(code), undefined, part);
}

let nextAccount = 0xa11ce0000n;
/** Puts `code` at a fresh account and archives it. */
export async function place(d: Deployed, code: Hex): Promise<Hex> {
  const account = `0x${(nextAccount++).toString(16).padStart(40, "0")}` as Hex;
  await rpc("hardhat_setCode", [account, code]);
  // Every archive part (code and analysis image); large code one part per transaction.
  await archiveCode({ provider: hre.network.provider, from: await sender() }, d.factory, account, code);
  return account;
}

export interface Access {
  opcode: bigint;
  stateRoot: Hex;
  data: Hex;
}

export interface Witness {
  stateRootEnter: Hex;
  stateRootLeave: Hex;
  isStatic: boolean;
  origin: Hex;
  caller: Hex;
  to: Hex;
  context: Hex;
  callvalue: bigint;
  gasPrice: bigint;
  gasAvailable: bigint;
  gasUsed: bigint;
  stateAccessList: Access[];
  status: bigint;
  returndataHash: Hex;
  calldata: Hex;
}

export const WITNESS_TYPE =
  "tuple(bytes32 stateRootEnter, bytes32 stateRootLeave, bool isStatic, address origin, address caller, address to, address context, uint256 callvalue, uint256 gasPrice, uint256 gasAvailable, uint256 gasUsed, tuple(uint256 opcode, bytes32 stateRoot, bytes data)[] stateAccessList, uint256 status, bytes32 returndataHash, bytes callData)";

export const encodeWitness = (w: Witness): Hex =>
  AbiCoder.defaultAbiCoder().encode(
    [WITNESS_TYPE],
    [
      [
        w.stateRootEnter,
        w.stateRootLeave,
        w.isStatic,
        w.origin,
        w.caller,
        w.to,
        w.context,
        w.callvalue,
        w.gasPrice,
        w.gasAvailable,
        w.gasUsed,
        w.stateAccessList.map((a) => [a.opcode, a.stateRoot, a.data]),
        w.status,
        w.returndataHash,
        w.calldata,
      ],
    ],
  ) as Hex;

const ZERO32 = `0x${"00".repeat(32)}` as Hex;

/** A witness skeleton for a call to `to` (everything else neutral). */
export function witness(to: Hex, fields: Partial<Witness> = {}): Witness {
  return {
    stateRootEnter: ZERO32,
    stateRootLeave: ZERO32,
    isStatic: false,
    origin: "0x00000000000000000000000000000000000000aa",
    caller: "0x00000000000000000000000000000000000000bb",
    to,
    context: to,
    callvalue: 0n,
    gasPrice: 1n,
    gasAvailable: 100_000n,
    gasUsed: 0n,
    stateAccessList: [],
    status: 1n,
    returndataHash: keccak256("0x") as Hex,
    calldata: "0x",
    ...fields,
  };
}

export const hypervisorInterface = (): Interface => new Interface(artifacts().hypervisor.abi as never);

/** The verdict of one audit: `valid` with the witness hash, or the decoded error. */
export type Verdict = { valid: true; hash: Hex } | { valid: false; error: string; args: bigint[]; raw: Hex };

export async function audit(d: Deployed, w: Witness | Hex, gas?: bigint): Promise<Verdict> {
  const data = typeof w === "string" ? w : encodeWitness(w);
  const out = await call(d.hypervisor, data, gas);
  if (!out.reverted)
    return { valid: true, hash: AbiCoder.defaultAbiCoder().decode(["bytes32"], out.data)[0] };
  if (out.data === "0x") return { valid: false, error: "inconclusive", args: [], raw: out.data };
  const parsed = hypervisorInterface().parseError(out.data);
  if (!parsed) return { valid: false, error: "unknown", args: [], raw: out.data };
  return { valid: false, error: parsed.name, args: parsed.args.map((a) => BigInt(a)), raw: out.data };
}

interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
}

/** The native run of `code` as the top frame of a transaction: what a true witness says about it. */
export interface NativeRun {
  to: Hex;
  gasAvailable: bigint;
  gasUsed: bigint;
  status: bigint;
  returndata: Hex;
  steps: StructLog[];
  gasPrice: bigint;
  from: Hex;
}

/** Runs `code` natively (fresh account, one transaction) and reads the frame's facts from the trace. */
export async function runNative(
  d: Deployed,
  code: Hex,
  calldata: Hex = "0x",
  gas = 1_000_000n,
): Promise<NativeRun> {
  const to = await place(d, code);
  const tx = await send({ to, data: calldata, gas });
  const { effectiveGasPrice } = await rpc<{ effectiveGasPrice: Hex }>("eth_getTransactionReceipt", [tx.hash]);
  const trace = await rpc<{ failed: boolean; returnValue: string; structLogs: StructLog[] }>(
    "debug_traceTransaction",
    [tx.hash, { disableStack: true, disableMemory: true, disableStorage: true }],
  );
  const steps = trace.structLogs;
  const gasAvailable = BigInt(steps[0].gas);
  const last = steps[steps.length - 1];
  const rv = trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
  let status: bigint;
  let gasUsed: bigint;
  if (!trace.failed) {
    status = 1n;
    gasUsed = gasAvailable - BigInt(last.gas - last.gasCost);
  } else if (last.op === "REVERT") {
    status = 0n;
    gasUsed = gasAvailable - BigInt(last.gas - last.gasCost);
  } else {
    status = 2n;
    gasUsed = gasAvailable;
  }
  return {
    to,
    gasAvailable,
    gasUsed,
    status,
    returndata: status === 2n ? "0x" : (rv as Hex),
    steps,
    gasPrice: BigInt(effectiveGasPrice),
    from: (await sender()).toLowerCase() as Hex,
  };
}

/** The true witness of a native run (the top frame of a transaction from the test sender). */
export function trueWitness(run: NativeRun, calldata: Hex = "0x"): Witness {
  return witness(run.to, {
    gasAvailable: run.gasAvailable,
    gasUsed: run.gasUsed,
    status: run.status,
    returndataHash: keccak256(run.returndata) as Hex,
    calldata,
    caller: run.from,
    origin: run.from,
    gasPrice: run.gasPrice,
  });
}

export { concat };
