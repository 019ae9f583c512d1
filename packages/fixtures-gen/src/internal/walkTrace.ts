import {
  type AccessWitness,
  FrameStatus,
  type MessageWitness,
  OPCODES,
  type RecordMnemonic,
  STATIC_FORBIDDEN,
  opcodeInfo,
  recordSchema,
} from "@iso-hypervisor/sdk";
import { getCreate2Address, getCreateAddress, keccak256 } from "ethers";
import { TraceError, UnrecordableError } from "../errors";
import type { RecordedFrame, TraceStep } from "../types";
import {
  CALL_NEW_ACCOUNT_GAS,
  CALL_STIPEND,
  CALL_VALUE_TRANSFER_GAS,
  CODE_DEPOSIT_GAS,
  COLD_ACCOUNT_ACCESS_COST,
  COLD_SLOAD_COST,
  COPY_WORD_GAS,
  CREATE_GAS,
  INITCODE_WORD_GAS,
  KECCAK_WORD_GAS,
  MAX_CODE_SIZE,
  SELFDESTRUCT_GAS,
  SSTORE_CLEARS_SCHEDULE,
  SSTORE_RESET_GAS,
  SSTORE_SET_GAS,
  WARM_STORAGE_READ_COST,
  allButOne64th,
  isPrecompile,
  memoryExpansion,
  wordsFor,
} from "./gas";
import {
  EMPTY_HASH,
  type Hex,
  MAX_MEMORY_REGION,
  ZERO_ADDRESS,
  ZERO_WORD,
  byteLength,
  hexToBigint,
  memorySlice,
  wordHex,
  wordToAddress,
} from "./hex";

/** The transaction facts the walker needs (from eth_getTransactionByHash, the receipt and the blocks). */
export interface TxInfo {
  hash: Hex;
  index: number;
  from: Hex;
  /** null for a contract creation. */
  to: Hex | null;
  input: Hex;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  /** For a creation: the new account (sender + nonce; receipt.contractAddress, when given, agrees). */
  created: Hex | null;
  receiptStatus: number;
  receiptGasUsed: bigint;
  parentStateRoot: Hex;
  /** Transaction type (2930 access lists and 7702 authorizations change the warm sets). */
  type: number;
  /** The block's beneficiary: warm from the start (EIP-3651). */
  coinbase: Hex;
  /** EIP-2930 access list: these slots start warm. */
  accessList: ReadonlyArray<{ address: Hex; storageKeys: readonly Hex[] }>;
}

/** Facts about state the trace does not carry, answered by the node. */
export interface NodeFacts {
  /** Code of `address` at the end of the transaction's block. */
  code(address: Hex): Promise<Hex>;
  /** Value of a slot at the start of the transaction. */
  storageAtStart(address: Hex, slot: bigint): Promise<bigint>;
  /** Whether the account is non-empty (EIP-161) at the start of the transaction. */
  existsAtStart(address: Hex): Promise<boolean>;
  /** Nonce of the account at the start of the transaction. */
  nonceAtStart(address: Hex): Promise<bigint>;
  /** Output of a precompile (pure) for `input`, run with `gas`. */
  precompile(address: Hex, input: Hex, gas: bigint): Promise<Hex>;
  /** Balance of the account at the start of the transaction. */
  balanceAtStart(address: Hex): Promise<bigint>;
}

type CallOp = "CALL" | "CALLCODE" | "DELEGATECALL" | "STATICCALL";
type CreateOp = "CREATE" | "CREATE2";

interface PendingRecord {
  kind: "record";
  step: TraceStep;
  mnemonic: string;
  facts: Record<string, unknown>;
  /** Name of the field taken from the top of the next step's stack, and its type. */
  result: { name: string; type: "word" | "bytes32" };
}

interface PendingCall {
  kind: "call";
  step: TraceStep;
  op: CallOp;
  operand: bigint;
  address: Hex;
  value: bigint;
  args: Hex;
  memExp: bigint;
  delegate: Hex;
  /** Where the caller wants the output. */
  retOffset: bigint;
  retSize: bigint;
  /** Warmth of the callee and of its delegate as the walk tracked them before the call. */
  trackedWarm: boolean;
  trackedDelegateWarm: boolean;
  child?: Frame;
}

interface PendingCreate {
  kind: "create";
  step: TraceStep;
  op: CreateOp;
  value: bigint;
  salt: bigint;
  initCode: Hex;
  base: bigint;
  child?: Frame;
}

type Pending = PendingRecord | PendingCall | PendingCreate;

interface Frame {
  /** Record indices from the top frame (the SDK's WitnessFile.path). */
  indices: number[];
  /** `0` plus the indices, dot separated: the frame's name in messages and file names. */
  path: string;
  depth: number;
  creation: boolean;
  caller: Hex;
  to: Hex;
  /** For a creation frame: unknown (ZERO) until the parent resumes. */
  context: Hex;
  /** Storage key space: the context, or `create:<path>` while a creation frame's address is unknown. */
  space: string;
  callvalue: bigint;
  isStatic: boolean;
  calldata: Hex;
  code: string;
  codeMap: Map<Hex, Hex>;
  gasAvailable: bigint;
  firstStep: number;
  lastStep: number;
  stepCount: number;
  records: AccessWitness[];
  pending?: Pending;
  refund: bigint;
  journal: Array<[string, bigint]>;
  /** Balance changes of this frame (and its successful children): account, delta before. */
  balanceJournal: Array<[Hex, bigint]>;
  /** Slots this frame (and its successful children) made warm: cold again if it fails (EIP-2929). */
  warmed: string[];
  /** Accounts this frame (and its successful children) made warm. */
  warmedAccounts: Hex[];
  status?: FrameStatus;
  gasUsed?: bigint;
  returndata?: Hex;
}

const KNOWN_CODES = new Set(OPCODES.map((o) => o.code));
/** EIP-2200: SSTORE halts when no more than the call stipend is left. */
const SSTORE_SENTRY_GAS = 2300n;
/** EIP-3860: the largest init code. */
const MAX_INITCODE_SIZE = 49152n;
const CALL_OPS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);
const CREATE_OPS = new Set(["CREATE", "CREATE2"]);
/** Records whose one supplied value is the word the opcode pushes. */
const PUSHED: Readonly<Record<string, PendingRecord["result"]>> = {
  BALANCE: { name: "balance", type: "word" },
  EXTCODESIZE: { name: "size", type: "word" },
  EXTCODEHASH: { name: "hash", type: "bytes32" },
  BLOCKHASH: { name: "hash", type: "bytes32" },
  COINBASE: { name: "value", type: "word" },
  TIMESTAMP: { name: "value", type: "word" },
  NUMBER: { name: "value", type: "word" },
  PREVRANDAO: { name: "value", type: "word" },
  GASLIMIT: { name: "value", type: "word" },
  CHAINID: { name: "value", type: "word" },
  SELFBALANCE: { name: "balance", type: "word" },
  BASEFEE: { name: "value", type: "word" },
  BLOBHASH: { name: "hash", type: "bytes32" },
  BLOBBASEFEE: { name: "value", type: "word" },
  SLOAD: { name: "value", type: "bytes32" },
  TLOAD: { name: "value", type: "bytes32" },
};

/**
 * Walks a normalised struct-log trace once and builds the witness of every frame. Every step is
 * attributed to exactly one frame, every record-bearing step yields exactly one record, and every
 * fact is either read from the trace, derived from the gas accounting (and cross-checked), or asked
 * from the node; anything else is a loud TraceError/UnrecordableError naming the step.
 *
 * @example
 * const { frames, unconsumed } = await walkTrace(normalizeStructLogs(raw), txInfo, nodeFacts);
 */
export async function walkTrace(
  steps: readonly TraceStep[],
  tx: TxInfo,
  node: NodeFacts,
): Promise<{ frames: RecordedFrame[]; unconsumed: UnconsumedStep[] }> {
  if (steps.length === 0) return { frames: [], unconsumed: [] };
  const w = new Walker(steps, tx, node);
  const frames = await w.run();
  return { frames, unconsumed: w.unconsumed };
}

/** A record-bearing step that halted before consuming its record (so it has none). */
export interface UnconsumedStep {
  step: number;
  frame: string;
  op: string;
  reason: string;
}

