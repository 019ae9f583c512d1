import { encodeAccessWitness } from "./encodeAccessWitness";
import { encodeRawMessageWitness } from "./encodeRawMessageWitness";
import { WitnessEncodeError } from "./errors";
import { describe } from "./internal/bytes";
import type { MessageWitness } from "./types";

/**
 * ABI-encode a MessageWitness into the hypervisor's calldata: `abi.encode(witness)` with the tuple
 * offset word `0x20` first and no selector (docs/decisions.md). Records are encoded by their schema
 * (RECORD_SCHEMAS). The encoding is canonical, so decodeMessageWitness(encodeMessageWitness(w)) deep-equals w.
 *
 * @throws WitnessEncodeError naming the field (or `stateAccessList[i].<field>`) that does not fit its type.
 *
 * @example
 * import { encodeMessageWitness, FrameStatus } from "@iso-hypervisor/sdk";
 * const calldata = encodeMessageWitness({
 *   stateRootEnter: ZERO32, stateRootLeave: ZERO32, isStatic: false,
 *   origin: EOA, caller: EOA, to: TOKEN, context: TOKEN,
 *   callvalue: 0n, gasPrice: 1n, gasAvailable: 100_000n, gasUsed: 21n,
 *   stateAccessList: [{ op: "SLOAD", stateRoot: ZERO32, key: ZERO32, value: ZERO32, warm: false }],
 *   status: FrameStatus.Success, returndataHash: keccak256("0x"), calldata: "0x",
 * });
 * await hypervisor.runner.call({ to: hypervisor.target, data: calldata });
 */
export function encodeMessageWitness(witness: MessageWitness): `0x${string}` {
  if (typeof witness !== "object" || witness === null)
    throw new WitnessEncodeError("witness", "expected an object");
  if (!Array.isArray(witness.stateAccessList))
    throw new WitnessEncodeError("stateAccessList", "expected an array");
  if (witness.status !== 0n && witness.status !== 1n && witness.status !== 2n) {
    throw new WitnessEncodeError(
      "status",
      `expected 0n (revert), 1n (success) or 2n (halt), got ${describe(witness.status)}`,
    );
  }
  if (typeof witness.gasAvailable === "bigint" && witness.gasAvailable >= 1n << 64n) {
    throw new WitnessEncodeError(
      "gasAvailable",
      `${witness.gasAvailable} is not below 2^64 (the hypervisor rejects it)`,
    );
  }
  return encodeRawMessageWitness({
    ...witness,
    stateAccessList: witness.stateAccessList.map((r, i) => encodeAccessWitness(r, i)),
  });
}
