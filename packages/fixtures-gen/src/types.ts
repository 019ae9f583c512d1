import type { MessageWitness } from "@iso-hypervisor/sdk";

/** The one method of an EIP-1193 provider the recorder uses (Hardhat's `network.provider` has it). */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** One struct-log step, normalised across nodes: every word a bigint, memory as one hex string. */
export interface TraceStep {
  /** Index in the node's `structLogs`. */
  readonly index: number;
  readonly pc: number;
  /** The mnemonic the node printed, upper case, aliases resolved (SHA3 -> KECCAK256). */
  readonly op: string;
  /** The opcode byte for `op`, or undefined when the node printed a name the opcode table lacks. */
  readonly opcode: number | undefined;
  /** Gas left before the step. */
  readonly gas: bigint;
  /** What the node charged for the step (for calls: including the gas given to the child). */
  readonly gasCost: bigint;
  /** Call depth, 1 for the top frame (normalised when a node counts from 0). */
  readonly depth: number;
  /** The stack before the step, bottom first (the top is the last element). */
  readonly stack: readonly bigint[];
  /** Memory before the step, as hex without 0x (length = 2 * msize). */
  readonly memory: string;
  /** The node's refund counter, when it reports one (anvil). */
  readonly refund: bigint | undefined;
  /** The node's error for the step (exceptional halt), when it reports one. */
  readonly error: string | undefined;
}

/** The witness of one frame with everything a verifier needs besides the witness itself. */
export interface RecordedFrame {
  /**
   * The SDK's WitnessFile.path: `[]` for the top frame, `[i, j]` for the frame started by record `i`
   * of the top frame, then by record `j` of that frame.
   */
  readonly path: readonly number[];
  /** `0` followed by the path, dot separated (`0`, `0.3`, `0.3.1`): the witness file's name. */
  readonly name: string;
  readonly witness: MessageWitness;
  /** Code by address: the guest code of `to` (message calls) and every EXTCODECOPY source. */
  readonly code: Readonly<Record<`0x${string}`, `0x${string}`>>;
  /** Index of the frame's first and last step in the trace. */
  readonly firstStep: number;
  readonly lastStep: number;
  /** Trace steps executed by this frame itself (not by its children). */
  readonly steps: number;
}

/** Everything recorded from one transaction. */
export interface RecordedTransaction {
  readonly chainId: bigint;
  readonly blockNumber: bigint;
  readonly txHash: `0x${string}`;
  /** Frames in the order they start (depth first), the top frame first. */
  readonly frames: readonly RecordedFrame[];
  /** Steps in the trace (each belongs to exactly one frame). */
  readonly steps: number;
  /**
   * Record-bearing steps that halted before taking their record (docs/witness-format.md, "When a
   * record is consumed"), so no witness holds a record for them: step index, frame, opcode, why.
   */
  readonly unconsumed: ReadonlyArray<{ step: number; frame: string; op: string; reason: string }>;
}
