// A program's rule the person can change: the Common Name layout Thales confirmed (D1), saved in
// the settings as `mtls-desk programs confirm-cn-layout` does.
import type { CommonNameLayoutView } from '../../../shared/ipc-contract.js';
import type { Desk } from '../../services/desk.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels = 'programs.cnLayout' | 'programs.confirmCnLayout';

function layoutView(desk: Desk, program: string): CommonNameLayoutView {
  const rule = desk.catalog.get(program).commonName;
  return {
    program,
    defaultLayout: rule.kind === 'template' ? rule.template : null,
    confirmed: desk.programs.confirmedCommonNameLayout(program) ?? null,
  };
}

export function programHandlers({ desk }: HandlerContext): HandlerSlice<Channels> {
  return {
    'programs.cnLayout': async (request) => layoutView(desk, request.program),
    'programs.confirmCnLayout': async (request) => {
      desk.programs.confirmCommonNameLayout(request.program, request.layout);
      return layoutView(desk, request.program);
    },
  };
}