class Walker {
  readonly unconsumed: UnconsumedStep[] = [];
  private readonly frames: Frame[] = [];
  private readonly open: Frame[] = [];
  /** Current value of every slot the transaction touched so far, by `${space}:${slot}`. */
  private readonly current = new Map<string, bigint>();
  /** Value at the start of the transaction, by the same key. */
  private readonly original = new Map<string, bigint>();
  /** Slots accessed so far (EIP-2929), by `${space}:${slot}`, starting with the access list's. */
  private readonly warmSlots = new Set<string>();
  /** Accounts accessed so far (EIP-2929): origin, target, coinbase, access list, then every access. */
  private readonly warmAccounts = new Set<Hex>();
  /** False for EIP-7702 transactions, whose authorities are warm too (not derived here). */
  private readonly accountWarmthKnown: boolean;
  /** Balance change of each account so far in the transaction (journaled like storage). */
  private readonly balanceDelta = new Map<Hex, bigint>();
  /** Balance at the start of the transaction, once known (node, or inferred from BALANCE/SELFBALANCE). */
  private readonly balanceStart = new Map<Hex, bigint>();
  /** Accounts whose balance the walk lost track of (an endowment to a new account of unknown address). */
  private readonly balanceUnknown = new Set<Hex>();
  /** Accounts created in this transaction (they did not exist at its start). */
  private readonly created = new Set<Hex>();
  /** Frame-ending steps the walk found halting although the node reports them like completed ones. */
  private readonly halted = new Set<number>();
  /** CREATE/CREATE2 attempts that bumped the creator's nonce, by creator. */
  private readonly nonceBumps = new Map<Hex, bigint>();

  constructor(
    private readonly steps: readonly TraceStep[],
    private readonly tx: TxInfo,
    private readonly node: NodeFacts,
  ) {
    for (const { address, storageKeys } of tx.accessList) {
      this.warmAccounts.add(address);
      for (const k of storageKeys) this.warmSlots.add(`${address}:${hexToBigint(k)}`);
    }
    for (const a of [tx.from, tx.to ?? tx.created, tx.coinbase]) if (a !== null) this.warmAccounts.add(a);
    this.accountWarmthKnown = tx.type !== 4;
  }

