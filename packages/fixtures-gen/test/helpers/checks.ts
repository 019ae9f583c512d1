/**
 * Checks of a recording against the node's raw trace, made without the recorder's internals:
 * counts, SDK round trips, parent/child linkage, and the gas identity of every call.
 */
import {
  type AccessWitness,
  type MessageWitness,
  RECORD_SCHEMAS,
  WITNESS_FILE_VERSION,
  checkFrameLinkage,
  checkWitnessFile,
  decodeMessageWitness,
  encodeMessageWitness,
  parseWitnessFile,
  serializeWitnessFile,
} from "@iso-hypervisor/sdk";
import { expect } from "chai";
import { keccak256 } from "ethers";
import type { RecordedFrame, RecordedTransaction, RequestProvider } from "../../src";

interface RawStep {
  op: string;
  gas: number | string;
  gasCost: number | string;
  depth: number;
  stack: string[];
  memory?: string[] | string;
}

const RECORD_OPS = new Set<string>(RECORD_SCHEMAS.map((s) => s.mnemonic));
/** Legacy mnemonics nodes still print (anvil: DIFFICULTY), by their current name. */
const LEGACY: Readonly<Record<string, string>> = { DIFFICULTY: "PREVRANDAO", SUICIDE: "SELFDESTRUCT" };
const opName = (op: string) => LEGACY[op] ?? op;
const CALLS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);
const EMPTY = keccak256("0x");

const big = (v: number | string) => BigInt(v);
const msize = (m: RawStep["memory"]) =>
  m === undefined ? 0n : BigInt(Array.isArray(m) ? m.length * 32 : m.replace(/^0x/, "").length / 2);
const memCost = (bytes: bigint) => {
  const w = bytes / 32n;
  return 3n * w + (w * w) / 512n;
};

export async function rawTrace(node: RequestProvider, hash: string): Promise<RawStep[]> {
  const t = (await node.request({
    method: "debug_traceTransaction",
    params: [hash, { enableMemory: true }],
  })) as {
    structLogs: RawStep[];
  };
  return t.structLogs;
}

/** Everything one recording must satisfy; returns the frames by name for scenario-specific checks. */
export async function checkRecording(
  node: RequestProvider,
  rec: RecordedTransaction,
): Promise<Map<string, RecordedFrame>> {
  const steps = await rawTrace(node, rec.txHash);
  // Counting against the trace: one frame per depth increase (plus the top), one record per record-bearing op.
  let framesInTrace = steps.length > 0 ? 1 : 0;
  for (let i = 1; i < steps.length; i++) if (steps[i].depth === steps[i - 1].depth + 1) framesInTrace++;
  const recordsInTrace = steps.filter((s) => RECORD_OPS.has(opName(s.op))).length;
  expect(rec.frames.length, "frames").to.equal(framesInTrace);
  // A step that halts before taking its record has none: it must be its frame's last step.
  for (const u of rec.unconsumed) {
    const s = steps[u.step];
    expect(opName(s.op), `unconsumed step ${u.step}`).to.equal(u.op);
    const next = steps[u.step + 1];
    expect(next === undefined || next.depth < s.depth, `unconsumed step ${u.step} ends its frame`).to.equal(
      true,
    );
    if (u.op === "SSTORE" && /2300/.test(u.reason)) expect(big(s.gas) <= 2300n).to.equal(true);
  }
  expect(
    rec.frames.reduce((n, f) => n + f.witness.stateAccessList.length, 0),
    "records",
  ).to.equal(recordsInTrace - rec.unconsumed.length);
  expect(
    rec.frames.reduce((n, f) => n + f.steps, 0),
    "steps",
  ).to.equal(steps.length);

  const byName = new Map(rec.frames.map((f) => [f.name, f]));
  for (const f of rec.frames) {
    // The SDK round trip: file text -> parse -> encode -> decode gives the same witness.
    const text = serializeWitnessFile({
      version: WITNESS_FILE_VERSION,
      chainId: rec.chainId,
      blockNumber: rec.blockNumber,
      transactionHash: rec.txHash,
      path: [...f.path],
      witness: f.witness,
      code: { ...f.code },
    });
    const parsed = parseWitnessFile(text);
    expect(checkWitnessFile(parsed), `${f.name}: SDK checkWitnessFile`).to.deep.equal([]);
    const decoded = decodeMessageWitness(encodeMessageWitness(parsed.witness));
    expect(decoded, `${f.name} round trip`).to.deep.equal(parsed.witness);
    expect(serializeWitnessFile(parsed), `${f.name} file round trip`).to.equal(text);
    const w = f.witness;
    expect(w.gasUsed <= w.gasAvailable, `${f.name} gasUsed <= gasAvailable`).to.equal(true);
    if (w.status === 2n) {
      expect(w.gasUsed, `${f.name} halt uses all gas`).to.equal(w.gasAvailable);
      expect(w.returndataHash).to.equal(EMPTY);
    }
    expect(big(steps[f.firstStep].gas), `${f.name} gasAvailable = gas at its first step`).to.equal(
      w.gasAvailable,
    );
    if (w.to !== "0x0000000000000000000000000000000000000000")
      expect(f.code[w.to], `${f.name} guest code`).to.match(/^0x[0-9a-f]+$/);
    // Empty init code runs as one STOP (the nodes trace it so).
    else if (w.calldata === "0x")
      expect(steps.slice(f.firstStep, f.lastStep + 1).map((s) => s.op)).to.deep.equal(["STOP"]);
    else expect(w.calldata.length > 2, `${f.name} init code`).to.equal(true);
  }
  // Linkage, and the gas identity of every CALL/CREATE record (with or without a child frame).
  for (const parent of rec.frames) {
    const p = parent.witness;
    const children = rec.frames.filter(
      (c) =>
        c.path.length === parent.path.length + 1 && c.path.slice(0, -1).join(".") === parent.path.join("."),
    );
    for (const child of children) {
      const i = child.path[child.path.length - 1];
      const r = p.stateAccessList[i] as AccessWitness & Record<string, unknown>;
      expect(r, `${child.name}: record ${i} of ${parent.name}`).to.not.equal(undefined);
      linkChild(parent.name, p, r, child.witness, child.name);
      expect(checkFrameLinkage(p, i, child.witness), `${child.name}: SDK checkFrameLinkage`).to.deep.equal(
        [],
      );
    }
    // Gas identity from the raw trace for every call-family record of this frame.
    // (A step that halted before taking its record, e.g. a CALL under its constant gas, has none.)
    const unconsumed = new Set(rec.unconsumed.map((u) => u.step));
    const callSteps: number[] = [];
    for (let k = parent.firstStep; k <= parent.lastStep; k++) {
      if (
        steps[k].depth === steps[parent.firstStep].depth &&
        (CALLS.has(steps[k].op) || steps[k].op.startsWith("CREATE")) &&
        !unconsumed.has(k)
      )
        callSteps.push(k);
    }
    const callRecords = p.stateAccessList.filter((r) => CALLS.has(r.op) || r.op.startsWith("CREATE"));
    expect(callRecords.length, `${parent.name}: call records = call steps`).to.equal(callSteps.length);
    callRecords.forEach((r0, j) => {
      const r = r0 as AccessWitness & Record<string, unknown>;
      const k = callSteps[j];
      let resume = k + 1;
      while (resume < steps.length && steps[resume].depth > steps[k].depth) resume++;
      if (resume >= steps.length || steps[resume].depth !== steps[k].depth) return; // the frame halted at the call
      const spent = big(steps[k].gas) - big(steps[resume].gas);
      const memExp = memCost(msize(steps[resume].memory)) - memCost(msize(steps[k].memory));
      let own: bigint;
      if (r.op.startsWith("CREATE")) {
        // EIP-3860 init code words (and CREATE2's hashing); the size is the third stack word.
        const stack = steps[k].stack;
        const size = BigInt(`0x${stack[stack.length - 3].replace(/^0x/, "")}`);
        const words = (size + 31n) / 32n;
        own = 32000n + memExp + 2n * words + (r.op === "CREATE2" ? 6n * words : 0n);
      } else {
        const value = (r.value as bigint | undefined) ?? 0n;
        own = (r.warm ? 100n : 2600n) + memExp;
        if (value > 0n && r.op !== "DELEGATECALL" && r.op !== "STATICCALL") own += 9000n - 2300n;
        if (r.exists === false && value > 0n) own += 25000n;
        if (r.delegate !== undefined && r.delegate !== "0x0000000000000000000000000000000000000000")
          own += r.delegateWarm ? 100n : 2600n;
      }
      expect(
        spent,
        `${parent.name} ${r.op} record ${p.stateAccessList.indexOf(r0)}: parent gas spent = own cost + child gasUsed`,
      ).to.equal(own + (r.gasUsed as bigint));
    });
  }
  return byName;
}

