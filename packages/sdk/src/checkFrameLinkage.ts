import { getCreate2Address, keccak256 } from "ethers";
import { computeRefund } from "./computeRefund";
import { InvalidArgumentError } from "./errors";
import type { AccessWitness } from "./records";
import { FrameStatus, type MessageWitness } from "./types";

/** One disagreement between a parent's CALL/CREATE record and the child frame's witness. */
export interface LinkageMismatch {
  /** The child witness field (or derived value) that disagrees. */
  field: string;
  expected: unknown;
  actual: unknown;
}

type ChildRecord = Extract<
  AccessWitness,
  { op: "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL" | "CREATE" | "CREATE2" }
>;
const ZERO_ADDRESS = `0x${"00".repeat(20)}`;
const ZERO_ROOT = `0x${"00".repeat(32)}`;

/**
 * Check that record `recordIndex` of `parent` (a CALL-family or CREATE/CREATE2 record) and `child`
 * describe the same call (docs/witness-format.md, section 7): code and context addresses (EIP-7702
 * delegation included), caller, value, static flag, origin, gas price, calldata / init code hash, gas
 * given (63/64 rule and stipend, as the hypervisor checked them), gas used, status, return data, the
 * refund change and, when both are known, the state root after the call.
 *
 * @returns the mismatches; empty when the two agree.
 * @throws InvalidArgumentError when `recordIndex` does not name a CALL-family or CREATE record.
 *
 * @example
 * const mismatches = checkFrameLinkage(top, 4, child);
 * if (mismatches.length) console.log("record 4 and its child disagree on", mismatches.map((m) => m.field));
 */
export function checkFrameLinkage(
  parent: MessageWitness,
  recordIndex: number,
  child: MessageWitness,
): LinkageMismatch[] {
  const r = parent.stateAccessList[recordIndex] as ChildRecord | undefined;
  if (
    r === undefined ||
    !["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2"].includes(r.op)
  ) {
    throw new InvalidArgumentError(
      "recordIndex",
      `record ${recordIndex} of the parent is ${r === undefined ? "missing" : r.op}, not a CALL-family or CREATE record`,
    );
  }
  const out: LinkageMismatch[] = [];
  const eq = (field: string, expected: unknown, actual: unknown) => {
    const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
    if (norm(expected) !== norm(actual)) out.push({ field, expected, actual });
  };
  eq("origin", parent.origin, child.origin);
  eq("gasPrice", parent.gasPrice, child.gasPrice);
  eq("gasAvailable", r.gasGiven, child.gasAvailable);
  eq("gasUsed", r.gasUsed, child.gasUsed);
  if (r.success !== (child.status === FrameStatus.Success)) {
    out.push({
      field: "status",
      expected: r.success ? FrameStatus.Success : "Revert (0n) or Halt (2n)",
      actual: child.status,
    });
  }
  eq("refund", r.refund, computeRefund(child));

  if (r.op === "CREATE" || r.op === "CREATE2") {
    eq("to", ZERO_ADDRESS, child.to);
    eq("caller", parent.context, child.caller);
    eq("callvalue", r.value, child.callvalue);
    eq("isStatic", parent.isStatic, child.isStatic);
    eq("keccak256(calldata)", r.initCodeHash, keccak256(child.calldata));
    if (r.op === "CREATE2") {
      const address = getCreate2Address(parent.context, r.salt, r.initCodeHash).toLowerCase();
      eq("context", address, child.context);
      if (r.success) eq("created", address, r.created);
    } else if (r.success) {
      eq("context", r.created, child.context);
    }
    if (r.success) eq("returndata (empty after a successful creation)", "0x", r.returndata);
    else eq("returndataHash", keccak256(r.returndata), child.returndataHash);
  } else {
    const code = r.delegate.toLowerCase() !== ZERO_ADDRESS ? r.delegate : r.address;
    eq("to", code, child.to);
    eq("keccak256(calldata)", r.argsHash, keccak256(child.calldata));
    eq("returndataHash", keccak256(r.returndata), child.returndataHash);
    switch (r.op) {
      case "CALL":
        eq("context", r.address, child.context);
        eq("caller", parent.context, child.caller);
        eq("callvalue", r.value, child.callvalue);
        eq("isStatic", parent.isStatic, child.isStatic);
        break;
      case "CALLCODE":
        eq("context", parent.context, child.context);
        eq("caller", parent.context, child.caller);
        eq("callvalue", r.value, child.callvalue);
        eq("isStatic", parent.isStatic, child.isStatic);
        break;
      case "DELEGATECALL":
        eq("context", parent.context, child.context);
        eq("caller", parent.caller, child.caller);
        eq("callvalue", parent.callvalue, child.callvalue);
        eq("isStatic", parent.isStatic, child.isStatic);
        break;
      case "STATICCALL":
        eq("context", r.address, child.context);
        eq("caller", parent.context, child.caller);
        eq("callvalue", 0n, child.callvalue);
        eq("isStatic", true, child.isStatic);
        break;
    }
  }
  if (
    r.success &&
    r.stateRoot.toLowerCase() !== ZERO_ROOT &&
    child.stateRootLeave.toLowerCase() !== ZERO_ROOT
  ) {
    eq("stateRootLeave", r.stateRoot, child.stateRootLeave);
  }
  return out;
}
