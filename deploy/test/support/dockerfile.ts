/**
 * @module deploy/Dockerfile read with dockerfile-ast: the deploy step of the build stage and what
 * the runtime stage starts, so the tests replay the file's own commands instead of copies of them.
 */
import { type Copy, DockerfileParser, type Env, type From, type Healthcheck, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { readDeployFile } from './repo.js';

export interface Stage {
  name: string | null;
  /** `node:20-bookworm-slim` */
  image: string;
  instructions: Instruction[];
}

export interface ImageSpec {
  stages: Stage[];
  /** `ARG` defaults of the whole file. */
  args: Record<string, string>;
  /** The `RUN ... pnpm ... deploy <target>` of a build stage: the production install. */
  deploy: { stage: string; command: string; target: string };
  runtime: {
    image: string;
    env: Record<string, string>;
    workdir: string;
    user: string;
    /** `COPY --from=<stage> <src> <dest>` */
    copiesFromStages: { from: string; src: string; dest: string }[];
    /** `COPY <src in the build context> <dest>` */
    copies: { src: string; dest: string }[];
    expose: number[];
    entrypoint: string[];
    cmd: string[];
    healthcheck: { options: Record<string, string>; argv: string[] };
    stopSignal: string;
  };
}

function one<T extends Instruction>(stage: Stage, keyword: string): T {
  const found = stage.instructions.filter((i) => i.getKeyword() === keyword);
  if (found.length !== 1) throw new Error(`Dockerfile stage ${stage.name}: expected one ${keyword}, found ${found.length}`);
  return found[0] as T;
}

function json(i: Instruction): string[] {
  const strings = (i as JSONInstruction).getJSONStrings();
  if (!strings.length) throw new Error(`Dockerfile: ${i.getKeyword()} must use the exec (JSON) form`);
  return strings.map((s) => s.getJSONValue());
}

function copyArgs(i: Copy): { src: string; dest: string } {
  const args = i.getArguments().map((a) => a.getValue());
  if (args.length !== 2) throw new Error(`Dockerfile: COPY ${args.join(' ')}: expected one source and one destination`);
  return { src: args[0]!, dest: args[1]! };
}

export function readImage(file = 'Dockerfile'): ImageSpec {
  const parsed = DockerfileParser.parse(readDeployFile(file));
  const stages: Stage[] = [];
  const args: Record<string, string> = {};
  for (const i of parsed.getInstructions()) {
    const keyword = i.getKeyword();
    if (keyword === 'FROM') {
      const from = i as From;
      stages.push({ name: from.getBuildStage(), image: `${from.getImageName()}:${from.getImageTag()}`, instructions: [] });
      continue;
    }
    if (keyword === 'ARG') {
      const [name, value = ''] = (i.getArgumentsContent() ?? '').split('=');
      args[name!] = value;
    }
    stages.at(-1)?.instructions.push(i);
  }
  const runtime = stages.at(-1);
  if (!runtime) throw new Error('Dockerfile: no FROM');

  const deploys = stages.flatMap((stage) =>
    stage.instructions
      .filter((i) => i.getKeyword() === 'RUN' && /\bpnpm\b.*\sdeploy\s/.test(i.getArgumentsContent() ?? ''))
      .map((i) => ({ stage: stage.name ?? '', command: i.getArgumentsContent()! })),
  );
  if (deploys.length !== 1) throw new Error(`Dockerfile: expected one "pnpm ... deploy <dir>" RUN, found ${deploys.length}`);
  const target = deploys[0]!.command.trim().split(/\s+/).at(-1)!;

  const env: Record<string, string> = {};
  for (const i of runtime.instructions.filter((x) => x.getKeyword() === 'ENV')) {
    for (const p of (i as Env).getProperties()) env[p.getName()] = p.getValue() ?? '';
  }
  const copies = runtime.instructions.filter((x) => x.getKeyword() === 'COPY') as Copy[];
  const hc = one<Healthcheck>(runtime, 'HEALTHCHECK');
  const hcContent = hc.getArgumentsContent() ?? '';
  if (!hcContent.startsWith('CMD ')) throw new Error('Dockerfile: HEALTHCHECK must be CMD [...]');
  return {
    stages,
    args,
    deploy: { ...deploys[0]!, target },
    runtime: {
      image: runtime.image,
      env,
      workdir: one(runtime, 'WORKDIR').getArgumentsContent()!,
      user: one(runtime, 'USER').getArgumentsContent()!,
      copiesFromStages: copies.filter((c) => c.getFromFlag()).map((c) => ({ from: c.getFromFlag()!.getValue()!, ...copyArgs(c) })),
      copies: copies.filter((c) => !c.getFromFlag()).map(copyArgs),
      expose: runtime.instructions
        .filter((x) => x.getKeyword() === 'EXPOSE')
        .flatMap((x) => x.getArguments().map((a) => Number(a.getValue()))),
      entrypoint: json(one(runtime, 'ENTRYPOINT')),
      cmd: json(one(runtime, 'CMD')),
      healthcheck: {
        options: Object.fromEntries(hc.getFlags().map((f) => [f.getName(), f.getValue() ?? ''])),
        argv: JSON.parse(hcContent.slice('CMD '.length)) as string[],
      },
      stopSignal: one(runtime, 'STOPSIGNAL').getArgumentsContent()!,
    },
  };
}

/** The value after `--config` in the start command: the config file path inside the image. */
export function configPathOf(image: ImageSpec): string {
  const argv = [...image.runtime.entrypoint, ...image.runtime.cmd];
  const i = argv.indexOf('--config');
  if (i < 0 || !argv[i + 1]) throw new Error('Dockerfile: the start command has no --config <file>');
  return argv[i + 1]!;
}

/** The path the HEALTHCHECK script requests: its first quoted string that starts with `/`. */
export function healthcheckPath(image: ImageSpec): string | undefined {
  return /['"`](\/[A-Za-z0-9._~\-/]*)['"`]/.exec(image.runtime.healthcheck.argv.join(' '))?.[1];
}
