import { RECORD_SCHEMAS, type RecordMnemonic } from "./records";

/**
 * How an opcode ends the frame, if it does.
 * - `success`: STOP, RETURN, SELFDESTRUCT (status 1).
 * - `revert`: REVERT (status 0).
 * - `exceptional`: INVALID (0xfe) (status 2, all gas used).
 */
export type HaltKind = "success" | "revert" | "exceptional";

/** One row of the opcode table (Osaka: Prague plus CLZ, EIP-7939). */
export interface OpcodeInfo {
  /** The byte value. */
  readonly code: number;
  /** The mnemonic, as in the Yellow Paper / execution-specs (PUSH1, DUP1, KECCAK256, PREVRANDAO, ...). */
  readonly mnemonic: string;
  /** Stack words popped. */
  readonly inputs: number;
  /** Stack words pushed. */
  readonly outputs: number;
  /** Bytes of immediate data after the opcode (PUSHn: n; all others 0). */
  readonly immediateSize: number;
  /**
   * The constant gas charged before any dynamic part (go-ethereum's `constantGas` in the Osaka
   * jump table). Opcodes with EIP-2929 access costs count the warm cost (100) here when geth does
   * (BALANCE, EXT*, CALL family) and nothing when it does not (SLOAD, SSTORE, SELFDESTRUCT's cold surcharge).
   */
  readonly staticGas: number;
  /** The dynamic part of the gas, in words; undefined when the static gas is the whole cost. */
  readonly dynamicGas?: string;
  /** The record kind (RECORD_SCHEMAS mnemonic) the hypervisor consumes for this opcode, if any. */
  readonly record?: RecordMnemonic;
  /** Set when the opcode ends the frame. */
  readonly halts?: HaltKind;
}

const MEM = "memory expansion";
const COPY = "3 per word copied + " + MEM;
const ACCOUNT = "+2500 if the account is cold (EIP-2929)";
const CALL_GAS =
  "+2500 if callee cold; EIP-7702 delegate: +100 warm / +2600 cold; " +
  "+9000 if value > 0; the 63/64 gas forwarded (net: child gasUsed - stipend); " +
  MEM;

