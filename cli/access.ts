import { dirname, resolve } from 'node:path';
import { commandLine } from '../command-line.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { openWarehouse } from '../warehouse/warehouse.ts';
import { AccessStore, ROLES, type Role } from '../auth/store.ts';
import { runCli } from './run.ts';
import { toolLogger } from '../log.ts';

const USAGE = `Usage:
  npm run user -- add <name> --role admin|viewer|inspector|unit [--team N] [--unit CODE] --db <file>
                    (reads the password from standard input)
  npm run user -- list --db <file>
  npm run user -- remove <name> --db <file>
  npm run token -- create <name> [--label TEXT] --db <file>   (prints the token as the last line)
  npm run token -- list --db <file>
  npm run token -- revoke <token-id> --db <file>`;

const COMMAND_LINE = commandLine(USAGE, { db: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, unit: { type: 'string' }, label: { type: 'string' } }, { positionals: true });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const args = COMMAND_LINE.parse(argv);
  if (typeof args === 'number') return args;
  const { values, positionals } = args;
  const [kind, command, name] = positionals;
  if (!values.db || !kind || !command) return COMMAND_LINE.badUsage();
  const dbPath = resolve(values.db);
  const config = loadConfig({ DATA_DIR: dirname(dbPath), ...process.env }, { dbPath });
  const ctx = await openWarehouse(config, toolLogger(config.logLevel));
  try {
    const store = new AccessStore(ctx.db);
    const audit = (action: string, target: string) => store.audit({ actor: `cli:${process.env['USER'] ?? 'unknown'}`, action, target });
    if (kind === 'user' && command === 'add' && name) {
      if (!values.role || !ROLES.includes(values.role as Role)) throw new AppError(400, 'invalid_role', `--role must be one of ${ROLES.join(', ')}.`);
      const password = await readStdin();
      await store.addUser(
        { username: name, password, role: values.role as Role, team: values.team === undefined ? undefined : Number(values.team), unit: values.unit },
        config.settings.teams.map((t) => t.id),
        // the registry table, not the figures: a fresh warehouse has no models built yet
        (code) => store.isRegisteredUnit(code),
      );
      await audit('user_added', name);
      console.log(`added ${name} (${values.role}${values.team ? `, team ${values.team}` : ''}${values.unit ? `, unit ${values.unit}` : ''})`);
    } else if (kind === 'user' && command === 'list') {
      for (const u of await store.listUsers()) console.log(Object.values(u).map((v) => v ?? '').join('\t'));
    } else if (kind === 'user' && command === 'remove' && name) {
      await store.removeUser(name);
      await audit('user_removed', name);
      console.log(`removed ${name}; its sessions and tokens are revoked`);
    } else if (kind === 'token' && command === 'create' && name) {
      const t = await store.createToken(name, values.label ?? null);
      await audit('token_created', `${name}/${t.tokenId}`);
      console.log(`token ${t.tokenId} for ${name} (shown once; send it as Authorization: Bearer <token>):`);
      console.log(t.token);
    } else if (kind === 'token' && command === 'list') {
      for (const t of await store.listTokens()) console.log(Object.values(t).map((v) => v ?? '').join('\t'));
    } else if (kind === 'token' && command === 'revoke' && name) {
      await store.revokeToken(name);
      await audit('token_revoked', name);
      console.log(`revoked ${name}`);
    } else {
      return COMMAND_LINE.badUsage();
    }
    return 0;
  } finally {
    ctx.db.close();
  }
}

runCli(() => main(process.argv.slice(2)));
