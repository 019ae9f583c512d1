import type { RecordedFrame } from "@iso-hypervisor/fixtures-gen";
import { recordTransaction } from "@iso-hypervisor/fixtures-gen";
import { sendTransaction } from "../../../lib/sendTransaction";
import type { AuditHost, Hex } from "../../../lib/types";
import { DEFAULT_GAS, type DiffCase } from "./cases";
import { asm } from "./lookup";

/** Where case programs live: one fresh account per run, so an archive never holds stale code. */
let nextAccount = 0xc0de0000n;
const freshAccount = (): Hex => `0x${(nextAccount++).toString(16).padStart(40, "0")}`;

/** The native run of one case, recorded. */
export interface NativeRun {
  frame: RecordedFrame;
  /** Number of frames the recorder found (1 for every case: the programs make no calls). */
  frames: number;
  txHash: Hex;
  code: Hex;
}

/**
 * Runs a case's program natively on the in-process network (deploy its code with hardhat_setCode, or
 * send its init code in a creation transaction) and records the transaction into witnesses.
 *
 * @example
 * const { frame } = await runNative(host, { name: "add", source: "PUSH1 1 PUSH1 2 ADD", expect: "success" });
 */
export async function runNative(host: AuditHost, c: DiffCase): Promise<NativeRun> {
  const code = asm(c.source);
  const send = async (gas: bigint) => {
    if (c.creation) return sendTransaction(host, { data: code, value: c.value, gas });
    const to = freshAccount();
    await host.provider.request({ method: "hardhat_setCode", params: [to, code] });
    return sendTransaction(host, { to, data: c.calldata ?? "0x", value: c.value, gas });
  };
  let sent = await send(c.gas ?? DEFAULT_GAS);
  if (c.starveBy !== undefined) sent = await send(sent.gasUsed - c.starveBy);
  const recorded = await recordTransaction(host.provider as never, sent.hash);
  return { frame: recorded.frames[0], frames: recorded.frames.length, txHash: sent.hash, code };
}
