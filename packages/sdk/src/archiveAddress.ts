import { getCreate2Address, keccak256, zeroPadValue } from "ethers";
import { InvalidArgumentError } from "./errors";
import { fixedHex } from "./internal/bytes";

/**
 * The ArchiveFactory's constant archive init code (24 bytes, packages/contract/src/constants/archive.huff):
 * STATICCALLs its creator (the factory) with empty calldata to learn the account, then returns
 * `0x00 ++ code(account)`. A test keeps it equal to the Huff source.
 *
 * @example
 * const initCodeHash = keccak256(ARCHIVE_INIT_CODE);
 */
export const ARCHIVE_INIT_CODE = "0x60205f5f5f335afa505f51803b805f6001843c6001015ff3" as const;

/**
 * The address of `account`'s code archive, as the ArchiveFactory deploys it and the hypervisor
 * derives it: CREATE2 from `factory` with salt `bytes32(uint256(uint160(account)))` and the factory's
 * constant archive init code, i.e. `keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:]`.
 *
 * @param factory the ArchiveFactory address.
 * @param account the account whose code is archived.
 * @param initCodeHash keccak256 of the archive init code; default keccak256(ARCHIVE_INIT_CODE).
 * @returns the archive address, lower case.
 * @throws InvalidArgumentError naming the argument that is not a 20-byte address / 32-byte hash.
 *
 * @example
 * const archive = archiveAddress(await factory.getAddress(), token);
 * (await provider.getCode(archive)).slice(4) === (await provider.getCode(token)).slice(2); // 0x00 ++ code
 */
export function archiveAddress(
  factory: string,
  account: string,
  initCodeHash: string = keccak256(ARCHIVE_INIT_CODE),
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
  return getCreate2Address(f, zeroPadValue(a, 32), h).toLowerCase() as `0x${string}`;
}
