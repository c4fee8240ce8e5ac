/**
 * Reads a Dockerfile and runs its steps on this machine, without Docker: each stage is a folder
 * standing for its WORKDIR, COPY copies from the build context (filtered by .dockerignore) or
 * from an earlier stage's folder, RUN runs in the stage's folder with the stage's ENV. What only
 * an image has (the base image's files, USER, EXPOSE, HEALTHCHECK, CMD) is recorded for the test
 * to check and to start the server as the image would.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, relative } from 'node:path';

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly instructions: Instruction[];
  workdir: string;
  readonly env: Record<string, string>;
  user?: string;
  readonly expose: string[];
  healthcheck?: string[];
  cmd?: string[];
}

/** Instructions in order: comments and blank lines dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (!pending && (raw.trim() === '' || raw.trimStart().startsWith('#'))) continue;
    if (pending && raw.trimStart().startsWith('#')) continue; // comments inside a continuation
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending) logical.push(pending);
  return logical.map((line) => {
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(line);
    if (!match) throw new Error(`cannot read Dockerfile line: ${line}`);
    return { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() };
  });
}

/** Splits the instructions into stages (ARG before the first FROM is global and ignored here). */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const name = /\bAS\s+(\S+)\s*$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [], workdir: '/', env: {}, expose: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    } else if (instruction.keyword !== 'ARG') {
      throw new Error(`${instruction.keyword} before FROM`);
    }
  }
  return stages;
}

/** Docker's .dockerignore: paths from the context root, `*` within a name, `**` across folders, `!` to re-include. */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix.normalize((negate ? line.slice(1) : line).replace(/^\/+/, '')).replace(/\/+$/, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '(?:.*)'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
      return { negate, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path) => rules.reduce((ignored, rule) => (rule.regex.test(path) ? !rule.negate : ignored), false);
}

export interface RunOptions {
  /** The build context (the repository). */
  readonly context: string;
  /** Where the stages' folders go. */
  readonly workRoot: string;
  /** Rewrites a RUN command before it runs (e.g. to install from the local npm cache). */
  readonly rewriteRun?: (command: string) => string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/** Runs every stage; answers each stage with the folder that stands for its file system's WORKDIR. */
export function runStages(stages: readonly Stage[], options: RunOptions): Map<string, { stage: Stage; dir: string }> {
  const ignored = dockerignore(readFileSync(join(options.context, '.dockerignore'), 'utf8'));
  const done = new Map<string, { stage: Stage; dir: string }>();
  for (const stage of stages) {
    const root = join(options.workRoot, stage.name);
    mkdirSync(root, { recursive: true });
    // The stage's file system: only paths under its WORKDIR are kept (the base image has the rest).
    const inStage = (rootOf: string, workdir: string, containerPath: string) => {
      const absolute = posix.resolve(workdir, containerPath);
      const inside = posix.relative('/app', absolute);
      if (inside.startsWith('..')) throw new Error(`the test keeps only /app of a stage: ${containerPath}`);
      return join(rootOf, inside);
    };
    done.set(stage.name, { stage, dir: root });
    for (const { keyword, args } of stage.instructions) {
      options.log?.(`${stage.name}: ${keyword} ${args}`);
      switch (keyword) {
        case 'WORKDIR':
          stage.workdir = posix.resolve(stage.workdir, args);
          mkdirSync(inStage(root, stage.workdir, '.'), { recursive: true });
          break;
        case 'ENV':
          for (const [, key, value] of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g))
            stage.env[key!] = value!.startsWith('"') ? (JSON.parse(value!) as string) : value!;
          break;
        case 'COPY': {
          const words = args.split(/\s+/);
          const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
          const [dest, ...sources] = words.filter((w) => !w.startsWith('--')).reverse();
          if (!dest) throw new Error(`COPY without a destination: ${args}`);
          const target = inStage(root, stage.workdir, dest);
          for (const source of sources.reverse()) {
            const earlier = from ? done.get(from) : undefined;
            if (from && !earlier) throw new Error(`COPY --from=${from}: no such stage before ${stage.name}`);
            const path = earlier ? inStage(earlier.dir, earlier.stage.workdir, source) : join(options.context, source);
            copyInto(
              path,
              target,
              dest.endsWith('/') || sources.length > 1,
              earlier ? () => false : (p) => ignored(relative(options.context, p).split('\\').join('/')),
            );
          }
          break;
        }
        case 'RUN': {
          const command = args.replace(/--mount=\S+\s+/g, '');
          const run = options.rewriteRun ? options.rewriteRun(command) : command;
          execFileSync('sh', ['-c', run], {
            cwd: inStage(root, stage.workdir, '.'),
            env: { ...options.env, ...stage.env },
            stdio: ['ignore', 'pipe', 'pipe'],
            maxBuffer: 64 * 1024 * 1024,
          });
          break;
        }
        case 'USER':
          stage.user = args;
          break;
        case 'EXPOSE':
          stage.expose.push(...args.split(/\s+/));
          break;
        case 'HEALTHCHECK':
          stage.healthcheck = JSON.parse(args.replace(/^.*?\bCMD\s+/, '')) as string[];
          break;
        case 'CMD':
          stage.cmd = JSON.parse(args) as string[];
          break;
        case 'ARG':
        case 'LABEL':
          break;
        default:
          throw new Error(`the Dockerfile test does not know ${keyword}: teach test/deploy/dockerfile-steps.ts`);
      }
    }
  }
  return done;
}

/** Docker's COPY: a folder's contents go into the target (links kept as links); a file goes to the target path, or into it when it is a folder. */
function copyInto(source: string, target: string, targetIsFolder: boolean, ignored: (path: string) => boolean): void {
  if (statSync(source).isDirectory()) {
    cpSync(source, target, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (path) => path === source || !ignored(path),
    });
    return;
  }
  if (ignored(source)) return;
  const file = targetIsFolder ? join(target, basename(source)) : target;
  mkdirSync(join(file, '..'), { recursive: true });
  cpSync(source, file);
}
