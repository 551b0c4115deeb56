// Loads the Thales program profiles: every *.json file in shared/programs, each validated by the
// schema. Adding a program is adding one file there.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  programProfileSchema,
  type EnvironmentId,
  type ProgramEnvironment,
  type ProgramProfile,
} from '../../shared/programs/schema.js';
import { UserError } from './errors.js';

/** shared/programs, found upwards from this module whether it runs from source or from a bundle in dist/. */
function findProgramsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'shared', 'programs');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    'shared/programs was not found beside the application: reinstall it, or set MTLS_DESK_PROGRAMS_DIR',
  );
}

/** Where program rules came from, when not from the package: every output says so. */
export interface ExternalRules {
  dir: string;
  /** One sentence for a person: CLI stderr, the app's banner. */
  notice: string;
}

export function externalRulesNotice(dir: string): string {
  return `program rules are read from ${dir} (MTLS_DESK_PROGRAMS_DIR), outside the package: they replace the built-in Thales rules`;
}

export class ProgramCatalog {
  private constructor(
    private readonly profiles: ReadonlyMap<string, ProgramProfile>,
    /** Where the profiles were read from. */
    readonly programsDir: string,
    /** Set when they came from MTLS_DESK_PROGRAMS_DIR (or another folder than the package's). */
    readonly external: ExternalRules | null,
  ) {}

  /** The catalog MTLS_DESK_PROGRAMS_DIR names, or the package's own. */
  static load(dir = process.env.MTLS_DESK_PROGRAMS_DIR || findProgramsDir()): ProgramCatalog {
    const profiles = new Map<string, ProgramProfile>();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        throw new Error(`program profile ${file} is not valid JSON: ${(error as Error).message}`);
      }
      const parsed = programProfileSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        throw new Error(`program profile ${file} does not follow the schema: ${issues}`);
      }
      if (`${parsed.data.id}.json` !== file)
        throw new Error(
          `program profile ${file} declares id "${parsed.data.id}": name the file after its id`,
        );
      profiles.set(parsed.data.id, parsed.data);
    }
    if (profiles.size === 0) throw new Error(`no program profiles found in ${dir}`);
    let builtIn: string | null = null;
    try {
      builtIn = realpathSync(findProgramsDir());
    } catch {
      builtIn = null;
    }
    let resolved = resolve(dir);
    try {
      resolved = realpathSync(dir);
    } catch {
      // read above, so it exists; keep the resolved path
    }
    const external =
      resolved === builtIn ? null : { dir: resolved, notice: externalRulesNotice(resolved) };
    return new ProgramCatalog(profiles, dir, external);
  }

  list(): ProgramProfile[] {
    return [...this.profiles.values()];
  }

  get(id: string): ProgramProfile {
    const profile = this.profiles.get(id);
    if (!profile) {
      throw new UserError(
        'unknown-program',
        `unknown program "${id}": use one of ${[...this.profiles.keys()].join(', ')}`,
        {},
        {
          id: 'programs.unknown',
          params: { program: id, programs: [...this.profiles.keys()].join(', ') },
        },
      );
    }
    return profile;
  }

  environment(profile: ProgramProfile, id: string): ProgramEnvironment & { id: EnvironmentId } {
    const env = profile.environments.find((e) => e.id === id);
    if (!env) {
      throw new UserError(
        'unknown-environment',
        `program ${profile.id} has no environment "${id}": use ${profile.environments.map((e) => e.id).join(' or ')}`,
        {},
        {
          id: 'programs.unknown-environment',
          params: {
            program: profile.id,
            environment: id,
            environments: profile.environments.map((e) => e.id).join(', '),
          },
        },
      );
    }
    return env;
  }
}
