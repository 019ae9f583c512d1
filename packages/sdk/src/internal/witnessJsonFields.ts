/** Witness header fields in ABI order, with their JSON kind. */
export const WITNESS_JSON_FIELDS = [
  ["stateRootEnter", "bytes32"],
  ["stateRootLeave", "bytes32"],
  ["isStatic", "bool"],
  ["origin", "address"],
  ["caller", "address"],
  ["to", "address"],
  ["context", "address"],
  ["callvalue", "uint256"],
  ["gasPrice", "uint256"],
  ["gasAvailable", "uint256"],
  ["gasUsed", "uint256"],
  ["stateAccessList", "records"],
  ["status", "uint256"],
  ["returndataHash", "bytes32"],
  ["calldata", "bytes"],
] as const;
