// The app itself: its version and data folder, the programs, the audit trail, cancelling an operation.
import { auditSummary } from '../../../shared/audit-words.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels = 'app.info' | 'programs.list' | 'audit.list' | 'operation.cancel';

export function appHandlers({ desk, version, operations }: HandlerContext): HandlerSlice<Channels> {
  return {
    'app.info': async () => ({
      version,
      dataDir: desk.dataDir,
      services: { vault: true, probe: true },
    }),
    'programs.list': async () => ({
      programs: desk.catalog.list(),
      externalRules: desk.catalog.external,
    }),
    'audit.list': async () => {
      const verification = desk.audit.verify();
      return {
        entries: desk.audit.entries().map((e) => ({
          seq: e.seq,
          at: e.at,
          who: e.who,
          action: e.action,
          summary: auditSummary(e.details),
          details: e.details,
          sealed: e.seal !== undefined,
        })),
        verified: verification.ok,
        problem: verification.problems[0]?.message ?? null,
        problems: verification.problems.map((p) => p.message),
        problemTexts: verification.problems.map((p) => ({
          message: p.message,
          messageId: p.text.id,
          ...(p.text.params ? { params: p.text.params } : {}),
        })),
        seals: verification.seals,
        sealedLater: verification.sealedLater,
        unsealed: verification.unsealed,
      };
    },
    'operation.cancel': async (request) => ({ cancelled: operations.cancel(request.operationId) }),
  };
}
