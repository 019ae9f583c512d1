/**
 * The record schema of every opcode whose result a frame cannot compute from its own code,
 * calldata and memory. This table is the single source of truth: the encoders, the decoders,
 * the recorder and the record section of docs/witness-format.md all derive from it.
 *
 * A record's `data` is its fields in this order, each a 32-byte ABI word (address and bool
 * left-padded, int256 as two's complement), then at most one `bytes` field, which is always last and
 * takes the rest of `data` (no length word: its length is `data.length - 32 * fixedFields`).
 * - `checked`: computed by the hypervisor from the guest (stack, memory, its own gas accounting) and
 *   compared with the record; a difference is `RecordFieldMismatch(pc, record, field index)`.
 * - `supplied`: a fact the frame cannot compute (state, other frames); the hypervisor uses it and an
 *   external prover checks it against `stateRoot` (state facts), the transaction's access history
 *   (warmth) or the child frame's witness (call outcomes).
 */
export type FieldType = "uint256" | "int256" | "bytes32" | "address" | "bool" | "bytes";
export type FieldKind = "checked" | "supplied";

export interface FieldSchema {
  readonly name: string;
  readonly type: FieldType;
  readonly kind: FieldKind;
  readonly doc: string;
}

export interface RecordSchema {
  readonly opcode: number;
  readonly mnemonic: string;
  readonly fields: readonly FieldSchema[];
  /** The exact gas the instruction costs (Osaka), in terms of the record's fields. */
  readonly gas: string;
  /** What the hypervisor does with the record beyond comparing `checked` fields. */
  readonly rule: string;
  /** Whether the access can change the state root (then `stateRoot` is the root after it). */
  readonly changesState: boolean;
}

const c = <N extends string, T extends FieldType>(name: N, type: T, doc: string) =>
  ({ name, type, kind: "checked", doc }) as const;
const s = <N extends string, T extends FieldType>(name: N, type: T, doc: string) =>
  ({ name, type, kind: "supplied", doc }) as const;

const warm = s("warm", "bool", "the account was already accessed in this transaction (EIP-2929)");
const warmSlot = s(
  "warm",
  "bool",
  "the (context, key) slot was already accessed in this transaction (EIP-2929)",
);
const ACCOUNT_GAS = "100 + (warm ? 0 : 2500)";
const WARM_RULE =
  "`warm` must be true when the address is always warm in this frame (origin, caller, to, context, a precompile) " +
  "or was accessed earlier in this frame.";

const blockValue = <M extends string>(opcode: number, mnemonic: M, doc: string) =>
  ({
    opcode,
    mnemonic,
    fields: [s("value", "uint256", doc)],
    gas: "2",
    rule: "Pushes `value`.",
    changesState: false,
  }) as const;

/**
 * The gas the child frame starts with, as the hypervisor computes it: for calls
 * `min(operand, L - floor(L/64)) + stipend` (stipend 2300 if value > 0), for creates `L - floor(L/64)`,
 * where L is the gas left after the instruction's own cost (EIP-150). Checked, so the child's
 * `gasAvailable` can be linked to it.
 */
const gasGiven = c(
  "gasGiven",
  "uint256",
  "gas the child frame starts with (EIP-150 63/64 rule, plus the 2300 stipend)",
);

/** Fields a CALL-family record supplies: EIP-7702 delegation and the outcome of the child frame. */
const callOutcome = [
  s("delegate", "address", "EIP-7702: the callee's delegation target (its code runs), zero if not delegated"),
  s(
    "delegateWarm",
    "bool",
    "EIP-7702: the delegation target was already accessed (false when delegate is zero)",
  ),
  s("success", "bool", "the value the call pushes"),
  s("gasUsed", "uint256", "gas the child frame used, stipend included (0 if it never ran)"),
  s(
    "refund",
    "int256",
    "net change of the refund counter by the child and its descendants (0 unless success)",
  ),
  s("returndata", "bytes", "the child's return data (RETURN or REVERT payload; empty on exceptional halt)"),
] as const;

const createOutcome = [
  s("created", "address", "the new account, or zero if creation failed"),
  s("success", "bool", "creation succeeded (the value pushed is `created`)"),
  s("gasUsed", "uint256", "gas the init code frame used, code deposit included (0 if it never ran)"),
  s(
    "refund",
    "int256",
    "net change of the refund counter by the child and its descendants (0 unless success)",
  ),
  s("returndata", "bytes", "revert data of a reverted creation; empty otherwise"),
] as const;

