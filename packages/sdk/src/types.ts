/**
 * The witness of one EVM message call (one frame), as the hypervisor reads it from its calldata:
 * `abi.encode(MessageWitness)`. Field order is the ABI order. Normative text: docs/witness-format.md.
 */
export interface MessageWitness {
  /** State root before the frame runs (for an external prover; the hypervisor never reads it). */
  stateRootEnter: `0x${string}`;
  /** State root after the frame's last record (equal to stateRootEnter when nothing changed). */
  stateRootLeave: `0x${string}`;
  /** True in a STATICCALL frame or any frame below one: state changes halt exceptionally. */
  isStatic: boolean;
  origin: `0x${string}`;
  caller: `0x${string}`;
  /** The account whose code runs; the zero address marks a creation frame (code = `calldata`). */
  to: `0x${string}`;
  /** The account the frame runs as (ADDRESS, storage, balance); differs from `to` in DELEGATECALL/CALLCODE. */
  context: `0x${string}`;
  callvalue: bigint;
  gasPrice: bigint;
  /** Gas the frame starts with (after the 63/64 rule and any stipend). */
  gasAvailable: bigint;
  /** Gas the frame used: gasAvailable minus gas left at the end; all of it on an exceptional halt. */
  gasUsed: bigint;
  /** Every state access of the frame, in execution order. */
  stateAccessList: AccessWitness[];
  status: FrameStatus;
  /** keccak256 of the frame's return data (RETURN or REVERT payload; of empty bytes otherwise). */
  returndataHash: `0x${string}`;
  /** Calldata of a message call; the init code of a creation frame. */
  calldata: `0x${string}`;
}

/**
 * How a frame ended. The numeric values are the ABI values of `status`.
 *
 * @example
 * if (witness.status === FrameStatus.Halt) console.log("exceptional halt: all gas used");
 */
export const FrameStatus = {
  /** REVERT: state changes undone, unused gas returned. */
  Revert: 0n,
  /** STOP, RETURN or SELFDESTRUCT. */
  Success: 1n,
  /** Invalid opcode, bad jump, stack under/overflow, out of gas, static violation, ...: all gas used. */
  Halt: 2n,
} as const;
export type FrameStatus = (typeof FrameStatus)[keyof typeof FrameStatus];

/**
 * One state access, as the hypervisor reads it: `(uint256 opcode, bytes32 stateRoot, bytes data)`.
 * `data` is the record's fields packed as 32-byte words in schema order, then the one
 * variable-length trailing field if the schema has one (see records.ts).
 */
export interface RawAccessWitness {
  /** The opcode tag, a uint256 word (a bigint, so that any adversarial tag is representable). */
  opcode: bigint;
  stateRoot: `0x${string}`;
  data: `0x${string}`;
}

/**
 * A MessageWitness at the ABI level: records as raw `(opcode, stateRoot, data)` triples and `status`
 * as any uint256. Every canonical ABI encoding decodes to one of these (decodeRawMessageWitness),
 * including witnesses whose records or status no schema accepts; use it to craft or inspect
 * adversarial witnesses.
 */
export interface RawMessageWitness extends Omit<MessageWitness, "stateAccessList" | "status"> {
  stateAccessList: RawAccessWitness[];
  status: bigint;
}

/**
 * The version of the witness file format this SDK reads and writes.
 *
 * @example
 * const file: WitnessFile = { version: WITNESS_FILE_VERSION, chainId, blockNumber, transactionHash, path: [], witness, code };
 */
export const WITNESS_FILE_VERSION = 1;

/**
 * A witness file: one frame's witness plus what tools need to audit it. JSON form: see
 * serializeWitnessFile and docs/witness-format.md.
 */
export interface WitnessFile {
  version: typeof WITNESS_FILE_VERSION;
  chainId: bigint;
  /** Number of the block holding the transaction. */
  blockNumber: bigint;
  transactionHash: `0x${string}`;
  /**
   * The frame's path in the call tree: `[]` is the transaction's top frame; `[i, j]` is the frame
   * started by record `i` (a CALL-family or CREATE record) of the top frame, then by record `j` of that frame.
   */
  path: number[];
  witness: MessageWitness;
  /**
   * Code needed to audit the frame, by lower-case address: the guest code (`to`; absent for a
   * creation frame) and every EXTCODECOPY source, as it was when the transaction ran.
   */
  code: Record<`0x${string}`, `0x${string}`>;
}

/** A decoded record: a discriminated union keyed by the opcode mnemonic; see records.ts. */
export type { AccessWitness } from "./records";
import type { AccessWitness } from "./records";