  async run(): Promise<RecordedFrame[]> {
    const { steps } = this;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      if (i === 0) {
        if (s.depth !== 1) throw new TraceError(i, "0", s.op, `the trace starts at depth ${s.depth}`);
        await this.openTop(s);
      } else {
        const prev = steps[i - 1];
        const cur = this.open[this.open.length - 1];
        if (s.depth === prev.depth + 1) {
          await this.openChild(cur, s);
        } else if (s.depth === prev.depth - 1) {
          const child = this.open.pop()!;
          this.closeFrame(child);
          await this.finishChildCall(this.open[this.open.length - 1], child, s);
        } else if (s.depth === prev.depth) {
          if (cur.pending !== undefined) await this.finishPending(cur, s);
        } else {
          throw new TraceError(i, cur.path, s.op, `depth jumps from ${prev.depth} to ${s.depth}`);
        }
      }
      const f = this.open[this.open.length - 1];
      f.lastStep = i;
      f.stepCount++;
      this.checkOpcode(f, s);
      const next = steps[i + 1];
      const last = next === undefined || next.depth < s.depth;
      let halts = last && !endsNormally(s);
      if (last && !halts && s.op === "SELFDESTRUCT" && (await this.selfdestructHalts(f, s))) {
        halts = true;
        this.halted.add(i);
      }
      await this.processStep(f, s, halts);
    }
    const top = this.open.pop()!;
    if (this.open.length !== 0) {
      const last = steps[steps.length - 1];
      throw new TraceError(
        last.index,
        top.path,
        last.op,
        `the trace ends inside frame ${top.path}, not in the top frame`,
      );
    }
    this.closeFrame(top);
    this.checkReceipt(top);
    return this.frames.map((f) => this.toRecorded(f));
  }

  // ---------------------------------------------------------------- frames

  private async openTop(s: TraceStep): Promise<void> {
    const tx = this.tx;
    const creation = tx.to === null;
    let context: Hex;
    let code: Hex;
    if (creation) {
      if (tx.created === null)
        throw new TraceError(0, "0", s.op, "a creation transaction without its address");
      context = tx.created;
      code = tx.input;
      this.created.add(context);
    } else {
      context = tx.to as Hex;
      code = await this.node.code(context);
    }
    // A transaction to an EIP-7702 delegated account runs the delegate's code, and warms the delegate.
    let to = creation ? ZERO_ADDRESS : context;
    const delegate = delegationOf(code);
    if (delegate !== undefined) {
      to = delegate;
      code = await this.node.code(delegate);
      this.warmAccounts.add(delegate);
    }
    const f = this.newFrame([], 1, s, {
      creation,
      caller: tx.from,
      to,
      context,
      callvalue: tx.value,
      isStatic: false,
      calldata: tx.input,
      code,
    });
    if (!creation) f.codeMap.set(to, code);
    // The sender prepays the gas limit at the effective price (not undone by a revert), then sends the value.
    this.balanceDelta.set(tx.from, -(tx.gasLimit * tx.gasPrice));
    this.transfer(f, tx.from, context, tx.value);
  }

  private newFrame(
    indices: number[],
    depth: number,
    s: TraceStep,
    p: Pick<Frame, "creation" | "caller" | "to" | "context" | "callvalue" | "isStatic" | "calldata"> & {
      code: Hex;
    },
  ): Frame {
    const path = ["0", ...indices].join(".");
    const f: Frame = {
      ...p,
      indices,
      path,
      depth,
      space: p.creation && p.context === ZERO_ADDRESS ? `create:${path}` : p.context,
      code: p.code.slice(2).toLowerCase(),
      codeMap: new Map(),
      gasAvailable: s.gas,
      firstStep: s.index,
      lastStep: s.index,
      stepCount: 0,
      records: [],
      refund: 0n,
      journal: [],
      balanceJournal: [],
      warmed: [],
      warmedAccounts: [],
    };
    this.frames.push(f);
    this.open.push(f);
    return f;
  }

  private async openChild(parent: Frame, s: TraceStep): Promise<void> {
    const p = parent.pending;
    const prev = this.steps[s.index - 1];
    if (p === undefined || p.kind === "record" || p.step !== prev) {
      throw new TraceError(s.index, parent.path, s.op, `depth grows after ${prev.op}, which starts no frame`);
    }
    // The call's record will be the parent's next one: nothing else is recorded before the call returns.
    const indices = [...parent.indices, parent.records.length];
    if (p.kind === "call") {
      const codeAddress = p.delegate !== ZERO_ADDRESS ? p.delegate : p.address;
      const code = await this.node.code(codeAddress);
      const keepsContext = p.op === "DELEGATECALL" || p.op === "CALLCODE";
      const child = this.newFrame(indices, parent.depth + 1, s, {
        creation: false,
        caller: p.op === "DELEGATECALL" ? parent.caller : parent.context,
        to: codeAddress,
        context: keepsContext ? parent.context : p.address,
        callvalue: p.op === "DELEGATECALL" ? parent.callvalue : p.value,
        isStatic: parent.isStatic || p.op === "STATICCALL",
        calldata: p.args,
        code,
      });
      child.codeMap.set(codeAddress, code);
      if (p.op === "CALL") this.transfer(child, parent.context, p.address, p.value);
      p.child = child;
    } else {
      // The new account is known before its init code runs when the walk can derive it; it is
      // accessed (warm) by the creator from then on (EIP-2929).
      const address = await this.newAccountAddress(parent, p);
      if (address !== undefined) this.warm(parent, address);
      p.child = this.newFrame(indices, parent.depth + 1, s, {
        creation: true,
        caller: parent.context,
        to: ZERO_ADDRESS,
        context: address ?? ZERO_ADDRESS,
        callvalue: p.value,
        isStatic: parent.isStatic,
        calldata: p.initCode,
        code: p.initCode,
      });
      if (address !== undefined) this.transfer(p.child, parent.context, address, p.value);
      else if (p.value > 0n) this.balanceUnknown.add(parent.context);
    }
  }

  /** EIP-1014 / Yellow Paper address of the account a CREATE/CREATE2 makes, when derivable. */
  private async newAccountAddress(parent: Frame, p: PendingCreate): Promise<Hex | undefined> {
    if (p.op === "CREATE2") {
      return getCreate2Address(parent.context, wordHex(p.salt), keccak256(p.initCode)).toLowerCase() as Hex;
    }
    const bumps = this.nonceBumps.get(parent.context) ?? 0n;
    // A contract made in this transaction starts at nonce 1 (EIP-161).
    const fresh =
      this.created.has(parent.context) ||
      this.open.some((fr) => fr.creation && fr.context === parent.context);
    if (fresh) return getCreateAddress({ from: parent.context, nonce: 1n + bumps }).toLowerCase() as Hex;
    try {
      const nonce = (await this.node.nonceAtStart(parent.context)) + bumps;
      return getCreateAddress({ from: parent.context, nonce }).toLowerCase() as Hex;
    } catch (e) {
      // Not derivable (a later transaction of its block on a node without prestateTracer):
      // the address is learned when CREATE pushes it, and a failed CREATE is then unrecordable.
      if (e instanceof UnrecordableError) return undefined;
      throw e;
    }
  }

  /** Status, gas used and return data of a frame from its last step. */
  private closeFrame(f: Frame): void {
    const L = this.steps[f.lastStep];
    const err = (d: string) => new TraceError(L.index, f.path, L.op, d);
    if (f.pending !== undefined) throw err("the frame ends on a step whose result the trace does not show");
    const halt = () => {
      f.status = FrameStatus.Halt;
      f.gasUsed = f.gasAvailable;
      f.returndata = "0x";
    };
    if (L.op === "RETURN" || L.op === "REVERT") {
      this.closeOnReturn(f, L, halt);
    } else if (!endsNormally(L) || this.halted.has(L.index)) {
      halt();
    } else {
      f.status = FrameStatus.Success;
      f.gasUsed = f.gasAvailable - (L.gas - L.gasCost);
      f.returndata = "0x";
    }
    if (f.status !== FrameStatus.Success) {
      for (let j = f.journal.length - 1; j >= 0; j--) this.current.set(f.journal[j][0], f.journal[j][1]);
      for (let j = f.balanceJournal.length - 1; j >= 0; j--) {
        this.balanceDelta.set(f.balanceJournal[j][0], f.balanceJournal[j][1]);
      }
      f.balanceJournal = [];
      for (const k of f.warmed) this.warmSlots.delete(k);
      for (const a of f.warmedAccounts) this.warmAccounts.delete(a);
      f.journal = [];
      f.warmed = [];
      f.warmedAccounts = [];
      f.refund = 0n;
    }
  }

  /**
   * A frame whose last step is RETURN or REVERT. Whether the step completes is computed from its
   * memory expansion, not read from the node: a step that cannot pay for it (a region near 2^256, or
   * one gas short) halts exceptionally and its memory is never read, and the nodes report that step
   * differently (Hardhat: no `error`, `gasCost` 0 or the full cost; anvil: an `error`). The node's
   * report must agree with the computation. A creation's RETURN then pays the code deposit, and
   * EIP-170/3541 apply (halts).
   */
  private closeOnReturn(f: Frame, L: TraceStep, halt: () => void): void {
    const err = (d: string) => new TraceError(L.index, f.path, L.op, d);
    // Stack underflow: the step halts before it reads its operands.
    if (L.stack.length < 2) {
      halt();
      return;
    }
    const offset = top(L, 0, f);
    const size = top(L, 1, f);
    const cost = memoryExpansion(L.memory.length / 2, [[offset, size]]);
    const nodeFailed = L.error !== undefined && !(L.op === "REVERT" && /revert/i.test(L.error));
    if (cost > L.gas) {
      if (L.gasCost !== 0n && L.gasCost !== cost && L.gasCost <= L.gas)
        throw err(`the memory expansion costs ${cost} of ${L.gas} gas left, the node says ${L.gasCost}`);
      halt();
      return;
    }
    let left = L.gas - cost;
    const returndata = this.region(f, L, offset, size, "the return data");
    if (f.creation && L.op === "RETURN") {
      const n = byteLength(returndata);
      const deposit = CODE_DEPOSIT_GAS * BigInt(n);
      if (n > MAX_CODE_SIZE || returndata.startsWith("0xef") || deposit > left) {
        // A failed deposit: the nodes report the RETURN with gasCost 0 or its memory cost.
        if (L.gasCost !== 0n && L.gasCost !== cost)
          throw err(`the memory expansion costs ${cost}, the node says ${L.gasCost}`);
        halt();
        return;
      }
      left -= deposit;
    }
    if (nodeFailed) throw err(`the node reports ${L.error}, but the step's ${cost} gas fits in ${L.gas}`);
    if (L.gasCost !== cost) throw err(`the memory expansion costs ${cost}, the node says ${L.gasCost}`);
    f.status = L.op === "REVERT" ? FrameStatus.Revert : FrameStatus.Success;
    f.gasUsed = f.gasAvailable - left;
    f.returndata = returndata;
  }

  // ---------------------------------------------------------------- steps

  /**
   * `size` bytes of the step's memory at `offset` (zeros past msize, at any offset). A region larger
   * than any frame can pay for (only a step that halts on its memory expansion names one) has
   * contents too big to hash: an UnrecordableError naming the step, never a guess.
   */
  private region(f: Frame, s: TraceStep, offset: bigint, size: bigint, what: string): Hex {
    if (size > MAX_MEMORY_REGION) {
      throw new UnrecordableError(
        `${what} at step ${s.index} (frame ${f.path}, ${s.op})`,
        `the region ${offset}+${size} is over ${MAX_MEMORY_REGION} bytes (the step halts on its memory expansion, and its record would hash the region)`,
      );
    }
    return memorySlice(s.memory, offset, size);
  }

  private checkOpcode(f: Frame, s: TraceStep): void {
    const at = s.pc * 2;
    if (at >= f.code.length) {
      if (s.op !== "STOP")
        throw new TraceError(
          s.index,
          f.path,
          s.op,
          `pc ${s.pc} is past the end of the code, but the op is not STOP`,
        );
      return;
    }
    const byte = Number.parseInt(f.code.slice(at, at + 2), 16);
    if (s.opcode === undefined) {
      if (recordSchema(byte) !== undefined || OPCODE_KNOWN(byte)) {
        throw new TraceError(
          s.index,
          f.path,
          s.op,
          `the node names an opcode the table lacks, but the code has 0x${byte.toString(16)}`,
        );
      }
    } else if (s.opcode !== byte) {
      throw new TraceError(
        s.index,
        f.path,
        s.op,
        `the code of ${f.to} has 0x${byte.toString(16)} at pc ${s.pc}`,
      );
    }
  }

  private async processStep(f: Frame, s: TraceStep, halts: boolean): Promise<void> {
    const op = s.op;
    if (s.opcode === undefined || recordSchema(s.opcode) === undefined) return;
    if (halts) return this.haltingRecord(f, s);
    if (CALL_OPS.has(op)) return this.startCall(f, s, op as CallOp);
    if (CREATE_OPS.has(op)) return this.startCreate(f, s, op as CreateOp);
    const facts: Record<string, unknown> = {};
    const addressArg = () => wordToAddress(top(s, 0, f));
    const warmAccount = (accessCost: bigint) => warmFrom(accessCost, COLD_ACCOUNT_ACCESS_COST, s, f);
    switch (op) {
      case "BALANCE":
      case "EXTCODESIZE":
      case "EXTCODEHASH":
        facts.address = addressArg();
        facts.warm = this.touchAccount(f, s, addressArg(), warmAccount(s.gasCost));
        break;
      case "EXTCODECOPY": {
        const address = addressArg();
        const dest = top(s, 1, f);
        const size = top(s, 3, f);
        facts.address = address;
        facts.codeOffset = top(s, 2, f);
        facts.size = size;
        const variable =
          COPY_WORD_GAS * ((size + 31n) / 32n) + memoryExpansion(s.memory.length / 2, [[dest, size]]);
        facts.warm = this.touchAccount(f, s, address, warmAccount(s.gasCost - variable));
        f.codeMap.set(address, await this.node.code(address));
        break;
      }
      case "BLOCKHASH":
        facts.number = top(s, 0, f);
        break;
      case "BLOBHASH":
        facts.index = top(s, 0, f);
        break;
      case "SLOAD":
        facts.key = wordHex(top(s, 0, f));
        facts.warm = this.touchSlot(f, s, top(s, 0, f), warmFrom(s.gasCost, COLD_SLOAD_COST, s, f));
        break;
      case "TLOAD":
        facts.key = wordHex(top(s, 0, f));
        break;
      case "SSTORE":
        await this.sstore(f, s, facts);
        break;
      case "TSTORE":
        facts.key = wordHex(top(s, 0, f));
        facts.value = wordHex(top(s, 1, f));
        break;
      case "LOG0":
      case "LOG1":
      case "LOG2":
      case "LOG3":
      case "LOG4": {
        const n = Number(op.slice(3));
        facts.dataHash = keccak256(this.region(f, s, top(s, 0, f), top(s, 1, f), "the log data"));
        for (let t = 0; t < n; t++) facts[`topic${t}`] = wordHex(top(s, 2 + t, f));
        break;
      }
      case "SELFDESTRUCT":
        await this.selfdestruct(f, s, facts, undefined);
        break;
      default:
        break;
    }
    const result = PUSHED[op];
    if (result !== undefined) {
      f.pending = { kind: "record", step: s, mnemonic: op, facts, result };
    } else {
      this.pushRecord(f, s, op, facts);
    }
  }

  private async sstore(f: Frame, s: TraceStep, facts: Record<string, unknown>): Promise<void> {
    const slot = top(s, 0, f);
    const value = top(s, 1, f);
    const key = `${f.space}:${slot}`;
    const err = (d: string) => new TraceError(s.index, f.path, "SSTORE", `slot ${wordHex(slot)}: ${d}`);
    let current = this.current.get(key);
    let original = this.original.get(key);
    let warm: boolean;
    if (current === undefined || original === undefined) {
      // First touch in the transaction: current == original; the gas says which case it is.
      const cases: Record<string, [boolean, "same" | "zero" | "nonzero"]> = {
        [`${WARM_STORAGE_READ_COST}`]: [true, "same"],
        [`${WARM_STORAGE_READ_COST + COLD_SLOAD_COST}`]: [false, "same"],
        [`${SSTORE_SET_GAS}`]: [true, "zero"],
        [`${SSTORE_SET_GAS + COLD_SLOAD_COST}`]: [false, "zero"],
        [`${SSTORE_RESET_GAS}`]: [true, "nonzero"],
        [`${SSTORE_RESET_GAS + COLD_SLOAD_COST}`]: [false, "nonzero"],
      };
      const c = cases[`${s.gasCost}`];
      if (c === undefined) throw err(`gas cost ${s.gasCost} fits no EIP-2200/2929 case of a first store`);
      warm = c[0];
      if (c[1] === "same") current = value;
      else if (c[1] === "zero") current = 0n;
      else
        current =
          f.creation || this.created.has(f.context) ? 0n : await this.node.storageAtStart(f.context, slot);
      if (c[1] === "zero" && value === 0n) throw err("gas says zero to nonzero, but the value is zero");
      if (c[1] === "nonzero" && (current === 0n || current === value)) {
        throw err(
          `gas says a clean nonzero slot, but the node says its value at the start was ${wordHex(current)}`,
        );
      }
      original = current;
      this.original.set(key, original);
    } else {
      const base = sstoreBase(original, current, value);
      if (s.gasCost === base) warm = true;
      else if (s.gasCost === base + COLD_SLOAD_COST) warm = false;
      else
        throw err(
          `gas cost ${s.gasCost} fits neither warm nor cold (${base}) for original ${original}, current ${current}`,
        );
    }
    facts.key = wordHex(slot);
    facts.value = wordHex(value);
    facts.original = wordHex(original);
    facts.current = wordHex(current);
    facts.warm = this.touchSlot(f, s, slot, warm);
    const delta = sstoreRefund(original, current, value);
    // Nodes that report the refund counter (anvil, geth) confirm original/current step by step.
    const next = this.steps[s.index + 1];
    if (s.refund !== undefined && next?.refund !== undefined && next.refund - s.refund !== delta) {
      throw err(
        `the node's refund counter moves by ${next.refund - s.refund}, EIP-3529 with original ${original}, current ${current} gives ${delta}`,
      );
    }
    f.refund += delta;
    f.journal.push([key, current]);
    this.current.set(key, value);
  }

  private async startCall(f: Frame, s: TraceStep, op: CallOp): Promise<void> {
    const withValue = op === "CALL" || op === "CALLCODE";
    const operand = top(s, 0, f);
    const address = wordToAddress(top(s, 1, f));
    const value = withValue ? top(s, 2, f) : 0n;
    const a = withValue ? 3 : 2;
    const argsOffset = top(s, a, f);
    const argsSize = top(s, a + 1, f);
    const retOffset = top(s, a + 2, f);
    const retSize = top(s, a + 3, f);
    const memExp = memoryExpansion(s.memory.length / 2, [
      [argsOffset, argsSize],
      [retOffset, retSize],
    ]);
    let delegate: Hex = ZERO_ADDRESS;
    if (!isPrecompile(hexToBigint(address))) {
      const code = await this.node.code(address);
      delegate = delegationOf(code) ?? ZERO_ADDRESS;
    }
    // The callee (and its delegate) are accessed by the caller, before the child runs (EIP-2929/7702).
    const trackedWarm = this.isWarm(address);
    const trackedDelegateWarm = delegate !== ZERO_ADDRESS && this.isWarm(delegate);
    this.warm(f, address);
    if (delegate !== ZERO_ADDRESS) this.warm(f, delegate);
    f.pending = {
      kind: "call",
      step: s,
      op,
      operand,
      address,
      value,
      args: this.region(f, s, argsOffset, argsSize, "the call's input"),
      memExp,
      delegate,
      retOffset,
      retSize,
      trackedWarm,
      trackedDelegateWarm,
    };
  }

  private async startCreate(f: Frame, s: TraceStep, op: CreateOp): Promise<void> {
    const value = top(s, 0, f);
    const offset = top(s, 1, f);
    const size = top(s, 2, f);
    const salt = op === "CREATE2" ? top(s, 3, f) : 0n;
    const words = (size + 31n) / 32n;
    const base =
      CREATE_GAS +
      INITCODE_WORD_GAS * words +
      (op === "CREATE2" ? KECCAK_WORD_GAS * words : 0n) +
      memoryExpansion(s.memory.length / 2, [[offset, size]]);
    f.pending = {
      kind: "create",
      step: s,
      op,
      value,
      salt,
      initCode: this.region(f, s, offset, size, "the init code"),
      base,
    };
  }

  /** Moves `value` from one account to another inside frame `f` (undone if `f` fails). */
  private transfer(f: Frame, from: Hex, to: Hex, value: bigint): void {
    if (value === 0n || from === to) return;
    this.credit(f, from, -value);
    this.credit(f, to, value);
  }

  private credit(f: Frame, account: Hex, amount: bigint): void {
    const before = this.balanceDelta.get(account) ?? 0n;
    f.balanceJournal.push([account, before]);
    this.balanceDelta.set(account, before + amount);
  }

  /** The account's balance now: its balance at the start of the transaction plus the tracked changes. */
  private async balanceNow(account: Hex, what: string): Promise<bigint> {
    if (this.balanceUnknown.has(account)) {
      throw new UnrecordableError(
        what,
        `the walk lost track of ${account}'s balance (endowment to an underivable address)`,
      );
    }
    if (this.tx.type === 3 && account === this.tx.from) {
      throw new UnrecordableError(
        what,
        "the sender of a blob transaction also pays blob gas, which the walk does not track",
      );
    }
    let start = this.balanceStart.get(account);
    if (start === undefined) {
      start = this.created.has(account) ? 0n : await this.node.balanceAtStart(account);
      this.balanceStart.set(account, start);
    }
    return start + (this.balanceDelta.get(account) ?? 0n);
  }

  /** A balance the guest read: checks the tracker (or, with no start known, teaches it). */
  private async observeBalance(s: TraceStep, f: Frame, account: Hex, value: bigint): Promise<void> {
    if (this.balanceUnknown.has(account)) return;
    const delta = this.balanceDelta.get(account) ?? 0n;
    if (!this.balanceStart.has(account) && this.tx.index !== 0 && !this.created.has(account)) {
      this.balanceStart.set(account, value - delta);
      return;
    }
    const tracked = await this.balanceNow(account, `the balance of ${account}`);
    if (tracked !== value) {
      throw new TraceError(
        s.index,
        f.path,
        s.op,
        `${account} has balance ${value}, the walk tracked ${tracked}`,
      );
    }
  }

  /** Whether the account is non-empty (EIP-161) now, as far as a call with no value needs it. */
  private async accountExists(account: Hex): Promise<boolean> {
    if (this.created.has(account) || (this.balanceDelta.get(account) ?? 0n) > 0n) return true;
    return this.node.existsAtStart(account);
  }

  /**
   * SELFDESTRUCT (EIP-6780): its facts, its cost, and the balance it moves. With `warm` given (a
   * halting step), the cost is computed from the walk; otherwise warmth and existence come from the
   * step's gas cost and are cross-checked.
   */
  private async selfdestruct(
    f: Frame,
    s: TraceStep,
    facts: Record<string, unknown>,
    warm: boolean | undefined,
  ): Promise<bigint> {
    const beneficiary = wordToAddress(top(s, 0, f));
    const balance = await this.balanceNow(
      f.context,
      `the balance SELFDESTRUCT moves at step ${s.index} (frame ${f.path})`,
    );
    let exists: boolean;
    let isWarm: boolean;
    if (warm === undefined) {
      const extra = s.gasCost - SELFDESTRUCT_GAS;
      const fits: Array<[boolean, boolean]> = [];
      for (const w of [true, false]) {
        for (const e of [true, false]) {
          const cost = (w ? 0n : COLD_ACCOUNT_ACCESS_COST) + (balance > 0n && !e ? CALL_NEW_ACCOUNT_GAS : 0n);
          if (cost === extra) fits.push([w, e]);
        }
      }
      if (fits.length === 0) {
        throw new TraceError(
          s.index,
          f.path,
          s.op,
          `gas cost ${s.gasCost} fits no case for a balance of ${balance}`,
        );
      }
      isWarm = fits[0][0];
      // Existence only shows in the gas when a balance moves; otherwise ask.
      exists = balance > 0n ? fits[0][1] : await this.accountExists(beneficiary);
      this.touchAccount(f, s, beneficiary, isWarm);
    } else {
      isWarm = warm;
      exists = await this.accountExists(beneficiary);
    }
    Object.assign(facts, { beneficiary, warm: isWarm, exists, balance });
    if (warm === undefined) {
      if (beneficiary !== f.context) this.transfer(f, f.context, beneficiary, balance);
      else if (this.created.has(f.context) || f.creation) this.credit(f, f.context, -balance);
    }
    return (
      SELFDESTRUCT_GAS +
      (isWarm ? 0n : COLD_ACCOUNT_ACCESS_COST) +
      (balance > 0n && !exists ? CALL_NEW_ACCOUNT_GAS : 0n)
    );
  }

  /**
   * Whether a SELFDESTRUCT that ends its frame, with no `error` and a `gasCost` within the gas left,
   * halts all the same. Hardhat reports a halting SELFDESTRUCT with no error: gasCost 0 on a stack
   * underflow or in a static frame, gasCost = all the gas left when it runs out of gas (anvil adds an
   * error to each). Out of gas and exactly enough gas look alike there: the walk's cost (tracked
   * warmth, existence, balance) decides; without tracked warmth both warmths must agree, else the
   * step is unrecordable.
   */
  private async selfdestructHalts(f: Frame, s: TraceStep): Promise<boolean> {
    if (s.stack.length < 1 || f.isStatic) return true;
    if (s.gasCost !== s.gas) return false;
    const beneficiary = wordToAddress(top(s, 0, f));
    const warmths = this.accountWarmthCertain() ? [this.isWarm(beneficiary)] : [true, false];
    const costs: bigint[] = [];
    for (const w of warmths) costs.push(await this.selfdestruct(f, s, {}, w));
    if (costs.every((c) => c > s.gas)) return true;
    if (costs.every((c) => c === s.gas)) return false;
    if (costs.length === 1) {
      throw new TraceError(
        s.index,
        f.path,
        s.op,
        `the node's gas cost ${s.gasCost} is all the gas left, the walk's cost is ${costs[0]}`,
      );
    }
    throw new UnrecordableError(
      `whether SELFDESTRUCT at step ${s.index} (frame ${f.path}) runs out of gas`,
      `it costs ${costs.join(" or ")} of ${s.gas} gas left, and the beneficiary's warmth is not known to the walk`,
    );
  }

  private isWarm(address: Hex): boolean {
    return this.warmAccounts.has(address) || isPrecompile(hexToBigint(address));
  }

  private warm(f: Frame, address: Hex): void {
    if (this.isWarm(address)) return;
    this.warmAccounts.add(address);
    f.warmedAccounts.push(address);
  }

  /**
   * Warmth by gas must equal warmth by the walk, unless the walk cannot know it: an EIP-7702
   * transaction, or inside a creation frame whose address is not known yet.
   */
  private accountWarmthCertain(): boolean {
    return this.accountWarmthKnown && this.open.every((fr) => fr.context !== ZERO_ADDRESS);
  }

  /** Marks an account accessed, cross-checking the warmth the gas says with the walk's. */
  private touchAccount(f: Frame, s: TraceStep, address: Hex, warmByGas: boolean): boolean {
    const tracked = this.isWarm(address);
    if (tracked !== warmByGas && this.accountWarmthCertain()) {
      throw new TraceError(
        s.index,
        f.path,
        s.op,
        `account ${address} is ${warmByGas ? "warm" : "cold"} by gas, ${tracked ? "warm" : "cold"} by the walk`,
      );
    }
    this.warm(f, address);
    return warmByGas;
  }

  private checkCallWarmth(p: PendingCall, shape: CallShape, err: (d: string) => Error): void {
    if (!this.accountWarmthCertain()) return;
    if (shape.warm !== p.trackedWarm) {
      throw err(
        `callee ${p.address} is ${shape.warm ? "warm" : "cold"} by gas, ${p.trackedWarm ? "warm" : "cold"} by the walk`,
      );
    }
    if (p.delegate !== ZERO_ADDRESS && shape.delegateWarm !== p.trackedDelegateWarm) {
      throw err(`delegate ${p.delegate} is ${shape.delegateWarm ? "warm" : "cold"} by gas, not by the walk`);
    }
  }

  /**
   * Marks a slot accessed, checking the warmth the gas says against the warmth the walk tracked
   * (access list, earlier accesses, reverts): two independent derivations that must agree.
   */
  private touchSlot(f: Frame, s: TraceStep, slot: bigint, warmByGas: boolean): boolean {
    const key = `${f.space}:${slot}`;
    const tracked = this.warmSlots.has(key);
    if (tracked !== warmByGas) {
      throw new TraceError(
        s.index,
        f.path,
        s.op,
        `slot ${wordHex(slot)} is ${warmByGas ? "warm" : "cold"} by gas, ${tracked ? "warm" : "cold"} by the walk`,
      );
    }
    if (!tracked) {
      this.warmSlots.add(key);
      f.warmed.push(key);
    }
    return warmByGas;
  }

  /**
   * A record-bearing step that halts the frame exceptionally. docs/witness-format.md ("When a record
   * is consumed"): checks that need no record come first, in go-ethereum's order (stack, static
   * rule, the SSTORE stipend sentry and the init code limit, the constant gas); a halt there consumes
   * no record. Otherwise the step ran out of gas on its full cost, priced with its record: the record
   * is written with the facts the walk tracked, and call/create outcome fields zero.
   */
  private async haltingRecord(f: Frame, s: TraceStep): Promise<void> {
    const op = s.op;
    const info = opcodeInfo(s.opcode!)!;
    const n = s.stack.length;
    const skip = (reason: string) => {
      this.unconsumed.push({ step: s.index, frame: f.path, op, reason });
    };
    if (n < info.inputs) return skip("stack underflow");
    if (n - info.inputs + info.outputs > 1024) return skip("stack overflow");
    const sendsValue = op === "CALL" && top(s, 2, f) !== 0n;
    if (f.isStatic && (STATIC_FORBIDDEN.has(op as RecordMnemonic) || sendsValue))
      return skip("state change in a static frame");
    if (op === "SSTORE" && s.gas <= SSTORE_SENTRY_GAS) return skip("SSTORE with gas left <= 2300 (EIP-2200)");
    if (CREATE_OPS.has(op) && top(s, 2, f) > MAX_INITCODE_SIZE)
      return skip("init code over 49152 bytes (EIP-3860)");
    if (s.gas < BigInt(info.staticGas)) return skip("out of gas on the constant gas");

    const unrecordable = (why: string) =>
      new UnrecordableError(
        `the record of step ${s.index} (frame ${f.path}, ${op}), which runs out of gas`,
        why,
      );
    const outOfGas = (cost: bigint) => {
      if (cost <= s.gas) {
        throw new TraceError(
          s.index,
          f.path,
          op,
          `the frame halts here, but the step costs ${cost} of ${s.gas} gas left`,
        );
      }
    };
    const msize = s.memory.length / 2;
    const facts: Record<string, unknown> = {};
    if (op === "SLOAD" || op === "SSTORE") {
      const slot = top(s, 0, f);
      const key = `${f.space}:${slot}`;
      let current = this.current.get(key);
      let original = this.original.get(key);
      if (current === undefined || original === undefined) {
        current =
          f.creation || this.created.has(f.context) ? 0n : await this.node.storageAtStart(f.context, slot);
        original = current;
      }
      const warm = this.warmSlots.has(key);
      facts.key = wordHex(slot);
      facts.warm = warm;
      const access = warm ? 0n : COLD_SLOAD_COST;
      if (op === "SLOAD") {
        facts.value = wordHex(current);
        outOfGas(access + WARM_STORAGE_READ_COST);
      } else {
        const value = top(s, 1, f);
        facts.value = wordHex(value);
        facts.original = wordHex(original);
        facts.current = wordHex(current);
        outOfGas(access + sstoreBase(original, current, value));
      }
    } else if (op.startsWith("LOG")) {
      const topics = Number(op.slice(3));
      const offset = top(s, 0, f);
      const size = top(s, 1, f);
      facts.dataHash = keccak256(this.region(f, s, offset, size, "the log data"));
      for (let t = 0; t < topics; t++) facts[`topic${t}`] = wordHex(top(s, 2 + t, f));
      outOfGas(375n + 375n * BigInt(topics) + 8n * size + memoryExpansion(msize, [[offset, size]]));
    } else if (op === "EXTCODECOPY") {
      if (!this.accountWarmthCertain()) throw unrecordable("the account's warmth is not known to the walk");
      const address = wordToAddress(top(s, 0, f));
      const dest = top(s, 1, f);
      const size = top(s, 3, f);
      const warm = this.isWarm(address);
      Object.assign(facts, { address, codeOffset: top(s, 2, f), size, warm });
      f.codeMap.set(address, await this.node.code(address));
      outOfGas(
        (warm ? WARM_STORAGE_READ_COST : COLD_ACCOUNT_ACCESS_COST) +
          COPY_WORD_GAS * ((size + 31n) / 32n) +
          memoryExpansion(msize, [[dest, size]]),
      );
    } else if (CALL_OPS.has(op)) {
      if (!this.accountWarmthCertain()) throw unrecordable("the callee's warmth is not known to the walk");
      await this.startCall(f, s, op as CallOp);
      const p = f.pending as unknown as PendingCall;
      f.pending = undefined;
      let exists: boolean | undefined;
      if (op === "CALL") exists = this.created.has(p.address) || (await this.node.existsAtStart(p.address));
      const shape: CallShape = {
        warm: p.trackedWarm,
        exists: p.value > 0n && op === "CALL" ? exists! : null,
        delegateWarm: p.trackedDelegateWarm,
      };
      outOfGas(callBase(p, shape));
      this.pushCallRecord(f, p, {
        gasGiven: 0n,
        warm: p.trackedWarm,
        exists,
        delegateWarm: p.trackedDelegateWarm,
        success: false,
        gasUsed: 0n,
        refund: 0n,
        returndata: "0x",
      });
      return;
    } else if (CREATE_OPS.has(op)) {
      await this.startCreate(f, s, op as CreateOp);
      const p = f.pending as unknown as PendingCreate;
      f.pending = undefined;
      outOfGas(p.base);
      this.pushRecord(f, s, op, {
        value: p.value,
        salt: wordHex(p.salt),
        initCodeHash: keccak256(p.initCode),
        gasGiven: 0n,
        created: ZERO_ADDRESS,
        success: false,
        gasUsed: 0n,
        refund: 0n,
        returndata: "0x",
      });
      return;
    } else {
      if (op === "SELFDESTRUCT") {
        if (!this.accountWarmthCertain())
          throw unrecordable("the beneficiary's warmth is not known to the walk");
        const beneficiary = wordToAddress(top(s, 0, f));
        const cost = await this.selfdestruct(f, s, facts, this.isWarm(beneficiary));
        outOfGas(cost);
        this.pushRecord(f, s, op, facts);
        return;
      }
      // BALANCE, EXTCODESIZE/HASH: the value the record supplies is not in the trace.
      // Everything else (block values, TLOAD, TSTORE, SELFBALANCE, ...) has no dynamic cost.
      throw unrecordable("the recorder derives no record for this halting opcode");
    }
    this.pushRecord(f, s, op, facts);
  }

  /** The next step of the same frame: supplies the pending record's result. */
  private async finishPending(f: Frame, r: TraceStep): Promise<void> {
    const p = f.pending!;
    f.pending = undefined;
    if (p.kind === "record") {
      const w = top(r, 0, f);
      p.facts[p.result.name] = p.result.type === "bytes32" ? wordHex(w) : w;
      if (p.mnemonic === "SLOAD") this.sload(f, p.step, hexToBigint(p.facts.key as Hex), w);
      if (p.mnemonic === "BALANCE") await this.observeBalance(p.step, f, p.facts.address as Hex, w);
      if (p.mnemonic === "SELFBALANCE") await this.observeBalance(p.step, f, f.context, w);
      this.pushRecord(f, p.step, p.mnemonic, p.facts);
    } else if (p.kind === "call") {
      await this.finishCallWithoutFrame(f, p, r);
    } else {
      await this.finishCreate(f, p, r, undefined);
    }
  }

  private sload(f: Frame, s: TraceStep, slot: bigint, value: bigint): void {
    const key = `${f.space}:${slot}`;
    const known = this.current.get(key);
    if (known === undefined) {
      this.current.set(key, value);
      this.original.set(key, value);
    } else if (known !== value) {
      throw new TraceError(
        s.index,
        f.path,
        "SLOAD",
        `slot ${wordHex(slot)} reads ${value}, but the transaction left it at ${known}`,
      );
    }
  }

  private async finishChildCall(parent: Frame, child: Frame, r: TraceStep): Promise<void> {
    const p = parent.pending;
    parent.pending = undefined;
    if (p === undefined || p.kind === "record" || p.child !== child) {
      throw new TraceError(
        r.index,
        parent.path,
        r.op,
        `frame ${child.path} returns to a frame with no call pending`,
      );
    }
    if (child.status === FrameStatus.Success) {
      parent.refund += child.refund;
      parent.journal.push(...child.journal);
      parent.balanceJournal.push(...child.balanceJournal);
      parent.warmed.push(...child.warmed);
      parent.warmedAccounts.push(...child.warmedAccounts);
    }
    if (p.kind === "create") return this.finishCreate(parent, p, r, child);
    const s = p.step;
    const err = (d: string) => new TraceError(s.index, parent.path, p.op, d);
    const stipend = p.value > 0n && p.op !== "DELEGATECALL" && p.op !== "STATICCALL" ? CALL_STIPEND : 0n;
    // The parent pays its own costs plus what the child used, less the stipend it got for free.
    const base = s.gas - r.gas + stipend - child.gasUsed!;
    const callGas = child.gasAvailable - stipend;
    if (s.gasCost !== base + callGas) {
      throw err(
        `gas cost ${s.gasCost} != own cost ${base} + gas forwarded ${callGas} (the node prices calls unlike geth)`,
      );
    }
    const shape = this.classifyCall(parent, p, base, err);
    this.checkCallWarmth(p, shape, err);
    if (callGas !== min(p.operand, allButOne64th(s.gas - base))) {
      throw err(`the child starts with ${child.gasAvailable}, not the EIP-150 amount for own cost ${base}`);
    }
    const success = top(r, 0, parent);
    if ((success === 1n) !== (child.status === FrameStatus.Success) || success > 1n) {
      throw new TraceError(
        r.index,
        parent.path,
        r.op,
        `the call pushed ${success}, but frame ${child.path} ended with status ${child.status}`,
      );
    }
    const exists = p.op === "CALL" ? (p.value > 0n ? shape.exists! : true) : undefined;
    this.pushCallRecord(parent, p, {
      gasGiven: child.gasAvailable,
      warm: shape.warm,
      exists,
      delegateWarm: shape.delegateWarm,
      success: child.status === FrameStatus.Success,
      gasUsed: child.gasUsed!,
      refund: child.status === FrameStatus.Success ? child.refund : 0n,
      returndata: child.returndata!,
    });
  }

  /** A call that started no frame: a precompile, an account without code, or a call that failed before running. */
  private async finishCallWithoutFrame(f: Frame, p: PendingCall, r: TraceStep): Promise<void> {
    const s = p.step;
    const err = (d: string) => new TraceError(s.index, f.path, p.op, d);
    const stipend = p.value > 0n && p.op !== "DELEGATECALL" && p.op !== "STATICCALL" ? CALL_STIPEND : 0n;
    const matches: Array<{ base: bigint; callGas: bigint; shape: CallShape }> = [];
    for (const shape of callShapes(p)) {
      const base = callBase(p, shape);
      if (base > s.gas) continue;
      const callGas = min(p.operand, allButOne64th(s.gas - base));
      if (base + callGas === s.gasCost) matches.push({ base, callGas, shape });
    }
    if (matches.length === 0) throw err(`gas cost ${s.gasCost} fits no EIP-2929/150 case of this call`);
    const shape = this.pickShape(
      p,
      matches.map((m) => m.shape),
      `gas cost ${s.gasCost}`,
      err,
    );
    const { callGas } = matches.find((m) => m.shape === shape)!;
    this.checkCallWarmth(p, shape, err);
    const returned = r.gas - (s.gas - s.gasCost);
    const gasUsed = callGas + stipend - returned;
    if (gasUsed < 0n || gasUsed > callGas + stipend)
      throw err(`the gas accounting gives the callee ${gasUsed} gas used`);
    const successWord = top(r, 0, f);
    if (successWord > 1n)
      throw new TraceError(r.index, f.path, r.op, `a call pushed ${successWord}, not a flag`);
    const success = successWord === 1n;
    const precompile = isPrecompile(hexToBigint(p.address)) && p.delegate === ZERO_ADDRESS;
    let returndata: Hex = "0x";
    if (precompile) {
      if (success) {
        returndata = await this.node.precompile(p.address, p.args, callGas + stipend);
        // The node ran the precompile again; the caller's memory shows what it really returned.
        const n = BigInt(byteLength(returndata));
        const copied = p.retSize < n ? p.retSize : n;
        if (
          memorySlice(r.memory, p.retOffset, copied) !== `0x${returndata.slice(2, 2 + Number(copied) * 2)}`
        ) {
          throw err(`the precompile's output per eth_call is not what the caller's memory received`);
        }
      }
    } else {
      if (gasUsed !== 0n) throw err(`no frame ran, yet the callee used ${gasUsed} gas`);
      if (success) {
        const code = await this.node.code(p.delegate !== ZERO_ADDRESS ? p.delegate : p.address);
        if (code !== "0x") throw err("the callee has code, but the trace shows no frame for it");
      }
    }
    let exists: boolean | undefined;
    if (p.op === "CALL") exists = p.value > 0n ? shape.exists! : await this.accountExists(p.address);
    if (p.op === "CALL" && success) this.transfer(f, f.context, p.address, p.value);
    this.pushCallRecord(f, p, {
      gasGiven: callGas + stipend,
      warm: shape.warm,
      exists,
      delegateWarm: shape.delegateWarm,
      success,
      gasUsed,
      refund: 0n,
      returndata,
    });
  }

  private classifyCall(f: Frame, p: PendingCall, base: bigint, err: (d: string) => Error): CallShape {
    void f;
    const fits = callShapes(p).filter((shape) => callBase(p, shape) === base);
    if (fits.length === 0)
      throw err(`own cost ${base} fits no EIP-2929 case (memory ${p.memExp}, value ${p.value})`);
    return this.pickShape(p, fits, `own cost ${base}`, err);
  }

  /**
   * One call shape among those the gas allows. The gas cannot tell a warm callee with a cold
   * delegate from the reverse (100 + 2600 either way); the walk's tracked warmth then decides, and
   * it must be one of the shapes the gas allows.
   */
  private pickShape(p: PendingCall, fits: CallShape[], what: string, err: (d: string) => Error): CallShape {
    const distinct = [...new Map(fits.map((x) => [JSON.stringify(x), x])).values()];
    if (distinct.length === 1) return distinct[0];
    const tracked = distinct.filter(
      (x) => x.warm === p.trackedWarm && x.delegateWarm === p.trackedDelegateWarm,
    );
    if (this.accountWarmthCertain() && tracked.length === 1) return tracked[0];
    throw err(`${what} is ambiguous between ${distinct.map((x) => JSON.stringify(x)).join(" and ")}`);
  }

  private pushCallRecord(
    f: Frame,
    p: PendingCall,
    o: {
      gasGiven: bigint;
      warm: boolean;
      exists: boolean | undefined;
      delegateWarm: boolean;
      success: boolean;
      gasUsed: bigint;
      refund: bigint;
      returndata: Hex;
    },
  ): void {
    const facts: Record<string, unknown> = {
      gasGiven: o.gasGiven,
      gas: p.operand,
      address: p.address,
      value: p.value,
      argsHash: keccak256(p.args),
      warm: o.warm,
      delegate: p.delegate,
      delegateWarm: o.delegateWarm,
      delegation: p.delegate === ZERO_ADDRESS ? 0n : o.delegateWarm ? 1n : 2n,
      success: o.success,
      gasUsed: o.gasUsed,
      refund: o.refund,
      returndata: o.returndata,
    };
    if (o.exists !== undefined) facts.exists = o.exists;
    this.pushRecord(f, p.step, p.op, facts);
  }

  private async finishCreate(
    f: Frame,
    p: PendingCreate,
    r: TraceStep,
    child: Frame | undefined,
  ): Promise<void> {
    const s = p.step;
    const err = (d: string) => new TraceError(s.index, f.path, p.op, d);
    if (s.gas < p.base) throw err("out of gas before the init code runs");
    const given = allButOne64th(s.gas - p.base);
    if (s.gasCost !== p.base + given) {
      throw err(`gas cost ${s.gasCost} != own cost ${p.base} + gas forwarded ${given}`);
    }
    const pushed = top(r, 0, f);
    const created = wordToAddress(pushed);
    let gasUsed: bigint;
    const returned = r.gas - (s.gas - s.gasCost);
    if (child !== undefined) {
      if (child.gasAvailable !== given)
        throw err(`the init code starts with ${child.gasAvailable}, not ${given}`);
      gasUsed = child.gasUsed!;
      if (returned !== given - gasUsed) throw err(`the parent gets ${returned} back, not ${given - gasUsed}`);
      if ((pushed !== 0n) !== (child.status === FrameStatus.Success)) {
        throw new TraceError(
          r.index,
          f.path,
          r.op,
          `CREATE pushed ${created}, but the init code ended with status ${child.status}`,
        );
      }
    } else {
      gasUsed = given - returned;
      if (pushed !== 0n) throw err("a creation succeeded without running its init code");
    }
    // The new account's address: derived when its init code started (checked against what CREATE
    // pushed), else pushed on success, else derived now.
    let address: Hex | undefined;
    const initCodeHash = keccak256(p.initCode);
    if (child !== undefined && child.context !== ZERO_ADDRESS) {
      address = child.context;
      if (pushed !== 0n && created !== address)
        throw err(`${p.op} pushed ${created}, the walk derived ${address}`);
    } else if (child !== undefined) {
      address = pushed !== 0n ? created : undefined;
      if (address === undefined) {
        throw new UnrecordableError(
          `the address of the failed CREATE at step ${s.index}`,
          "the creator's nonce at the start of the transaction is not derivable on this node",
        );
      }
    }
    if (child !== undefined || gasUsed > 0n)
      this.nonceBumps.set(f.context, (this.nonceBumps.get(f.context) ?? 0n) + 1n);
    if (child !== undefined) {
      const rekeyed = child.space !== address;
      child.context = address!;
      if (pushed !== 0n) this.created.add(address!);
      if (pushed !== 0n && rekeyed) {
        this.warm(f, address!);
        for (const [k, v] of [...this.current]) {
          if (k.startsWith(`${child.space}:`))
            this.current.set(`${address}:${k.slice(child.space.length + 1)}`, v);
        }
        for (const [k, v] of [...this.original]) {
          if (k.startsWith(`${child.space}:`))
            this.original.set(`${address}:${k.slice(child.space.length + 1)}`, v);
        }
        const rekey = (k: string) => `${address}:${k.slice(child.space.length + 1)}`;
        for (const k of [...this.warmSlots])
          if (k.startsWith(`${child.space}:`)) this.warmSlots.add(rekey(k));
        // The parent's journal now reverts (and un-warms) the slots under their real key too.
        for (const [k, v] of child.journal)
          if (k.startsWith(`${child.space}:`)) f.journal.push([rekey(k), v]);
        for (const k of child.warmed) if (k.startsWith(`${child.space}:`)) f.warmed.push(rekey(k));
      }
    }
    const success = pushed !== 0n;
    this.pushRecord(f, s, p.op, {
      value: p.value,
      salt: wordHex(p.salt),
      initCodeHash,
      gasGiven: given,
      created: success ? created : ZERO_ADDRESS,
      success,
      gasUsed,
      refund: success && child !== undefined ? child.refund : 0n,
      returndata: child !== undefined && child.status === FrameStatus.Revert ? child.returndata! : "0x",
    });
  }

  // ---------------------------------------------------------------- output

  private pushRecord(f: Frame, s: TraceStep, mnemonic: string, facts: Record<string, unknown>): void {
    const schema = recordSchema(s.opcode!);
    if (schema === undefined || schema.mnemonic !== mnemonic) {
      throw new TraceError(s.index, f.path, mnemonic, "no record schema for this opcode");
    }
    const rec: Record<string, unknown> = { op: schema.mnemonic, stateRoot: ZERO_WORD };
    for (const field of schema.fields) {
      if (!(field.name in facts)) {
        throw new TraceError(
          s.index,
          f.path,
          mnemonic,
          `the recorder has no value for the schema field ${field.name}`,
        );
      }
      rec[field.name] = facts[field.name];
    }
    f.records.push(rec as unknown as AccessWitness);
  }

  private checkReceipt(topFrame: Frame): void {
    const tx = this.tx;
    const last = this.steps[this.steps.length - 1];
    const ok = topFrame.status === FrameStatus.Success ? 1 : 0;
    if (ok !== tx.receiptStatus) {
      throw new TraceError(
        last.index,
        "0",
        last.op,
        `the top frame ends with status ${topFrame.status}, the receipt says ${tx.receiptStatus}`,
      );
    }
    const intrinsic = tx.gasLimit - topFrame.gasAvailable;
    const spent = intrinsic + topFrame.gasUsed!;
    const refund = topFrame.status === FrameStatus.Success ? topFrame.refund : 0n;
    if (refund < 0n)
      throw new TraceError(
        last.index,
        "0",
        last.op,
        `the transaction's refund counter ends negative (${refund})`,
      );
    const capped = spent - min(refund, spent / 5n);
    // EIP-7623 (Prague): the calldata floor.
    let tokens = 0n;
    for (let i = 2; i < tx.input.length; i += 2) tokens += tx.input.slice(i, i + 2) === "00" ? 1n : 4n;
    const floor = 21000n + 10n * tokens;
    if (tx.receiptGasUsed !== capped && !(tx.receiptGasUsed === floor && floor > capped)) {
      throw new TraceError(
        last.index,
        "0",
        last.op,
        `the receipt's gasUsed ${tx.receiptGasUsed} != intrinsic ${intrinsic} + frame ${topFrame.gasUsed} - refund ${refund} (= ${capped})`,
      );
    }
  }

  private toRecorded(f: Frame): RecordedFrame {
    const witness: MessageWitness = {
      stateRootEnter: f.indices.length === 0 && this.tx.index === 0 ? this.tx.parentStateRoot : ZERO_WORD,
      stateRootLeave: ZERO_WORD,
      isStatic: f.isStatic,
      origin: this.tx.from,
      caller: f.caller,
      to: f.to,
      context: f.context,
      callvalue: f.callvalue,
      gasPrice: this.tx.gasPrice,
      gasAvailable: f.gasAvailable,
      gasUsed: f.gasUsed!,
      stateAccessList: f.records,
      status: f.status!,
      returndataHash: f.status === FrameStatus.Halt ? EMPTY_HASH : (keccak256(f.returndata!) as Hex),
      calldata: f.calldata,
    };
    const code: Record<Hex, Hex> = {};
    for (const k of [...f.codeMap.keys()].sort()) code[k] = f.codeMap.get(k)!;
    return {
      path: f.indices,
      name: f.path,
      witness,
      code,
      firstStep: f.firstStep,
      lastStep: f.lastStep,
      steps: f.stepCount,
    };
  }
}

