// The ASN.1 structures of PKCS#12 and encrypted PKCS#8, from @peculiar/asn1-pfx, asn1-pkcs8,
// asn1-cms and asn1-x509 through @peculiar/asn1-schema; the few these packages do not describe
// (PKCS#5 PBES2 and PBKDF2 parameters, the PKCS#12 PBE parameters, CMS EncryptedData) are
// declared here with the same schema decorators, so nothing is encoded by hand.
import {
  AsnConvert,
  AsnProp,
  AsnPropTypes,
  AsnSerializer,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { EncryptedContentInfo } from '@peculiar/asn1-cms';

export { AsnConvert, OctetString, AlgorithmIdentifier };
export { ContentInfo, EncryptedContent, EncryptedContentInfo } from '@peculiar/asn1-cms';
export { DigestInfo } from '@peculiar/asn1-rsa';
export {
  AuthenticatedSafe,
  CertBag,
  MacData,
  PFX,
  PKCS12Attribute,
  SafeBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
export { EncryptedPrivateKeyInfo, EncryptedData as EncryptedKeyData } from '@peculiar/asn1-pkcs8';

/** RFC 8018 PBKDF2-params (the salt as its "specified" OCTET STRING). */
export class Pbkdf2Params {
  @AsnProp({ type: OctetString })
  salt = new OctetString();

  @AsnProp({ type: AsnPropTypes.Integer })
  iterationCount = 0;

  @AsnProp({ type: AsnPropTypes.Integer, optional: true })
  keyLength?: number;

  /** Absent means hmacWithSHA1. */
  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  prf?: AlgorithmIdentifier;

  constructor(params: Partial<Pbkdf2Params> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 8018 PBES2-params. */
export class Pbes2Params {
  @AsnProp({ type: AlgorithmIdentifier })
  keyDerivationFunc = new AlgorithmIdentifier();

  @AsnProp({ type: AlgorithmIdentifier })
  encryptionScheme = new AlgorithmIdentifier();

  constructor(params: Partial<Pbes2Params> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 7292 appendix C pkcs-12PbeParams. */
export class Pkcs12PbeParams {
  @AsnProp({ type: OctetString })
  salt = new OctetString();

  @AsnProp({ type: AsnPropTypes.Integer })
  iterations = 0;

  constructor(params: Partial<Pkcs12PbeParams> = {}) {
    Object.assign(this, params);
  }
}

/** RFC 5652 EncryptedData (without unprotected attributes, which PKCS#12 never uses). */
export class CmsEncryptedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;

  @AsnProp({ type: EncryptedContentInfo })
  encryptedContentInfo = new EncryptedContentInfo();

  constructor(params: Partial<CmsEncryptedData> = {}) {
    Object.assign(this, params);
  }
}

/** DER of a schema object, as a Buffer. */
export function toDer(value: object): Buffer {
  return Buffer.from(AsnSerializer.serialize(value));
}

/** A schema object from DER; AsnConvert's errors are the caller's to word. */
export function fromDer<T>(der: Uint8Array, type: new () => T): T {
  return AsnConvert.parse(der, type);
}

/** An AlgorithmIdentifier whose parameters are a schema object (or NULL when `params` is null). */
export function algorithm(oid: string, params: object | null): AlgorithmIdentifier {
  return new AlgorithmIdentifier({
    algorithm: oid,
    parameters: params === null ? null : AsnSerializer.serialize(params),
  });
}