const DELEGATION_GAS = "(delegate != 0 ? (delegateWarm ? 100 : 2600) : 0)";
const CALL_TAIL =
  "mem = memory expansion to cover both the input and the output region; " +
  "L = gas left - cost (cost > gas left: exceptional halt); " +
  "gasGiven = min(gas operand, L - floor(L/64)) + stipend; " +
  "net charge = cost + gasUsed - stipend (the child returns gasGiven - gasUsed)";
const CALL_RULE =
  "Pushes `success`; the return data buffer becomes `returndata`, of which min(retSize, length) bytes are copied " +
  "to memory at retOffset. `delegate` must be zero and `warm` true for a precompile (0x01-0x11, 0x100); " +
  "`delegateWarm` must be false when `delegate` is zero; `success` false implies `refund` = 0. ";
const CREATE_RULE =
  "Exceptional halt in a static frame or if the init code exceeds 49152 bytes (EIP-3860). Pushes `created` " +
  "(zero on failure; `success` false must come with `created` zero and `refund` 0, true with `created` nonzero); " +
  "the return data buffer becomes `returndata` (empty on success). L = gas left - cost; gasGiven = L - floor(L/64); " +
  "net charge = cost + gasUsed.";

const topic = <I extends 0 | 1 | 2 | 3>(i: I) => c(`topic${i}` as `topic${I}`, "bytes32", `topic ${i}`);
const dataHash = c("dataHash", "bytes32", "keccak256 of the log data in guest memory");
const log = <M extends string, F extends readonly ReturnType<typeof topic>[]>(
  opcode: number,
  mnemonic: M,
  topics: F,
) =>
  ({
    opcode,
    mnemonic,
    fields: [...topics, dataHash] as const,
    gas: `${375 + 375 * topics.length} + 8 * size + mem`,
    rule: "Exceptional halt in a static frame. Nothing is pushed; the record makes the log visible to a prover.",
    changesState: false,
  }) as const;

/**
 * The record schemas, sorted by opcode (see the module comment).
 *
 * @example
 * const call = RECORD_SCHEMAS.find((s) => s.mnemonic === "CALL")!;
 * call.fields.filter((f) => f.kind === "checked").map((f) => f.name); // ["gasGiven", "address", "value", "argsHash"]
 */