interface CallShape {
  warm: boolean;
  exists: boolean | null;
  delegateWarm: boolean;
}

function callShapes(p: PendingCall): CallShape[] {
  const out: CallShape[] = [];
  const existsOptions = p.op === "CALL" && p.value > 0n ? [true, false] : [null];
  const delegateOptions = p.delegate !== ZERO_ADDRESS ? [true, false] : [false];
  for (const warm of [true, false]) {
    for (const exists of existsOptions)
      for (const delegateWarm of delegateOptions) out.push({ warm, exists, delegateWarm });
  }
  return out;
}

function callBase(p: PendingCall, shape: CallShape): bigint {
  let base = p.memExp + (shape.warm ? WARM_STORAGE_READ_COST : COLD_ACCOUNT_ACCESS_COST);
  if (p.value > 0n && (p.op === "CALL" || p.op === "CALLCODE")) base += CALL_VALUE_TRANSFER_GAS;
  if (shape.exists === false) base += CALL_NEW_ACCOUNT_GAS;
  if (p.delegate !== ZERO_ADDRESS)
    base += shape.delegateWarm ? WARM_STORAGE_READ_COST : COLD_ACCOUNT_ACCESS_COST;
  return base;
}

/** EIP-7702: the delegate of an account whose code is a delegation designator (0xef0100 ++ address). */
function delegationOf(code: Hex): Hex | undefined {
  return code.length === 48 && code.startsWith("0xef0100") ? (`0x${code.slice(8)}` as Hex) : undefined;
}

