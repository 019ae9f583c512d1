/**
 * Error classes of the SDK. Every error a public function throws is one of these (never a raw ABI,
 * Range or Type error); each names the field or the record index, and keeps the underlying error as
 * `cause`.
 */

/**
 * Base class of every SDK error.
 *
 * @example
 * try { decodeMessageWitness(bytes); } catch (e) { if (e instanceof IsoSdkError) console.log(e.name, e.message); }
 */
export class IsoSdkError extends Error {
  override name = "IsoSdkError";
}

/**
 * The bytes are not the canonical ABI encoding of a MessageWitness (truncated, bad offset, bad
 * padding, trailing bytes, non-canonical bool/address). `field` is the path of the field (e.g.
 * `stateAccessList[3].data`), `offset` the byte offset in the encoding where the problem is.
 *
 * @example
 * try { decodeRawMessageWitness(bytes); } catch (e) { if (e instanceof WitnessDecodeError) console.log(e.field, e.offset); }
 */
export class WitnessDecodeError extends IsoSdkError {
  override name = "WitnessDecodeError";
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed witness at ${field} (byte ${offset}): ${detail}`, options);
  }
}

/**
 * A record is not valid for its schema: unknown opcode tag, wrong data length, a bool that is not
 * 0/1, an address with nonzero high bytes, a field of the wrong type. `record` is its index in the
 * state access list (or -1 when the record stands alone), `field` the field name when known.
 *
 * @example
 * try { decodeMessageWitness(bytes); } catch (e) { if (e instanceof RecordDecodeError) console.log(e.record, e.field); }
 */
export class RecordDecodeError extends IsoSdkError {
  override name = "RecordDecodeError";
  constructor(
    readonly record: number,
    readonly field: string | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `invalid record${record >= 0 ? ` #${record}` : ""}${field ? ` field ${field}` : ""}: ${detail}`,
      options,
    );
  }
}

/**
 * A value given to an encoder does not fit its ABI type (non-hex string, wrong length, out of range).
 *
 * @example
 * try { encodeMessageWitness(w); } catch (e) { if (e instanceof WitnessEncodeError) console.log(e.field); }
 */
export class WitnessEncodeError extends IsoSdkError {
  override name = "WitnessEncodeError";
  constructor(
    readonly field: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot encode ${field}: ${detail}`, options);
  }
}

/**
 * A witness file (JSON) is malformed: bad JSON, unknown version, missing or mistyped field. `path` is
 * the JSON path (`$.witness.stateAccessList[2].warm`).
 *
 * @example
 * try { parseWitnessFile(text); } catch (e) { if (e instanceof WitnessFileError) console.log(e.path); }
 */
export class WitnessFileError extends IsoSdkError {
  override name = "WitnessFileError";
  constructor(
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid witness file at ${path}: ${detail}`, options);
  }
}

/**
 * The hypervisor's answer cannot be decoded (unknown error selector, bad return data length, wrong
 * witness hash): a wrong contract or a hypervisor bug, never a verdict.
 *
 * @example
 * try { decodeVerdict(answer, calldata); } catch (e) { if (e instanceof VerdictDecodeError) console.log(e.data); }
 */
export class VerdictDecodeError extends IsoSdkError {
  override name = "VerdictDecodeError";
  constructor(
    readonly data: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot decode hypervisor answer ${data.length > 74 ? data.slice(0, 74) + "…" : data}: ${detail}`,
      options,
    );
  }
}

/**
 * A parameter given to a tool function is invalid (bad address, bad hash, wrong record kind).
 *
 * @example
 * try { archiveAddress("0x12", account); } catch (e) { if (e instanceof InvalidArgumentError) console.log(e.argument); }
 */
export class InvalidArgumentError extends IsoSdkError {
  override name = "InvalidArgumentError";
  constructor(
    readonly argument: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid argument ${argument}: ${detail}`, options);
  }
}

/**
 * Calling the hypervisor failed for a reason other than a verdict (network error, transaction not mined).
 *
 * @example
 * try { await auditWitness(h, signer, w); } catch (e) { if (e instanceof AuditCallError) console.log(e.cause); }
 */
export class AuditCallError extends IsoSdkError {
  override name = "AuditCallError";
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`audit call failed: ${detail}`, options);
  }
}
