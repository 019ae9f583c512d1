import { getCreate2Address, toBeHex } from "ethers";
import { InvalidArgumentError } from "./errors";
import { fixedHex } from "./internal/bytes";

/**
 * The ArchiveFactory's constant archive init code (21 bytes, packages/contract/src/constants/archive.huff),
 * the same for every archive part: STATICCALLs its creator (the factory) with empty calldata, reverts if
 * that call failed, else deploys exactly the return data (the factory answers `0x00 ++` the part's bytes).
 * `PUSH0 x4 CALLER GAS STATICCALL PUSH1 0x0d JUMPI PUSH0 PUSH0 REVERT JUMPDEST RETURNDATASIZE PUSH0 PUSH0
 * RETURNDATACOPY RETURNDATASIZE PUSH0 RETURN`. A test keeps it equal to the Huff source.
 *
 * @example
 * const initCodeHash = keccak256(ARCHIVE_INIT_CODE); // === ARCHIVE_INIT_CODE_HASH
 */
export const ARCHIVE_INIT_CODE = "0x5f5f5f5f335afa600d575f5ffd5b3d5f5f3e3d5ff3" as const;

/**
 * keccak256(ARCHIVE_INIT_CODE): the init code hash of every archive part's CREATE2 address.
 *
 * @example
 * getCreate2Address(factory, salt, ARCHIVE_INIT_CODE_HASH);
 */
export const ARCHIVE_INIT_CODE_HASH =
  "0xd40498e6e6f52dbaf5bcc0cd1b297b033dc5cffec780f5a94212809f72306a20" as const;

/** The most bytes one archive part holds: its code `0x00 ++ bytes` is then 24576 bytes (EIP-170). */
export const ARCHIVE_PART_MAX = 24_575;

/** Archive part numbers are below 2^96 (they fill the salt's bits 160..255). */
export const ARCHIVE_PART_LIMIT = 1n << 96n;

/**
 * The archive key of a code: the low 160 bits of its hash (EXTCODEHASH of an account holding it). Archive
 * parts are keyed by the code, not by the account: an account whose code changes, or that has no code yet
 * when someone archives it, gets another archive, and accounts with the same code share one.
 *
 * @param codeHash keccak256 of the code (EXTCODEHASH; 0 for an account that does not exist).
 * @returns the key, a bigint below 2^160.
 * @throws InvalidArgumentError when codeHash is not a 32-byte hash.
 *
 * @example
 * const key = archiveKey(keccak256(await provider.getCode(token)));
 */
export function archiveKey(codeHash: string): bigint {
  try {
    return BigInt(fixedHex(codeHash, 32)) & ((1n << 160n) - 1n);
  } catch (cause) {
    throw new InvalidArgumentError("codeHash", (cause as Error).message, { cause });
  }
}

/**
 * The address of archive part `part` of a code, as the ArchiveFactory deploys it and the hypervisor derives
 * it from the code hash of the account it audits (EXTCODEHASH of the witness's `to`): CREATE2 from
 * `factory` with salt `bytes32(archiveKey(codeHash) | part << 160)` and the factory's constant archive init
 * code, i.e. `keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:]`. Part 0 holds
 * `0x00 ++ code[0 : min(size, 24575)]`; part 1, which exists only for code longer than 24575 bytes (e.g.
 * exactly 24576, the EIP-170 maximum), holds `0x00 ++ code[24575 : size]`; parts 2, 3, .. hold the code's
 * analysis image (see archiveParts).
 *
 * @param factory the ArchiveFactory address.
 * @param codeHash keccak256 of the archived code (EXTCODEHASH of an account holding it).
 * @param initCodeHash keccak256 of the archive init code; default keccak256(ARCHIVE_INIT_CODE).
 * @param part the part number, below 2^96 (archiveParts lists the parts of a code length).
 * @returns the archive address, lower case.
 * @throws InvalidArgumentError naming the argument that is not a 20-byte address / 32-byte hash / part.
 *
 * @example
 * const codeHash = keccak256(await provider.getCode(token));
 * const archive = archiveAddress(await factory.getAddress(), codeHash);
 * (await provider.getCode(archive)).slice(4) === (await provider.getCode(token)).slice(2); // 0x00 ++ code
 * const rest = archiveAddress(await factory.getAddress(), codeHash, undefined, 1); // code past byte 24575
 * const image0 = archiveAddress(await factory.getAddress(), codeHash, undefined, 2); // first image part
 */
export function archiveAddress(
  factory: string,
  codeHash: string,
  initCodeHash: string = ARCHIVE_INIT_CODE_HASH,
  part: number | bigint = 0,
): `0x${string}` {
  const check = (name: string, value: string, size: number) => {
    try {
      return fixedHex(value, size);
    } catch (cause) {
      throw new InvalidArgumentError(name, (cause as Error).message, { cause });
    }
  };
  const f = check("factory", factory, 20);
  const key = archiveKey(codeHash);
  const h = check("initCodeHash", initCodeHash, 32);
  if (
    (typeof part !== "number" && typeof part !== "bigint") ||
    (typeof part === "number" && !Number.isSafeInteger(part)) ||
    BigInt(part) < 0n ||
    BigInt(part) >= ARCHIVE_PART_LIMIT
  )
    throw new InvalidArgumentError("part", `must be an integer in [0, 2^96), got ${String(part)}`);
  const salt = toBeHex(key | (BigInt(part) << 160n), 32);
  return getCreate2Address(f, salt, h).toLowerCase() as `0x${string}`;
}