const rows: OpcodeInfo[] = [
  { code: 0x00, mnemonic: "STOP", inputs: 0, outputs: 0, immediateSize: 0, staticGas: 0, halts: "success" },
  { code: 0x01, mnemonic: "ADD", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x02, mnemonic: "MUL", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x03, mnemonic: "SUB", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x04, mnemonic: "DIV", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x05, mnemonic: "SDIV", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x06, mnemonic: "MOD", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x07, mnemonic: "SMOD", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x08, mnemonic: "ADDMOD", inputs: 3, outputs: 1, immediateSize: 0, staticGas: 8 },
  { code: 0x09, mnemonic: "MULMOD", inputs: 3, outputs: 1, immediateSize: 0, staticGas: 8 },
  {
    code: 0x0a,
    mnemonic: "EXP",
    inputs: 2,
    outputs: 1,
    immediateSize: 0,
    staticGas: 10,
    dynamicGas: "50 per byte of the exponent (EIP-160)",
  },
  { code: 0x0b, mnemonic: "SIGNEXTEND", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x10, mnemonic: "LT", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x11, mnemonic: "GT", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x12, mnemonic: "SLT", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x13, mnemonic: "SGT", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x14, mnemonic: "EQ", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x15, mnemonic: "ISZERO", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x16, mnemonic: "AND", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x17, mnemonic: "OR", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x18, mnemonic: "XOR", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x19, mnemonic: "NOT", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x1a, mnemonic: "BYTE", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x1b, mnemonic: "SHL", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x1c, mnemonic: "SHR", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x1d, mnemonic: "SAR", inputs: 2, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x1e, mnemonic: "CLZ", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 5 },
  {
    code: 0x20,
    mnemonic: "KECCAK256",
    inputs: 2,
    outputs: 1,
    immediateSize: 0,
    staticGas: 30,
    dynamicGas: "6 per word hashed + " + MEM,
  },
  { code: 0x30, mnemonic: "ADDRESS", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  {
    code: 0x31,
    mnemonic: "BALANCE",
    inputs: 1,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: ACCOUNT,
  },
  { code: 0x32, mnemonic: "ORIGIN", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x33, mnemonic: "CALLER", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x34, mnemonic: "CALLVALUE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x35, mnemonic: "CALLDATALOAD", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x36, mnemonic: "CALLDATASIZE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  {
    code: 0x37,
    mnemonic: "CALLDATACOPY",
    inputs: 3,
    outputs: 0,
    immediateSize: 0,
    staticGas: 3,
    dynamicGas: COPY,
  },
  { code: 0x38, mnemonic: "CODESIZE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  {
    code: 0x39,
    mnemonic: "CODECOPY",
    inputs: 3,
    outputs: 0,
    immediateSize: 0,
    staticGas: 3,
    dynamicGas: COPY,
  },
  { code: 0x3a, mnemonic: "GASPRICE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  {
    code: 0x3b,
    mnemonic: "EXTCODESIZE",
    inputs: 1,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: ACCOUNT,
  },
  {
    code: 0x3c,
    mnemonic: "EXTCODECOPY",
    inputs: 4,
    outputs: 0,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: ACCOUNT + "; " + COPY,
  },
  { code: 0x3d, mnemonic: "RETURNDATASIZE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  {
    code: 0x3e,
    mnemonic: "RETURNDATACOPY",
    inputs: 3,
    outputs: 0,
    immediateSize: 0,
    staticGas: 3,
    dynamicGas: COPY,
  },
  {
    code: 0x3f,
    mnemonic: "EXTCODEHASH",
    inputs: 1,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: ACCOUNT,
  },
  { code: 0x40, mnemonic: "BLOCKHASH", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 20 },
  { code: 0x41, mnemonic: "COINBASE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x42, mnemonic: "TIMESTAMP", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x43, mnemonic: "NUMBER", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x44, mnemonic: "PREVRANDAO", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x45, mnemonic: "GASLIMIT", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x46, mnemonic: "CHAINID", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x47, mnemonic: "SELFBALANCE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 5 },
  { code: 0x48, mnemonic: "BASEFEE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x49, mnemonic: "BLOBHASH", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 3 },
  { code: 0x4a, mnemonic: "BLOBBASEFEE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x50, mnemonic: "POP", inputs: 1, outputs: 0, immediateSize: 0, staticGas: 2 },
  { code: 0x51, mnemonic: "MLOAD", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 3, dynamicGas: MEM },
  { code: 0x52, mnemonic: "MSTORE", inputs: 2, outputs: 0, immediateSize: 0, staticGas: 3, dynamicGas: MEM },
  { code: 0x53, mnemonic: "MSTORE8", inputs: 2, outputs: 0, immediateSize: 0, staticGas: 3, dynamicGas: MEM },
  {
    code: 0x54,
    mnemonic: "SLOAD",
    inputs: 1,
    outputs: 1,
    immediateSize: 0,
    staticGas: 0,
    dynamicGas: "100 if the slot is warm, 2100 if cold (EIP-2929)",
  },
  {
    code: 0x55,
    mnemonic: "SSTORE",
    inputs: 2,
    outputs: 0,
    immediateSize: 0,
    staticGas: 0,
    dynamicGas: "EIP-2200/2929/3529 from original, current, new value and warmth; halts if gas left <= 2300",
  },
  { code: 0x56, mnemonic: "JUMP", inputs: 1, outputs: 0, immediateSize: 0, staticGas: 8 },
  { code: 0x57, mnemonic: "JUMPI", inputs: 2, outputs: 0, immediateSize: 0, staticGas: 10 },
  { code: 0x58, mnemonic: "PC", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x59, mnemonic: "MSIZE", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x5a, mnemonic: "GAS", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
  { code: 0x5b, mnemonic: "JUMPDEST", inputs: 0, outputs: 0, immediateSize: 0, staticGas: 1 },
  { code: 0x5c, mnemonic: "TLOAD", inputs: 1, outputs: 1, immediateSize: 0, staticGas: 100 },
  { code: 0x5d, mnemonic: "TSTORE", inputs: 2, outputs: 0, immediateSize: 0, staticGas: 100 },
  { code: 0x5e, mnemonic: "MCOPY", inputs: 3, outputs: 0, immediateSize: 0, staticGas: 3, dynamicGas: COPY },
  { code: 0x5f, mnemonic: "PUSH0", inputs: 0, outputs: 1, immediateSize: 0, staticGas: 2 },
];

for (let n = 1; n <= 32; n++) {
  rows.push({ code: 0x5f + n, mnemonic: `PUSH${n}`, inputs: 0, outputs: 1, immediateSize: n, staticGas: 3 });
}
for (let n = 1; n <= 16; n++) {
  rows.push({
    code: 0x7f + n,
    mnemonic: `DUP${n}`,
    inputs: n,
    outputs: n + 1,
    immediateSize: 0,
    staticGas: 3,
  });
}
for (let n = 1; n <= 16; n++) {
  rows.push({
    code: 0x8f + n,
    mnemonic: `SWAP${n}`,
    inputs: n + 1,
    outputs: n + 1,
    immediateSize: 0,
    staticGas: 3,
  });
}
for (let n = 0; n <= 4; n++) {
  rows.push({
    code: 0xa0 + n,
    mnemonic: `LOG${n}`,
    inputs: 2 + n,
    outputs: 0,
    immediateSize: 0,
    staticGas: 375 + 375 * n,
    dynamicGas: "8 per byte of data + " + MEM,
  });
}
rows.push(
  {
    code: 0xf0,
    mnemonic: "CREATE",
    inputs: 3,
    outputs: 1,
    immediateSize: 0,
    staticGas: 32000,
    dynamicGas: "2 per word of init code (EIP-3860) + " + MEM + " + the child's gasUsed",
  },
  {
    code: 0xf1,
    mnemonic: "CALL",
    inputs: 7,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: CALL_GAS + "; +25000 if value > 0 to an empty account",
  },
  {
    code: 0xf2,
    mnemonic: "CALLCODE",
    inputs: 7,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: CALL_GAS,
  },
  {
    code: 0xf3,
    mnemonic: "RETURN",
    inputs: 2,
    outputs: 0,
    immediateSize: 0,
    staticGas: 0,
    dynamicGas: MEM,
    halts: "success",
  },
  {
    code: 0xf4,
    mnemonic: "DELEGATECALL",
    inputs: 6,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: CALL_GAS,
  },
  {
    code: 0xf5,
    mnemonic: "CREATE2",
    inputs: 4,
    outputs: 1,
    immediateSize: 0,
    staticGas: 32000,
    dynamicGas: "8 per word of init code (6 hashing + 2 EIP-3860) + " + MEM + " + the child's gasUsed",
  },
  {
    code: 0xfa,
    mnemonic: "STATICCALL",
    inputs: 6,
    outputs: 1,
    immediateSize: 0,
    staticGas: 100,
    dynamicGas: CALL_GAS,
  },
  {
    code: 0xfd,
    mnemonic: "REVERT",
    inputs: 2,
    outputs: 0,
    immediateSize: 0,
    staticGas: 0,
    dynamicGas: MEM,
    halts: "revert",
  },
  {
    code: 0xfe,
    mnemonic: "INVALID",
    inputs: 0,
    outputs: 0,
    immediateSize: 0,
    staticGas: 0,
    halts: "exceptional",
  },
  {
    code: 0xff,
    mnemonic: "SELFDESTRUCT",
    inputs: 1,
    outputs: 0,
    immediateSize: 0,
    staticGas: 5000,
    dynamicGas: "+2600 if the beneficiary is cold; +25000 if balance > 0 and the beneficiary is empty",
    halts: "success",
  },
);

const recordByOpcode = new Map<number, RecordMnemonic>(RECORD_SCHEMAS.map((r) => [r.opcode, r.mnemonic]));

/**
 * The opcode table of the hypervisor's fork (Osaka = Prague + CLZ), sorted by code. The single
 * source for the Huff jump-table check, the recorder and the docs. Opcodes not in this table are
 * undefined: executing one is an exceptional halt, exactly like INVALID (0xfe).
 *
 * @example
 * import { OPCODES } from "@iso-hypervisor/sdk";
 * const sload = OPCODES.find((o) => o.mnemonic === "SLOAD")!;
 * sload.record; // "SLOAD"
 */
export const OPCODES: readonly OpcodeInfo[] = Object.freeze(
  rows
    .map((r) => {
      const record = recordByOpcode.get(r.code);
      return Object.freeze(record === undefined ? r : { ...r, record });
    })
    .sort((a, b) => a.code - b.code),
);
