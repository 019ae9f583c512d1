/** Gas schedule facts the recorder needs to split a step's gas cost into its parts (Prague/Osaka). */

/** EIP-2929: access of a warm account or slot. */
export const WARM_STORAGE_READ_COST = 100n;
/** EIP-2929: first access of an account in the transaction. */
export const COLD_ACCOUNT_ACCESS_COST = 2600n;
/** EIP-2929: first access of a storage slot in the transaction. */
export const COLD_SLOAD_COST = 2100n;
/** EIP-2200: SSTORE of a clean slot from zero to nonzero. */
export const SSTORE_SET_GAS = 20000n;
/** EIP-2200 with EIP-2929: SSTORE of a clean nonzero slot (5000 - COLD_SLOAD_COST). */
export const SSTORE_RESET_GAS = 2900n;
/** EIP-3529: refund for clearing a slot. */
export const SSTORE_CLEARS_SCHEDULE = 4800n;
/** Yellow Paper G_callvalue: a call that sends value. */
export const CALL_VALUE_TRANSFER_GAS = 9000n;
/** Yellow Paper G_newaccount: value sent to an empty account (EIP-161). */
export const CALL_NEW_ACCOUNT_GAS = 25000n;
/** Yellow Paper G_callstipend: free gas the callee gets with value. */
export const CALL_STIPEND = 2300n;
/** Yellow Paper G_create. */
export const CREATE_GAS = 32000n;
/** EIP-3860: per 32-byte word of init code. */
export const INITCODE_WORD_GAS = 2n;
/** Yellow Paper G_keccak256word: CREATE2 hashes the init code. */
export const KECCAK_WORD_GAS = 6n;
/** Yellow Paper G_codedeposit: per byte of deployed code. */
export const CODE_DEPOSIT_GAS = 200n;
/** EIP-170: the largest deployable code. */
export const MAX_CODE_SIZE = 24576;
/** Yellow Paper G_copy: per word copied. */
export const COPY_WORD_GAS = 3n;
/** EIP-6780 era SELFDESTRUCT base cost (EIP-150). */
export const SELFDESTRUCT_GAS = 5000n;

/** Words of memory needed to touch `size` bytes at `offset` (0 when size is 0). */
export function wordsFor(offset: bigint, size: bigint): bigint {
  if (size === 0n) return 0n;
  return (offset + size + 31n) / 32n;
}

/** Yellow Paper C_mem: the total cost of `words` words of memory. */
export function memoryCost(words: bigint): bigint {
  return 3n * words + (words * words) / 512n;
}

/** Cost of growing memory from `currentBytes` to cover every region in `regions` ([offset, size]). */
export function memoryExpansion(
  currentBytes: number,
  regions: ReadonlyArray<readonly [bigint, bigint]>,
): bigint {
  const current = BigInt(currentBytes) / 32n;
  let need = current;
  for (const [offset, size] of regions) {
    const w = wordsFor(offset, size);
    if (w > need) need = w;
  }
  return memoryCost(need) - memoryCost(current);
}

/** EIP-150: all but one 64th. */
export function allButOne64th(gas: bigint): bigint {
  return gas - gas / 64n;
}

export { isPrecompile } from "@iso-hypervisor/sdk";
