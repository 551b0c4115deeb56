// Wizard step "Client identity", the other way in: an existing private key and its certificate (two
// files, the key possibly encrypted) or one PKCS#12 file. The files are chosen and read in main;
// this page holds only their ids and names and the passphrase it sends once. Main checks that the
// key matches the certificate and both meet the program's rules, then stores the key in the vault.
import { useState, type FormEvent } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { call } from '../api.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
  type FieldErrors,
} from '../components/field-errors.js';

type FileRef = { id: string; name: string } | null;
type Field = 'keyFile' | 'certificateFile' | 'passphrase';
type Kind = 'pem' | 'pkcs12';

function FileChoice(props: {
  label: string;
  file: FileRef;
  none: string;
  onChoose(): void;
  form: FieldErrors<Field>;
  field: Field;
}) {
  const { form, field } = props;
  return (
    <div className="file-pick">
      <button type="button" onClick={props.onChoose} {...form.props(field)}>
        {props.label}
      </button>{' '}
      <span>{props.file?.name ?? props.none}</span>
      <FieldError form={form} field={field} />
    </div>
  );
}

export function ExistingIdentity({
  profile,
  onboarding,
  onUpdated,
}: {
  profile: ProgramProfile;
  onboarding: OnboardingDetail;
  onUpdated(o: OnboardingDetail): void;
}) {
  const [kind, setKind] = useState<Kind>('pem');
  const [key, setKey] = useState<FileRef>(null);
  const [certificate, setCertificate] = useState<FileRef>(null);
  const [pkcs12, setPkcs12] = useState<FileRef>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors<Field>(
    {
      keyFile: kind === 'pem' ? 'Private key file' : 'PKCS#12 file',
      certificateFile: kind === 'pem' ? 'Certificate file' : 'PKCS#12 file',
      passphrase: kind === 'pem' ? 'Key passphrase, if encrypted' : 'PKCS#12 passphrase',
    },
    { 'key-passphrase': 'passphrase', 'file-passphrase': 'passphrase' },
  );

  async function choose(
    purpose: 'key' | 'certificate' | 'pkcs12',
    field: Field,
    set: (f: FileRef) => void,
  ) {
    errors.clear(field);
    try {
      const { file } = await call('identity.chooseFile', { purpose });
      if (file) set(file);
    } catch (e) {
      errors.fail(e);
    }
  }

  const reason =
    kind === 'pem'
      ? !key || !certificate
        ? 'Choose the private key file and its certificate file first.'
        : null
      : !pkcs12
        ? 'Choose the PKCS#12 file first.'
        : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (reason !== null || busy) return;
    errors.clear();
    setBusy(true);
    try {
      const request =
        kind === 'pem'
          ? { keyFile: key!.id, certificateFile: certificate!.id }
          : { keyFile: pkcs12!.id };
      const updated = await call('identity.importFiles', {
        onboardingId: onboarding.id,
        ...request,
        ...(passphrase !== '' ? { passphrase } : {}),
      });
      setPassphrase('');
      onUpdated(updated);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  }

  const mode = profile.clientCertificate.mode;
  return (
    <section className="step-body existing-identity" aria-labelledby="existing-identity-title">
      <h3 id="existing-identity-title">Or use an existing key and certificate</h3>
      {mode === 'csr' ? (
        <p className="hint">
          {profile.displayName} signs its client certificates from a CSR: import a key only with the
          certificate Thales already signed for it.
        </p>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>What you have</legend>
          <label className="choice inline">
            <input
              type="radio"
              name="existing-kind"
              checked={kind === 'pem'}
              onChange={() => {
                setKind('pem');
                errors.clear();
              }}
            />
            A private key file and its certificate file
          </label>
          <label className="choice inline">
            <input
              type="radio"
              name="existing-kind"
              checked={kind === 'pkcs12'}
              onChange={() => {
                setKind('pkcs12');
                errors.clear();
              }}
            />
            One PKCS#12 file (.p12, .pfx)
          </label>
        </fieldset>
        {kind === 'pem' ? (
          <>
            <FileChoice
              label="Choose private key…"
              file={key}
              none="none (PEM or DER, encrypted or not)"
              onChoose={() => void choose('key', 'keyFile', setKey)}
              form={errors}
              field="keyFile"
            />
            <FileChoice
              label="Choose certificate…"
              file={certificate}
              none="none (the certificate made for that key)"
              onChoose={() => void choose('certificate', 'certificateFile', setCertificate)}
              form={errors}
              field="certificateFile"
            />
          </>
        ) : (
          <FileChoice
            label="Choose PKCS#12 file…"
            file={pkcs12}
            none="none (the certificate with its key)"
            onChoose={() => void choose('pkcs12', 'keyFile', setPkcs12)}
            form={errors}
            field="keyFile"
          />
        )}
        <label>
          {kind === 'pem' ? 'Key passphrase, if encrypted' : 'PKCS#12 passphrase'}{' '}
          <input
            type="password"
            value={passphrase}
            autoComplete="off"
            onChange={(e) => {
              setPassphrase(e.target.value);
              errors.clear('passphrase');
            }}
            {...errors.props('passphrase')}
          />
        </label>
        <FieldError form={errors} field="passphrase" />
        <p className="hint">
          The files are read by mTLS Desk&apos;s main process: the private key goes into the vault
          and never reaches this window.
        </p>
        <div className="actions">
          <button
            type="submit"
            disabled={reason !== null || busy}
            aria-describedby={reason !== null ? 'import-identity-reason' : undefined}
          >
            {busy ? 'Importing…' : 'Import key and certificate'}
          </button>
          <DisabledReason id="import-identity-reason" reason={reason} />
        </div>
      </form>
    </section>
  );
}
