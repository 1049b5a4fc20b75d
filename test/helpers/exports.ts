import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const CANONICAL_HEADER =
  'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time';

/**
 * Writes a canonical CSV export of `rows` synthetic documents spread over the registry's
 * provincial bodies and districts; `variant` changes every document's completion so a
 * second file updates all of them.
 */
export async function writeSyntheticCsv(path: string, rows: number, variant = 0): Promise<void> {
  const units = ['P01', 'P02', 'P03', 'P04', '380', '381', '382', '384'];
  const out = createWriteStream(path);
  out.write(`${CANONICAL_HEADER}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const unit = units[i % units.length];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const out_ = i % 2 === 0;
    chunk += out_
      ? `${unit},D${i},out,${i}/UBND,Công văn,2020-08-${day},2020-08-${day}T0${i % 10}:00:00+07:00,normal,electronic,${i % 3 ? 'true' : 'false'},,\n`
      : `${unit},D${i},in,${i}/STC,Công văn,2020-08-${day},2020-08-${day} 09:00,normal,,,2020-09-${day},2020-09-${day} ${10 + variant}:00\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'finish');
}
