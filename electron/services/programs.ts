// Loads the Thales program profiles: every *.json file in shared/programs, each validated by the
// schema. Adding a program is adding one file there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
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

export class ProgramCatalog {
  private constructor(
    private readonly profiles: ReadonlyMap<string, ProgramProfile>,
    /** Where the profiles were read from. */
    readonly programsDir: string,
  ) {}

  static load(dir = process.env.MTLS_DESK_PROGRAMS_DIR ?? findProgramsDir()): ProgramCatalog {
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
    return new ProgramCatalog(profiles, dir);
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
      );
    }
    return env;
  }
}
