import { getCreate2Address, zeroPadValue } from "ethers";
import { InvalidArgumentError } from "./errors";
import { fixedHex } from "./internal/bytes";

/**
 * The address of `account`'s code archive, as the ArchiveFactory deploys it and the hypervisor
 * derives it: CREATE2 from `factory` with salt `bytes32(uint256(uint160(account)))` and the factory's
 * constant archive init code, i.e. `keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:]`.
 *
 * @param factory the ArchiveFactory address.
 * @param account the account whose code is archived.
 * @param initCodeHash keccak256 of the archive init code (ARCHIVE_INIT_CODE in docs/hypervisor.md).
 * @returns the archive address, lower case.
 * @throws InvalidArgumentError naming the argument that is not a 20-byte address / 32-byte hash.
 *
 * @example
 * const archive = archiveAddress(factory.target, token, keccak256(ARCHIVE_INIT_CODE));
 * (await provider.getCode(archive)).slice(4) === (await provider.getCode(token)).slice(2); // 0x00 ++ code
 */
export function archiveAddress(factory: string, account: string, initCodeHash: string): `0x${string}` {
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
