import { getCreate2Address } from "ethers";
import { checkFrameLinkage } from "./checkFrameLinkage";
import { InvalidArgumentError } from "./errors";
import { PRECOMPILES } from "./isPrecompile";
import { BLOCK_VALUE_RECORDS } from "./records";
import { FrameStatus, type WitnessFile } from "./types";

/** One problem in a transaction's set of witness files: the frame's path, the field, what is wrong. */
export interface CallTreeIssue {
  path: number[];
  record?: number;
  field: string;
  detail: string;
}

const ZERO_ADDRESS = `0x${"00".repeat(20)}`;

const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);

/**
 * Check the witness files of one transaction together (docs/witness-format.md, section 7): one top
 * frame, the same transaction, chain and block in every file, every child linked to its parent's
 * record (checkFrameLinkage), block values equal across frames, and warmth (EIP-2929) replayed over
 * the call tree in execution order with reverted frames' accesses undone: a record claiming `warm =
 * false` for an address or slot the transaction already accessed is an issue. (A `warm = true` claim
 * cannot be refuted without the transaction's access list.) Frames without a file (children that ran
 * no instruction) are skipped.
 *
 * @throws InvalidArgumentError when `files` is empty or two files share a path.
 *
 * @example
 * const issues = checkCallTree(paths.map((p) => parseWitnessFile(fs.readFileSync(p, "utf8"))));
 * for (const i of issues) console.log(i.path.join("."), i.record, i.field, i.detail);
 */
export function checkCallTree(files: readonly WitnessFile[]): CallTreeIssue[] {
  if (files.length === 0) throw new InvalidArgumentError("files", "no witness file");
  const byPath = new Map<string, WitnessFile>();
  for (const f of files) {
    const key = f.path.join(".");
    if (byPath.has(key)) throw new InvalidArgumentError("files", `two files for path [${f.path}]`);
    byPath.set(key, f);
  }
  const out: CallTreeIssue[] = [];
  const issue = (path: number[], field: string, detail: string, record?: number) =>
    out.push(record === undefined ? { path, field, detail } : { path, record, field, detail });

  const top = byPath.get("");
  if (top === undefined) {
    issue([], "path", "no file for the top frame (path [])");
    return out;
  }
  for (const f of files) {
    if (f.transactionHash !== top.transactionHash)
      issue(f.path, "transactionHash", "differs from the top frame's");
    if (f.chainId !== top.chainId) issue(f.path, "chainId", "differs from the top frame's");
    if (f.blockNumber !== top.blockNumber) issue(f.path, "blockNumber", "differs from the top frame's");
    if (f.path.length === 0) continue;
    const parent = byPath.get(f.path.slice(0, -1).join("."));
    if (parent === undefined) {
      issue(f.path, "path", `no file for the parent frame [${f.path.slice(0, -1)}]`);
      continue;
    }
    const index = f.path[f.path.length - 1];
    try {
      for (const m of checkFrameLinkage(parent.witness, index, f.witness)) {
        issue(
          f.path,
          m.field,
          `parent record ${index} says ${String(m.expected)}, the frame ${String(m.actual)}`,
        );
      }
    } catch (cause) {
      issue(f.path, "path", (cause as Error).message);
    }
  }

  const blockValues = new Map<string, { value: bigint; path: number[] }>();
  const tw = top.witness;
  const addresses = new Set([tw.origin, tw.to, tw.context, ...PRECOMPILES].map((a) => a.toLowerCase()));
  const slots = new Set<string>();

  const walk = (file: WitnessFile) => {
    const w = file.witness;
    const context = w.context.toLowerCase();
    w.stateAccessList.forEach((r, i) => {
      const cold = (what: string, key: string, set: Set<string>) => {
        if ("warm" in r && !r.warm && set.has(key))
          issue(file.path, "warm", `${what} was already accessed in this transaction`, i);
        set.add(key);
      };
      if (BLOCK_VALUE_RECORDS.has(r.op) && "value" in r && typeof r.value === "bigint") {
        const seen = blockValues.get(r.op);
        if (seen !== undefined && seen.value !== r.value) {
          issue(file.path, "value", `${r.op} is ${seen.value} in frame [${seen.path}]`, i);
        }
        if (seen === undefined) blockValues.set(r.op, { value: r.value, path: file.path });
      }
      if (r.op === "SLOAD" || r.op === "SSTORE")
        cold(`slot ${r.key} of ${context}`, `${context}:${r.key.toLowerCase()}`, slots);
      else if ("address" in r) cold(r.address, r.address.toLowerCase(), addresses);
      else if (r.op === "SELFDESTRUCT") cold(r.beneficiary, r.beneficiary.toLowerCase(), addresses);
      if ("delegate" in r && r.delegate.toLowerCase() !== ZERO_ADDRESS) {
        if (!r.delegateWarm && addresses.has(r.delegate.toLowerCase())) {
          issue(file.path, "delegateWarm", `${r.delegate} was already accessed in this transaction`, i);
        }
        addresses.add(r.delegate.toLowerCase());
      }
      const child = byPath.get([...file.path, i].join("."));
      if (r.op === "CREATE" || r.op === "CREATE2") {
        // EIP-2929: the new address is warm even if the creation fails (added before the snapshot).
        const created =
          r.op === "CREATE2"
            ? getCreate2Address(w.context, r.salt, r.initCodeHash)
            : (child?.witness.context ?? r.created);
        if (created.toLowerCase() !== ZERO_ADDRESS) addresses.add(created.toLowerCase());
      }
      if (child !== undefined && (CALLS.has(r.op) || r.op === "CREATE" || r.op === "CREATE2")) {
        const savedAddresses = new Set(addresses);
        const savedSlots = new Set(slots);
        walk(child);
        if (child.witness.status !== FrameStatus.Success) {
          addresses.clear();
          for (const a of savedAddresses) addresses.add(a);
          slots.clear();
          for (const s of savedSlots) slots.add(s);
        }
      }
    });
  };
  walk(top);
  const expected: Record<string, bigint> = { CHAINID: top.chainId, NUMBER: top.blockNumber };
  for (const [op, v] of blockValues) {
    if (expected[op] !== undefined && expected[op] !== v.value) {
      issue(
        v.path,
        "value",
        `${op} ${v.value} differs from the files' ${op === "CHAINID" ? "chainId" : "blockNumber"}`,
      );
    }
  }
  return out;
}
