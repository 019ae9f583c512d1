import { keccak256 } from "ethers";
import { PRECOMPILES, isPrecompile } from "./isPrecompile";
import { BLOCK_VALUE_RECORDS, STATIC_FORBIDDEN } from "./records";
import type { AccessWitness } from "./records";
import { FrameStatus, type WitnessFile } from "./types";

/** One problem found in a witness file: the field (and record index) and what is wrong. */
export interface WitnessIssue {
  /** Index of the record, when the issue is about one. */
  record?: number;
  field: string;
  detail: string;
}

const ZERO_ADDRESS = `0x${"00".repeat(20)}`;
const EMPTY_HASH = keccak256("0x");

function accessedAddress(r: AccessWitness): string | undefined {
  if ("address" in r) return r.address.toLowerCase();
  if (r.op === "SELFDESTRUCT") return r.beneficiary.toLowerCase();
  return undefined;
}

/**
 * Check a witness file for everything that makes it impossible without running the code: header
 * consistency (gas, status), records a static frame cannot have, records after SELFDESTRUCT, outcome
 * fields of failed calls and creations, warmth the frame itself proves (always-warm addresses,
 * addresses and slots this frame accessed before), block values that disagree with each other or with
 * the file's chain id and block number, and code the file must carry (guest code, EXTCODECOPY sources).
 * The hypervisor rejects most of these too; tools use this to reject bad files before an audit and to
 * say why.
 *
 * @returns the issues; empty when none is found.
 *
 * @example
 * const issues = checkWitnessFile(parseWitnessFile(text));
 * for (const i of issues) console.log(i.record ?? "-", i.field, i.detail);
 */
export function checkWitnessFile(file: WitnessFile): WitnessIssue[] {
  const w = file.witness;
  const out: WitnessIssue[] = [];
  const issue = (field: string, detail: string, record?: number) =>
    out.push(record === undefined ? { field, detail } : { record, field, detail });

  if (w.gasUsed > w.gasAvailable) issue("gasUsed", `${w.gasUsed} exceeds gasAvailable ${w.gasAvailable}`);
  if (w.status === FrameStatus.Halt) {
    if (w.gasUsed !== w.gasAvailable) issue("gasUsed", "an exceptional halt uses all gasAvailable");
    if (w.returndataHash.toLowerCase() !== EMPTY_HASH)
      issue("returndataHash", "an exceptional halt returns no data");
  }
  // A static frame may receive value: CALLCODE with value is allowed in a static frame (EIP-214 forbids
  // only CALL with value), and its child runs static with callvalue = value. A creation frame is never
  // static: CREATE and CREATE2 halt in a static frame, and a creation transaction is not static.
  const creation = w.to.toLowerCase() === ZERO_ADDRESS;
  if (creation && w.isStatic)
    issue("isStatic", "a creation frame is never static (CREATE halts in a static frame)");
  if (!creation && file.code[w.to.toLowerCase() as `0x${string}`] === undefined) {
    issue("code", `the guest code of ${w.to} is missing`);
  }

  const warmAddresses = new Set(
    [w.origin, w.caller, w.to, w.context, ...PRECOMPILES].map((a) => a.toLowerCase()),
  );
  const warmSlots = new Set<string>();
  const blockValues = new Map<string, bigint>();
  const expected: Record<string, bigint> = { CHAINID: file.chainId, NUMBER: file.blockNumber };

  w.stateAccessList.forEach((r, i) => {
    if (i > 0 && w.stateAccessList[i - 1].op === "SELFDESTRUCT")
      issue("op", "no record can follow SELFDESTRUCT", i);
    if (w.isStatic && (STATIC_FORBIDDEN.has(r.op) || (r.op === "CALL" && r.value !== 0n))) {
      issue("op", `${r.op} halts in a static frame before its record is consumed`, i);
    }
    if (BLOCK_VALUE_RECORDS.has(r.op) && "value" in r && typeof r.value === "bigint") {
      const seen = blockValues.get(r.op);
      if (seen !== undefined && seen !== r.value)
        issue("value", `${r.op} was ${seen} earlier in this frame`, i);
      blockValues.set(r.op, r.value);
      if (expected[r.op] !== undefined && expected[r.op] !== r.value) {
        issue(
          "value",
          `${r.op} differs from the file's ${r.op === "CHAINID" ? "chainId" : "blockNumber"} ${expected[r.op]}`,
          i,
        );
      }
    }
    if (r.op === "EXTCODECOPY" && file.code[r.address.toLowerCase() as `0x${string}`] === undefined) {
      issue("code", `the code of EXTCODECOPY source ${r.address} is missing`, i);
    }
    const address = accessedAddress(r);
    if (address !== undefined && "warm" in r) {
      if (!r.warm && warmAddresses.has(address)) issue("warm", `${address} is already warm in this frame`, i);
      warmAddresses.add(address);
    }
    if (r.op === "SLOAD" || r.op === "SSTORE") {
      const key = r.key.toLowerCase();
      if (!r.warm && warmSlots.has(key)) issue("warm", `slot ${key} was accessed earlier in this frame`, i);
      warmSlots.add(key);
    }
    if ("delegate" in r) {
      const delegated = r.delegate.toLowerCase() !== ZERO_ADDRESS;
      if (!delegated && r.delegateWarm) issue("delegateWarm", "must be false without a delegate", i);
      if (delegated && isPrecompile(r.address)) issue("delegate", "a precompile has no delegation", i);
      if (delegated) warmAddresses.add(r.delegate.toLowerCase());
    }
    if ("success" in r && !r.success && r.refund !== 0n)
      issue("refund", "a failed child's refund changes are undone", i);
    if (r.op === "CREATE" || r.op === "CREATE2") {
      const created = r.created.toLowerCase() !== ZERO_ADDRESS;
      if (r.success !== created)
        issue("created", r.success ? "a successful creation has an address" : "must be zero on failure", i);
      if (r.success && r.returndata !== "0x") issue("returndata", "empty after a successful creation", i);
      if (created) warmAddresses.add(r.created.toLowerCase());
    }
  });
  return out;
}
