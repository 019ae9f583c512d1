import { getCreate2Address, keccak256, toBeHex } from "ethers";
import { InvalidArgumentError } from "./errors";
import { fixedHex } from "./internal/bytes";

/**
 * The ArchiveFactory's constant archive init code (26 bytes, packages/contract/src/constants/archive.huff):
 * STATICCALLs its creator (the factory) with empty calldata to learn `(account, offset, length)` of the
 * part being archived, then returns `0x00 ++ code(account)[offset : offset + length]`. A test keeps it
 * equal to the Huff source.
 *
 * @example
 * const initCodeHash = keccak256(ARCHIVE_INIT_CODE);
 */
export const ARCHIVE_INIT_CODE = "0x60605f5f5f335afa506040518060205160015f513c6001015ff3" as const;

/** The most code bytes one archive part holds: its code `0x00 ++ bytes` is then 24576 bytes (EIP-170). */
export const ARCHIVE_PART_MAX = 24_575;

/**
 * The address of `account`'s code archive, as the ArchiveFactory deploys it and the hypervisor
 * derives it: CREATE2 from `factory` with salt `bytes32(uint256(uint160(account)) | part << 160)` and the
 * factory's constant archive init code, i.e. `keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:]`.
 * Part 0 holds `0x00 ++ code[0 : min(size, 24575)]`; part 1, which exists only for code longer than
 * 24575 bytes (e.g. exactly 24576, the EIP-170 maximum), holds `0x00 ++ code[24575 : size]`.
 *
 * @param factory the ArchiveFactory address.
 * @param account the account whose code is archived.
 * @param initCodeHash keccak256 of the archive init code; default keccak256(ARCHIVE_INIT_CODE).
 * @param part 0 (the first 24575 code bytes) or 1 (the rest).
 * @returns the archive address, lower case.
 * @throws InvalidArgumentError naming the argument that is not a 20-byte address / 32-byte hash / 0 or 1.
 *
 * @example
 * const archive = archiveAddress(await factory.getAddress(), token);
 * (await provider.getCode(archive)).slice(4) === (await provider.getCode(token)).slice(2); // 0x00 ++ code
 * const rest = archiveAddress(await factory.getAddress(), token, undefined, 1); // code past byte 24575
 */
export function archiveAddress(
  factory: string,
  account: string,
  initCodeHash: string = keccak256(ARCHIVE_INIT_CODE),
  part: 0 | 1 = 0,
): `0x${string}` {
  const check = (name: string, value: string, size: number) => {
    try {
      return fixedHex(value, size);
    } catch (cause) {
      throw new InvalidArgumentError(name, (cause as Error).message, { cause });
    }
  };
  const f = check("factory", factory, 20);
  const a = check("account", account, 20);
  const h = check("initCodeHash", initCodeHash, 32);
  if (part !== 0 && part !== 1) throw new InvalidArgumentError("part", `must be 0 or 1, got ${String(part)}`);
  const salt = toBeHex(BigInt(a) | (BigInt(part) << 160n), 32);
  return getCreate2Address(f, salt, h).toLowerCase() as `0x${string}`;
}
