/**
 * The hypervisor's custom errors, mirrored from docs/decisions.md (names, argument names and types,
 * order). Every error carries the guest pc and the index of the next unconsumed record first.
 */
export type ErrorBand = "witness malformed" | "record mismatch" | "execution mismatch";

export interface HypervisorErrorSpec {
  readonly name: string;
  readonly band: ErrorBand;
  /** Arguments after `(uint256 pc, uint256 record)`. */
  readonly extra: readonly { readonly name: string; readonly type: "uint256" | "address" | "bytes32" }[];
  readonly doc: string;
}

/**
 * The hypervisor's errors in declaration order, with their band and extra arguments.
 *
 * @example
 * HYPERVISOR_ERRORS.filter((e) => e.band === "execution mismatch").map((e) => e.name);
 * // ["StatusMismatch", "ReturnDataMismatch", "GasUsedMismatch"]
 */
export const HYPERVISOR_ERRORS = [
  {
    name: "MalformedWitness",
    band: "witness malformed",
    extra: [{ name: "calldataOffset", type: "uint256" }],
    doc: "the calldata is not the canonical ABI encoding of a MessageWitness, or a record's data does not fit its schema",
  },
  {
    name: "CodeNotArchived",
    band: "witness malformed",
    extra: [{ name: "account", type: "address" }],
    doc: "the code of `account` has no archive: a set-up fault, reported as inconclusive",
  },
  {
    name: "RecordUnsupported",
    band: "record mismatch",
    extra: [{ name: "opcode", type: "uint256" }],
    doc: "the guest reached a state access whose record checks are not implemented",
  },
  {
    name: "RecordMissing",
    band: "record mismatch",
    extra: [{ name: "opcode", type: "uint256" }],
    doc: "the guest reached a state access and the access list is exhausted",
  },
  {
    name: "RecordOpcodeMismatch",
    band: "record mismatch",
    extra: [
      { name: "expected", type: "uint256" },
      { name: "actual", type: "uint256" },
    ],
    doc: "the next record answers another opcode than the one the guest executes",
  },
  {
    name: "RecordFieldMismatch",
    band: "record mismatch",
    extra: [{ name: "field", type: "uint256" }],
    doc: "a checked field of the record differs from what the guest computed (field = index in the schema)",
  },
  {
    name: "RecordsNotConsumed",
    band: "record mismatch",
    extra: [],
    doc: "the frame ended with records left over",
  },
  {
    name: "StatusMismatch",
    band: "execution mismatch",
    extra: [{ name: "actual", type: "uint256" }],
    doc: "the frame ended with another status than `status`",
  },
  {
    name: "ReturnDataMismatch",
    band: "execution mismatch",
    extra: [{ name: "actual", type: "bytes32" }],
    doc: "keccak256 of the frame's return data differs from `returndataHash`",
  },
  {
    name: "GasUsedMismatch",
    band: "execution mismatch",
    extra: [{ name: "actual", type: "uint256" }],
    doc: "the frame used another amount of gas than `gasUsed`",
  },
] as const satisfies readonly HypervisorErrorSpec[];

export type HypervisorErrorName = (typeof HYPERVISOR_ERRORS)[number]["name"];

/**
 * The errors as human-readable ABI fragments (`error Name(uint256 pc, uint256 record, ...)`), for
 * `new ethers.Interface(HYPERVISOR_ERRORS_ABI)` or typechain users who want to decode reverts.
 *
 * @example
 * const iface = new Interface(HYPERVISOR_ERRORS_ABI);
 * iface.parseError(revertData)?.name; // "GasUsedMismatch"
 */
export const HYPERVISOR_ERRORS_ABI: readonly string[] = HYPERVISOR_ERRORS.map(
  (e) =>
    `error ${e.name}(${["uint256 pc", "uint256 record", ...e.extra.map((a) => `${a.type} ${a.name}`)].join(", ")})`,
);

/**
 * The errors as JSON ABI fragments (the form Hardhat artifacts and typechain read).
 *
 * @example
 * fs.writeFileSync("HypervisorErrors.json", JSON.stringify(HYPERVISOR_ERRORS_JSON_ABI));
 */
export const HYPERVISOR_ERRORS_JSON_ABI = HYPERVISOR_ERRORS.map((e) => ({
  type: "error" as const,
  name: e.name,
  inputs: [
    { name: "pc", type: "uint256", internalType: "uint256" },
    { name: "record", type: "uint256", internalType: "uint256" },
    ...e.extra.map((a) => ({ name: a.name, type: a.type, internalType: a.type })),
  ],
}));
