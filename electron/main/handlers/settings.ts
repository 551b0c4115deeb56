// Settings: the warning thresholds, the auto-lock time, and the data folder (a new one is used
// from the next start).
import type { Settings } from '../../../shared/ipc-contract.js';
import { chooseDataFolder, holdsVault, nextDataFolder } from '../data-folder.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels = 'settings.get' | 'settings.update' | 'settings.dataDir';

export function settingsHandlers({
  desk,
  dataFolder,
  dialogs,
}: HandlerContext): HandlerSlice<Channels> {
  const settings = (): Settings => {
    const current = desk.settings.get();
    const next = nextDataFolder(dataFolder);
    return {
      dataDir: desk.dataDir,
      dataDirAfterRestart: next !== desk.dataDir ? next : null,
      dataDirAfterRestartHoldsVault: next !== desk.dataDir && holdsVault(next),
      dataDirFromEnvironment: dataFolder.fromEnvironment,
      expiryWarningDays: [...current.expiryWarningDays].sort((a, b) => b - a),
      autoLockMinutes: current.autoLockMinutes,
      theme: current.theme ?? 'system',
      language: current.language ?? 'system',
    };
  };
  return {
    'settings.get': async () => settings(),
    'settings.update': async (request) => {
      desk.settings.update({
        autoLockMinutes: request.autoLockMinutes,
        expiryWarningDays: request.expiryWarningDays,
        theme: request.theme,
        language: request.language,
      });
      return settings();
    },
    'settings.dataDir': async (request) => {
      if (request.action === 'default') {
        chooseDataFolder(dataFolder, null);
        return settings();
      }
      const dir = await dialogs.openFolder();
      if (dir !== null) chooseDataFolder(dataFolder, dir);
      return settings();
    },
  };
}
