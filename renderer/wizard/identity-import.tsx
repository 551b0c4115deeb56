// Wizard step "Client identity", the other way in: an existing private key and its certificate (two
// files, the key possibly encrypted) or one PKCS#12 file. The files are chosen and read in main;
// this page holds only their ids and names and the passphrase it sends once. Main checks that the
// key matches the certificate and both meet the program's rules, then stores the key in the vault.
import { useState, type FormEvent } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { call } from '../api.js';
import { useT } from '../i18n/index.js';
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
      {props.file ? <span data-file-name="">{props.file.name}</span> : <span>{props.none}</span>}
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
  const t = useT();
  const passphraseLabel = t(
    kind === 'pem' ? 'identity.import.keyPassphrase' : 'identity.import.pkcs12Passphrase',
  );
  const errors = useFieldErrors<Field>(
    {
      keyFile: t(kind === 'pem' ? 'identity.import.keyFile' : 'identity.import.pkcs12File'),
      certificateFile: t(
        kind === 'pem' ? 'identity.import.certificateFile' : 'identity.import.pkcs12File',
      ),
      passphrase: passphraseLabel,
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
        ? t('identity.import.reason.pem')
        : null
      : !pkcs12
        ? t('identity.import.reason.pkcs12')
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
      <h3 id="existing-identity-title">{t('identity.import.title')}</h3>
      {mode === 'csr' ? (
        <p className="hint">{t('identity.import.csrHint', { program: profile.displayName })}</p>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <ErrorSummary form={errors} />
        <fieldset>
          <legend>{t('identity.import.legend')}</legend>
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
            {t('identity.import.kind.pem')}
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
            {t('identity.import.kind.pkcs12')}
          </label>
        </fieldset>
        {kind === 'pem' ? (
          <>
            <FileChoice
              label={t('identity.import.chooseKey')}
              file={key}
              none={t('identity.import.noneKey')}
              onChoose={() => void choose('key', 'keyFile', setKey)}
              form={errors}
              field="keyFile"
            />
            <FileChoice
              label={t('identity.import.chooseCertificate')}
              file={certificate}
              none={t('identity.import.noneCertificate')}
              onChoose={() => void choose('certificate', 'certificateFile', setCertificate)}
              form={errors}
              field="certificateFile"
            />
          </>
        ) : (
          <FileChoice
            label={t('identity.import.choosePkcs12')}
            file={pkcs12}
            none={t('identity.import.nonePkcs12')}
            onChoose={() => void choose('pkcs12', 'keyFile', setPkcs12)}
            form={errors}
            field="keyFile"
          />
        )}
        <label>
          {passphraseLabel}{' '}
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
        <p className="hint">{t('identity.import.hint')}</p>
        <div className="actions">
          <button
            type="submit"
            disabled={reason !== null || busy}
            aria-describedby={reason !== null ? 'import-identity-reason' : undefined}
          >
            {t(busy ? 'identity.import.importing' : 'identity.import.submit')}
          </button>
          <DisabledReason id="import-identity-reason" reason={reason} />
        </div>
      </form>
    </section>
  );
}
