// The connection tester for support, outside any onboarding, both ways (you call a server, or
// Thales calls yours): URL, program and environment, identity (an onboarding's, found by searching
// the vault, PEM files or a PKCS#12 file chosen in a native dialog and decoded in main; the page
// only ever holds an onboarding id or a file id), run, result, report. A refusal shows at its field.
// Its words are in the tester catalogue (renderer/i18n/<language>/tester.json).
import { useState, type FormEvent, type ReactNode } from 'react';
import type { OnboardingSummaryView, ProbeReport } from '../../shared/ipc-contract.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { ApiError, call } from '../api.js';
import { Busy, useOperation } from '../components/common.js';
import {
  DisabledReason,
  ErrorSummary,
  FieldError,
  useFieldErrors,
  type FieldErrors,
} from '../components/field-errors.js';
import { OnboardingPicker } from '../components/onboarding-picker.js';
import { ProbeView } from '../components/probe-view.js';
import { useLocale, useT } from '../i18n/index.js';
import { environmentName } from '../../shared/programs/texts.js';

type FileRef = { id: string; name: string } | null;
type Purpose = 'certificate' | 'key' | 'ca' | 'pkcs12';
type IdentityKind = 'none' | 'onboarding' | 'files' | 'pkcs12';
type TesterField = 'url' | 'file' | 'passphrase' | 'caFile';

/** One set of radio buttons: the direction, the kind of identity. */
function Choices<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
  children?: ReactNode;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value} className="choice inline">
          <input
            type="radio"
            name={props.name}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />{' '}
          {label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}

/** A file chosen in main's dialog: its button, its name (or what is used instead), and Clear. */
function FilePick(props: {
  label: string;
  file: FileRef;
  none: string;
  onChoose(): void;
  onClear?: () => void;
  /** What Clear says to a screen reader ("Stop trusting root.pem"). */
  clearLabel?: string;
  form?: FieldErrors<TesterField>;
  field?: TesterField;
}) {
  const { form, field } = props;
  const t = useT();
  const invalid = form && field ? form.message(field) !== null : false;
  return (
    <div className="file-pick">
      <button
        type="button"
        onClick={props.onChoose}
        {...(form && field ? form.props(field) : {})}
        aria-invalid={invalid || undefined}
      >
        {props.label}
      </button>{' '}
      {props.file ? (
        <span className="file-name">{props.file.name}</span>
      ) : (
        <span>{props.none}</span>
      )}{' '}
      {props.file && props.onClear ? (
        <button
          type="button"
          onClick={props.onClear}
          aria-label={props.clearLabel ?? t('tester.stopUsing', { name: props.file.name })}
        >
          {t('tester.clear')}
        </button>
      ) : null}
      {form && field ? <FieldError form={form} field={field} /> : null}
    </div>
  );
}