/** EIP-2200 / EIP-2929 SSTORE cost without the cold surcharge. */
function sstoreBase(original: bigint, current: bigint, value: bigint): bigint {
  if (value === current) return WARM_STORAGE_READ_COST;
  if (original === current) return original === 0n ? SSTORE_SET_GAS : SSTORE_RESET_GAS;
  return WARM_STORAGE_READ_COST;
}

/** EIP-3529 change of the refund counter by one SSTORE (may be negative). */
function sstoreRefund(original: bigint, current: bigint, value: bigint): bigint {
  if (value === current) return 0n;
  let r = 0n;
  if (original === current) {
    if (original !== 0n && value === 0n) r += SSTORE_CLEARS_SCHEDULE;
    return r;
  }
  if (original !== 0n) {
    if (current === 0n) r -= SSTORE_CLEARS_SCHEDULE;
    else if (value === 0n) r += SSTORE_CLEARS_SCHEDULE;
  }
  if (original === value) {
    r +=
      original === 0n ? SSTORE_SET_GAS - WARM_STORAGE_READ_COST : SSTORE_RESET_GAS - WARM_STORAGE_READ_COST;
  }
  return r;
}

/** The step is STOP, RETURN, REVERT or SELFDESTRUCT and completes (the frame ends normally after it). */
function endsNormally(s: TraceStep): boolean {
  const halting = s.op === "RETURN" || s.op === "REVERT" || s.op === "STOP" || s.op === "SELFDESTRUCT";
  const failed =
    s.gasCost > s.gas || (s.error !== undefined && !(s.op === "REVERT" && /revert/i.test(s.error)));
  return halting && !failed;
}

function warmFrom(cost: bigint, cold: bigint, s: TraceStep, f: Frame): boolean {
  if (cost === WARM_STORAGE_READ_COST) return true;
  if (cost === cold) return false;
  throw new TraceError(
    s.index,
    f.path,
    s.op,
    `gas cost ${cost} is neither the warm (100) nor the cold (${cold}) access cost`,
  );
}

/** The i-th word from the top of the step's stack. */
function top(s: TraceStep, i: number, f: Frame): bigint {
  const n = s.stack.length;
  if (i >= n)
    throw new TraceError(s.index, f.path, s.op, `the stack has ${n} words, the opcode needs ${i + 1}`);
  return s.stack[n - 1 - i];
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function OPCODE_KNOWN(byte: number): boolean {
  return KNOWN_CODES.has(byte);
}