export const RECORD_SCHEMAS = [
  {
    opcode: 0x31,
    mnemonic: "BALANCE",
    fields: [c("address", "address", "account asked for"), s("balance", "uint256", "its balance"), warm],
    gas: ACCOUNT_GAS,
    rule: `Pushes \`balance\`. ${WARM_RULE}`,
    changesState: false,
  },
  {
    opcode: 0x3b,
    mnemonic: "EXTCODESIZE",
    fields: [
      c("address", "address", "account asked for"),
      s("size", "uint256", "its code size (23 for an EIP-7702 delegated account)"),
      warm,
    ],
    gas: ACCOUNT_GAS,
    rule: `Pushes \`size\`. ${WARM_RULE}`,
    changesState: false,
  },
  {
    opcode: 0x3c,
    mnemonic: "EXTCODECOPY",
    fields: [
      c("address", "address", "account whose code is copied (its bytes come from its archive)"),
      c("codeOffset", "uint256", "offset in that code"),
      c("size", "uint256", "bytes copied"),
      warm,
    ],
    gas: `${ACCOUNT_GAS} + 3 * ceil(size / 32) + mem`,
    rule:
      "Copies `size` bytes of the account's archived code from `codeOffset` (zero past its end) to guest memory; " +
      `no archive is \`CodeNotArchived\`. ${WARM_RULE}`,
    changesState: false,
  },
  {
    opcode: 0x3f,
    mnemonic: "EXTCODEHASH",
    fields: [
      c("address", "address", "account asked for"),
      s("hash", "bytes32", "its code hash (0 for an empty account, EIP-161)"),
      warm,
    ],
    gas: ACCOUNT_GAS,
    rule: `Pushes \`hash\`. ${WARM_RULE}`,
    changesState: false,
  },
  {
    opcode: 0x40,
    mnemonic: "BLOCKHASH",
    fields: [
      c("number", "uint256", "block number asked for"),
      s("hash", "bytes32", "its hash (0 outside the last 256 blocks)"),
    ],
    gas: "20",
    rule: "Pushes `hash`.",
    changesState: false,
  },
  blockValue(0x41, "COINBASE", "the block's beneficiary (an address, as a word)"),
  blockValue(0x42, "TIMESTAMP", "the block's timestamp"),
  blockValue(0x43, "NUMBER", "the block's number"),
  blockValue(0x44, "PREVRANDAO", "the beacon chain randomness (EIP-4399)"),
  blockValue(0x45, "GASLIMIT", "the block's gas limit"),
  blockValue(0x46, "CHAINID", "the chain id (EIP-1344)"),
  {
    opcode: 0x47,
    mnemonic: "SELFBALANCE",
    fields: [s("balance", "uint256", "balance of the frame's context account")],
    gas: "5",
    rule: "Pushes `balance`.",
    changesState: false,
  },
  blockValue(0x48, "BASEFEE", "the block's base fee (EIP-3198)"),
  {
    opcode: 0x49,
    mnemonic: "BLOBHASH",
    fields: [
      c("index", "uint256", "blob index asked for"),
      s("hash", "bytes32", "versioned hash (0 past the last blob)"),
    ],
    gas: "3",
    rule: "Pushes `hash`.",
    changesState: false,
  },
  { ...blockValue(0x4a, "BLOBBASEFEE", "the block's blob base fee (EIP-7516)") },
  {
    opcode: 0x54,
    mnemonic: "SLOAD",
    fields: [c("key", "bytes32", "storage slot"), s("value", "bytes32", "its current value"), warmSlot],
    gas: "warm ? 100 : 2100",
    rule:
      "Pushes `value`. `warm` must be true when the slot was accessed earlier in this frame; `value` must equal the " +
      "value this frame last stored or loaded at `key` when no call lies between (the hypervisor may check this).",
    changesState: false,
  },
  {
    opcode: 0x55,
    mnemonic: "SSTORE",
    fields: [
      c("key", "bytes32", "storage slot"),
      c("value", "bytes32", "new value"),
      s("original", "bytes32", "value at the start of the transaction (EIP-2200)"),
      s("current", "bytes32", "value before this store"),
      warmSlot,
    ],
    gas:
      "(warm ? 0 : 2100) + (value == current ? 100 : original == current ? (original == 0 ? 20000 : 2900) : 100); " +
      "exceptional halt first if gas left <= 2300 (EIP-2200) or the frame is static",
    rule:
      "Stores nothing the guest can read back except through SLOAD records. Refund counter change (EIP-3529), " +
      "when value != current: if original == current: +4800 if original != 0 and value == 0; otherwise: " +
      "-4800 if original != 0 and current == 0, +4800 if original != 0 and value == 0, " +
      "+19900 if original == value == 0, +2800 if original == value != 0. `warm` must be true when the slot was " +
      "accessed earlier in this frame.",
    changesState: true,
  },
  {
    opcode: 0x5c,
    mnemonic: "TLOAD",
    fields: [c("key", "bytes32", "transient slot"), s("value", "bytes32", "its current value (EIP-1153)")],
    gas: "100",
    rule: "Pushes `value`.",
    changesState: false,
  },
  {
    opcode: 0x5d,
    mnemonic: "TSTORE",
    fields: [c("key", "bytes32", "transient slot"), c("value", "bytes32", "new value")],
    gas: "100; exceptional halt in a static frame",
    rule: "Nothing is pushed; transient storage is not in the state root, so `stateRoot` is unchanged.",
    changesState: false,
  },
  log(0xa0, "LOG0", []),
  log(0xa1, "LOG1", [topic(0)]),
  log(0xa2, "LOG2", [topic(0), topic(1)]),
  log(0xa3, "LOG3", [topic(0), topic(1), topic(2)]),
  log(0xa4, "LOG4", [topic(0), topic(1), topic(2), topic(3)]),
  {
    opcode: 0xf0,
    mnemonic: "CREATE",
    fields: [
      c("value", "uint256", "endowment"),
      c("initCodeHash", "bytes32", "keccak256 of the init code in guest memory"),
      gasGiven,
      ...createOutcome,
    ],
    gas: "cost = 32000 + 2 * ceil(size / 32) + mem; net charge = cost + gasUsed",
    rule: CREATE_RULE,
    changesState: true,
  },
  {
    opcode: 0xf1,
    mnemonic: "CALL",
    fields: [
      gasGiven,
      c("address", "address", "callee (a precompile too)"),
      c("value", "uint256", "value sent"),
      c("argsHash", "bytes32", "keccak256 of the call's input in guest memory"),
      warm,
      s("exists", "bool", "callee is not empty (EIP-161); with value, an empty callee costs 25000"),
      ...callOutcome,
    ],
    gas:
      `cost = ${ACCOUNT_GAS} + ${DELEGATION_GAS} + (value > 0 ? 9000 : 0) + (value > 0 && !exists ? 25000 : 0) + mem; ` +
      `stipend = value > 0 ? 2300 : 0; ${CALL_TAIL}`,
    rule: `Exceptional halt in a static frame if value > 0. ${CALL_RULE}${WARM_RULE}`,
    changesState: true,
  },
  {
    opcode: 0xf2,
    mnemonic: "CALLCODE",
    fields: [
      gasGiven,
      c("address", "address", "account whose code runs as this frame's context"),
      c("value", "uint256", "value sent"),
      c("argsHash", "bytes32", "keccak256 of the call's input in guest memory"),
      warm,
      ...callOutcome,
    ],
    gas: `cost = ${ACCOUNT_GAS} + ${DELEGATION_GAS} + (value > 0 ? 9000 : 0) + mem; stipend = value > 0 ? 2300 : 0; ${CALL_TAIL}`,
    rule: CALL_RULE + WARM_RULE,
    changesState: true,
  },
  {
    opcode: 0xf4,
    mnemonic: "DELEGATECALL",
    fields: [
      gasGiven,
      c("address", "address", "account whose code runs as this frame's context"),
      c("argsHash", "bytes32", "keccak256 of the call's input in guest memory"),
      warm,
      ...callOutcome,
    ],
    gas: `cost = ${ACCOUNT_GAS} + ${DELEGATION_GAS} + mem; stipend = 0; ${CALL_TAIL}`,
    rule: CALL_RULE + WARM_RULE,
    changesState: true,
  },
  {
    opcode: 0xf5,
    mnemonic: "CREATE2",
    fields: [
      c("value", "uint256", "endowment"),
      c("salt", "bytes32", "salt"),
      c("initCodeHash", "bytes32", "keccak256 of the init code in guest memory"),
      gasGiven,
      ...createOutcome,
    ],
    gas: "cost = 32000 + 8 * ceil(size / 32) + mem (6/word hashing, 2/word EIP-3860); net charge = cost + gasUsed",
    rule: `${CREATE_RULE} On success \`created\` must equal keccak256(0xff ++ context ++ salt ++ initCodeHash)[12:].`,
    changesState: true,
  },
  {
    opcode: 0xfa,
    mnemonic: "STATICCALL",
    fields: [
      gasGiven,
      c("address", "address", "callee (a precompile too)"),
      c("argsHash", "bytes32", "keccak256 of the call's input in guest memory"),
      warm,
      ...callOutcome,
    ],
    gas: `cost = ${ACCOUNT_GAS} + ${DELEGATION_GAS} + mem; stipend = 0; ${CALL_TAIL}`,
    rule: CALL_RULE + WARM_RULE,
    changesState: true,
  },
  {
    opcode: 0xff,
    mnemonic: "SELFDESTRUCT",
    fields: [
      c("beneficiary", "address", "account that receives the balance"),
      warm,
      s("exists", "bool", "beneficiary is not empty (EIP-161); with a balance, an empty one costs 25000"),
      s("balance", "uint256", "balance moved to the beneficiary"),
    ],
    gas: "5000 + (warm ? 0 : 2600) + (balance > 0 && !exists ? 25000 : 0); exceptional halt in a static frame",
    rule: `Ends the frame with status 1 (success) and empty return data (EIP-6780 decides what is deleted). ${WARM_RULE}`,
    changesState: true,
  },
] as const satisfies readonly RecordSchema[];