export function TesterScreen({ programs }: { programs: readonly ProgramProfile[] }) {
  const t = useT();
  const locale = useLocale();
  const [url, setUrl] = useState('');
  const [program, setProgram] = useState('');
  const [environment, setEnvironment] = useState('');
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('inbound');
  const [identityKind, setIdentityKind] = useState<IdentityKind>('none');
  const [onboarding, setOnboarding] = useState<OnboardingSummaryView | null>(null);
  const [certificate, setCertificate] = useState<FileRef>(null);
  const [key, setKey] = useState<FileRef>(null);
  const [ca, setCa] = useState<FileRef>(null);
  const [pkcs12, setPkcs12] = useState<FileRef>(null);
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState<ProbeReport | null>(null);
  const errors = useFieldErrors<TesterField>(
    {
      url: t(direction === 'inbound' ? 'tester.field.url' : 'tester.field.server'),
      file: t('tester.field.pkcs12'),
      passphrase: t(
        identityKind === 'pkcs12' ? 'tester.field.pkcs12Passphrase' : 'tester.field.keyPassphrase',
      ),
      caFile: t('tester.field.caFile'),
    },
    { 'key-passphrase': 'passphrase', 'file-passphrase': 'passphrase' },
  );
  const [cancelled, setCancelled] = useState(false);
  const { running, run, cancel } = useOperation();
  const profile = programs.find((p) => p.id === program);
  const chosenEnvironment =
    profile?.environments.find((e) => e.id === environment) ?? profile?.environments[0];

  /** A program or environment picked: its published endpoint fills an empty (or its own) URL. */
  function pickEnvironment(next: ProgramProfile | undefined, id: string) {
    const endpoints = programs.flatMap((p) => p.environments.map((e) => e.inboundEndpoint));
    const env = next?.environments.find((e) => e.id === id) ?? next?.environments[0];
    setEnvironment(env?.id ?? '');
    if (direction === 'inbound' && env?.inboundEndpoint && (url === '' || endpoints.includes(url)))
      setUrl(env.inboundEndpoint);
  }

  async function choose(purpose: Purpose, set: (f: FileRef) => void) {
    try {
      const { file } = await call('tester.chooseFile', { purpose });
      if (file) set(file);
    } catch (e) {
      errors.fail(e);
    }
  }

  /** Why the primary button cannot be pressed yet, said beside it. */
  const reasonDisabled =
    url.trim() === ''
      ? t(direction === 'inbound' ? 'tester.reason.url' : 'tester.reason.server')
      : direction === 'inbound' && identityKind === 'onboarding' && onboarding === null
        ? t('tester.reason.onboarding')
        : direction === 'inbound' && identityKind === 'files' && (!certificate || !key)
          ? t('tester.reason.files')
          : direction === 'inbound' && identityKind === 'pkcs12' && !pkcs12
            ? t('tester.reason.pkcs12')
            : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setCancelled(false);
    setResult(null);
    const identity =
      direction === 'outbound'
        ? { kind: 'none' as const }
        : identityKind === 'onboarding' && onboarding
          ? { kind: 'onboarding' as const, onboardingId: onboarding.id }
          : identityKind === 'files' && certificate && key
            ? {
                kind: 'files' as const,
                certificateFile: certificate.id,
                keyFile: key.id,
                passphrase: passphrase || undefined,
              }
            : identityKind === 'pkcs12' && pkcs12
              ? { kind: 'pkcs12' as const, file: pkcs12.id, passphrase: passphrase || undefined }
              : { kind: 'none' as const };
    try {
      setResult(
        await run(
          t(direction === 'outbound' ? 'tester.busy.checking' : 'tester.busy.testing', { url }),
          (operationId) =>
            call('tester.run', {
              operationId,
              url,
              identity,
              caFile: ca?.id,
              program: profile?.id,
              environment: chosenEnvironment?.id,
              direction,
            }),
        ),
      );
    } catch (e) {
      if (e instanceof ApiError && e.code === 'cancelled') setCancelled(true);
      else errors.fail(e);
    }
  }

  const passphraseInput = (label: string) => (
    <>
      <label>
        {label}{' '}
        <input
          type="password"
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.target.value);
            errors.clear('passphrase');
          }}
          autoComplete="off"
          {...errors.props('passphrase')}
        />
      </label>
      <FieldError form={errors} field="passphrase" />
    </>
  );

  return (
    <section aria-labelledby="tester-title">
      <h1 id="tester-title">{t('tester.title')}</h1>
      <form className="form" onSubmit={submit}>
        <ErrorSummary form={errors} />
        <Choices<'inbound' | 'outbound'>
          legend={t('tester.direction')}
          name="direction"
          value={direction}
          onChange={setDirection}
          options={[
            ['inbound', t('tester.direction.inbound')],
            ['outbound', t('tester.direction.outbound')],
          ]}
        />
        <label>
          {t(direction === 'inbound' ? 'tester.url' : 'tester.server')}{' '}
          <input
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              errors.clear('url');
            }}
            placeholder={
              direction === 'inbound'
                ? 'https://host.example.com/base/path'
                : 'issuer.example.com:443'
            }
            required
            {...errors.props('url')}
          />
        </label>
        <FieldError form={errors} field="url" />
        <label>
          {t('tester.program')}
          <select
            value={program}
            onChange={(e) => {
              setProgram(e.target.value);
              pickEnvironment(
                programs.find((p) => p.id === e.target.value),
                '',
              );
            }}
          >
            <option value="">{t('tester.program.none')}</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </label>
        {profile ? (
          <label>
            {t('tester.environment')}
            <select
              value={chosenEnvironment?.id ?? ''}
              onChange={(e) => pickEnvironment(profile, e.target.value)}
            >
              {profile.environments.map((env) => (
                <option key={env.id} value={env.id}>
                  {environmentName(env, locale)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {direction === 'outbound' ? null : (
          <Choices<IdentityKind>
            legend={t('tester.identity')}
            name="identity"
            value={identityKind}
            onChange={(kind) => {
              setIdentityKind(kind);
              errors.clear();
            }}
            options={[
              ['none', t('tester.identity.none')],
              ['onboarding', t('tester.identity.onboarding')],
              ['files', t('tester.identity.files')],
              ['pkcs12', t('tester.identity.pkcs12')],
            ]}
          >
            {identityKind === 'onboarding' ? (
              <OnboardingPicker chosen={onboarding} onChoose={setOnboarding} />
            ) : null}
            {identityKind === 'files' ? (
              <div className="files">
                <FilePick
                  label={t('tester.chooseCertificate')}
                  file={certificate}
                  none={t('tester.noFile')}
                  onChoose={() => void choose('certificate', setCertificate)}
                />
                <FilePick
                  label={t('tester.chooseKey')}
                  file={key}
                  none={t('tester.noFile')}
                  onChoose={() => void choose('key', setKey)}
                />
                {passphraseInput(t('tester.keyPassphrase'))}
              </div>
            ) : null}
            {identityKind === 'pkcs12' ? (
              <div className="files">
                <FilePick
                  label={t('tester.choosePkcs12')}
                  file={pkcs12}
                  none={t('tester.noPkcs12')}
                  onChoose={() => void choose('pkcs12', setPkcs12)}
                  form={errors}
                  field="file"
                />
                {passphraseInput(t('tester.pkcs12Passphrase'))}
                <p className="hint">{t('tester.pkcs12Hint')}</p>
              </div>
            ) : null}
          </Choices>
        )}
        <div className="files">
          <FilePick
            label={t('tester.trustCa')}
            file={ca}
            none={t(direction === 'inbound' ? 'tester.noCa.inbound' : 'tester.noCa.outbound')}
            onChoose={() => void choose('ca', setCa)}
            clearLabel={ca ? t('tester.stopTrusting', { name: ca.name }) : undefined}
            onClear={() => {
              setCa(null);
              errors.clear('caFile');
            }}
            form={errors}
            field="caFile"
          />
        </div>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={running !== null || reasonDisabled !== null}
            aria-describedby={reasonDisabled ? 'run-test-reason' : undefined}
          >
            {t(direction === 'inbound' ? 'tester.run' : 'tester.check')}
          </button>
          <DisabledReason id="run-test-reason" reason={running === null ? reasonDisabled : null} />
        </div>
      </form>
      <Busy running={running} onCancel={cancel} />
      {cancelled ? (
        <p role="status" className="cancelled-note">
          {t('tester.cancelled')}
        </p>
      ) : null}
      {result ? <ProbeView report={result} place="tester" /> : null}
    </section>
  );
}
