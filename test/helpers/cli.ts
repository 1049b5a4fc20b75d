import { spawn } from 'node:child_process';
import { repoRoot, tsNode } from './warehouse.ts';

/** What a command-line program did: its exit status and everything it wrote. */
export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's programs (`cli/national.ts`, relative to the repository) as npm would, to its end. */
export function runProgram(file: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(...tsNode(`${repoRoot}/${file}`, args), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