type Hex = `0x${string}`;
type TsOf<T extends FieldType> = T extends "uint256" | "int256" ? bigint : T extends "bool" ? boolean : Hex;
type Schema = (typeof RECORD_SCHEMAS)[number];
type RecordOf<S extends Schema> = { op: S["mnemonic"]; stateRoot: Hex } & {
  -readonly [F in S["fields"][number] as F["name"]]: TsOf<F["type"]>;
};

/** A decoded state-access record, discriminated by `op` (the opcode mnemonic). */
export type AccessWitness = {
  [M in Schema["mnemonic"]]: RecordOf<Extract<Schema, { mnemonic: M }>>;
}[Schema["mnemonic"]];
export type RecordMnemonic = Schema["mnemonic"];

/** Records of opcodes a static frame may not execute (EIP-214, EIP-1153); a CALL only with nonzero value. */
export const STATIC_FORBIDDEN: ReadonlySet<RecordMnemonic> = new Set<RecordMnemonic>([
  "SSTORE",
  "TSTORE",
  "LOG0",
  "LOG1",
  "LOG2",
  "LOG3",
  "LOG4",
  "CREATE",
  "CREATE2",
  "SELFDESTRUCT",
]);

/** Records whose `value` is a fact of the block, the same in every frame of a transaction. */
export const BLOCK_VALUE_RECORDS: ReadonlySet<RecordMnemonic> = new Set<RecordMnemonic>([
  "COINBASE",
  "TIMESTAMP",
  "NUMBER",
  "PREVRANDAO",
  "GASLIMIT",
  "CHAINID",
  "BASEFEE",
  "BLOBBASEFEE",
]);