function linkChild(
  pName: string,
  p: MessageWitness,
  r: AccessWitness & Record<string, unknown>,
  c: MessageWitness,
  cName: string,
): void {
  const at = `${cName} <- ${pName}.${r.op}`;
  expect(r.gasGiven, `${at} gasGiven = child gasAvailable`).to.equal(c.gasAvailable);
  expect(r.gasUsed, `${at} gasUsed`).to.equal(c.gasUsed);
  expect(r.success, `${at} success`).to.equal(c.status === 1n);
  expect(c.origin).to.equal(p.origin);
  expect(c.gasPrice).to.equal(p.gasPrice);
  if (r.op === "CREATE" || r.op === "CREATE2") {
    expect(c.to, `${at} creation frame`).to.equal("0x0000000000000000000000000000000000000000");
    expect(keccak256(c.calldata), `${at} initCodeHash`).to.equal(r.initCodeHash);
    expect(c.caller).to.equal(p.context);
    expect(c.callvalue).to.equal(r.value);
    if (c.status === 1n) expect(c.context, `${at} created`).to.equal(r.created);
    expect(r.returndata, `${at} returndata`).to.equal(c.status === 0n ? r.returndata : "0x");
    if (c.status === 0n) expect(keccak256(r.returndata as string)).to.equal(c.returndataHash);
    return;
  }
  const delegate = r.delegate as string;
  expect(c.to, `${at} to`).to.equal(
    delegate !== "0x0000000000000000000000000000000000000000" ? delegate : r.address,
  );
  expect(keccak256(c.calldata), `${at} argsHash`).to.equal(r.argsHash);
  expect(c.status === 2n ? r.returndata : keccak256(r.returndata as string), `${at} returndata`).to.equal(
    c.status === 2n ? "0x" : c.returndataHash,
  );
  expect(c.isStatic, `${at} isStatic`).to.equal(p.isStatic || r.op === "STATICCALL");
  switch (r.op) {
    case "CALL":
      expect([c.caller, c.context, c.callvalue]).to.deep.equal([p.context, r.address, r.value]);
      break;
    case "STATICCALL":
      expect([c.caller, c.context, c.callvalue]).to.deep.equal([p.context, r.address, 0n]);
      break;
    case "CALLCODE":
      expect([c.caller, c.context, c.callvalue]).to.deep.equal([p.context, p.context, r.value]);
      break;
    case "DELEGATECALL":
      expect([c.caller, c.context, c.callvalue]).to.deep.equal([p.caller, p.context, p.callvalue]);
      break;
  }
}
