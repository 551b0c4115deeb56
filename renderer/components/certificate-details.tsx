// A certificate's "Details" disclosure, the same wherever a certificate is shown (the client
// certificate, the D1 signed certificate, the server and Thales certificates of the asset steps):
// subject, issuer, serial, validity, key, fingerprints with their copy buttons, and the extensions
// people check. Main reads the facts (CertificateSummary.details); this only shows them.
import type { ReactNode } from 'react';
import type { CertificateDetails } from '../../shared/ipc-contract.js';
import { exactTime, humanDate } from '../dates.js';
import { useT, type MessageId } from '../i18n/index.js';
import { CopyButton } from './copy.js';

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {humanDate(iso)}
    </time>
  );
}

export function CertificateDetailsView({ details }: { details: CertificateDetails }) {
  const t = useT();
  const none = t('certDetails.absent');
  const rows: Array<[MessageId, string, ReactNode]> = [
    ['certDetails.subject', 'subject', details.subject],
    ['certDetails.issuer', 'issuer', details.issuer],
    ['certDetails.serial', 'serial', <span className="mono">{details.serialNumber}</span>],
    [
      'certDetails.validity',
      'validity',
      <>
        <When iso={details.notBefore} /> – <When iso={details.notAfter} />
      </>,
    ],
    ['certDetails.publicKey', 'public-key', details.publicKey],
    [
      'certDetails.sha256',
      'sha256',
      <span className="fingerprint">
        <span className="mono">{details.sha256Fingerprint}</span>
        <span>
          <CopyButton text={details.sha256Fingerprint} label={t('certDetails.sha256')} />
        </span>
      </span>,
    ],
    [
      'certDetails.sha1',
      'sha1',
      <span className="fingerprint">
        <span className="mono">{details.sha1Fingerprint}</span>
        <span>
          <CopyButton text={details.sha1Fingerprint} label={t('certDetails.sha1')} />
        </span>
      </span>,
    ],
    [
      'certDetails.subjectAltNames',
      'san',
      details.subjectAltNames.length > 0 ? details.subjectAltNames.join(', ') : none,
    ],
    ['certDetails.keyUsage', 'key-usage', details.keyUsage?.join(', ') ?? none],
    [
      'certDetails.extendedKeyUsage',
      'extended-key-usage',
      details.extendedKeyUsage?.join(', ') ?? none,
    ],
    [
      'certDetails.basicConstraints',
      'basic-constraints',
      details.basicConstraints === null
        ? none
        : details.basicConstraints.ca
          ? details.basicConstraints.pathLength === null
            ? t('certDetails.ca')
            : t('certDetails.caPathLength', { pathLength: details.basicConstraints.pathLength })
          : t('certDetails.notCa'),
    ],
  ];
  return (
    <details className="certificate-details">
      <summary>{t('certDetails.summary')}</summary>
      <dl>
        {rows.map(([label, key, value]) => (
          <div key={key} data-detail={key}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
