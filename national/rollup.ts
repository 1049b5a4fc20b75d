import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import type { Database } from '../warehouse/database.ts';
import { readRows, runScript, sqlFile } from '../warehouse/sql.ts';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { MANIFEST_FORMAT, PUBLICATION_SCHEMA_VERSION, sha256File, type Manifest, type ManifestFile } from './publish.ts';

const q = (name: string) => sqlFile(new URL(`./sql/${name}.sql`, import.meta.url));

export interface ProvinceLoad {
  province: string;
  name: string;
  dir: string;
  as_of: string;
  /** months replaced or added */
  loaded: string[];
  /** months whose files the warehouse already held */
  unchanged: string[];
  /** of the months loaded, those that replaced a month held: the as_of held, and the new one */
  replaced: { month: string; from_as_of: string; to_as_of: string }[];
}

/** A refusal of a publication, in the words of both languages (an operator reads it). */
const refused = (code: string, en: string, vi: string, details: Record<string, unknown>) =>
  new AppError(422, code, `${en}\n${vi}`, details);

function readManifests(dir: string): { file: string; manifest: Manifest }[] {
  const folder = join(dir, 'manifests');
  if (!existsSync(dir)) {
    throw refused('not_a_publication', `${dir} does not exist: give the folder a publication was written or copied to (npm run publish -- --out).`,
      `Không có thư mục ${dir}.`, { dir });
  }
  if (!existsSync(folder)) {
    throw refused('not_a_publication', `${dir} is not a publication: it has no manifests/ folder (npm run publish writes one).`,
      `${dir} không phải là thư mục công bố số liệu: không có thư mục manifests/.`, { dir });
  }
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const file = join(folder, f);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    } catch (err) {
      throw refused('invalid_manifest', `${file} cannot be read as a manifest: ${(err as Error).message}`, `Không đọc được tệp kê khai ${file}.`, { file });
    }
    if (manifest.format !== MANIFEST_FORMAT) {
      throw refused('invalid_manifest', `${file} is not a manifest of a publication (format "${String(manifest.format)}").`, `${file} không phải tệp kê khai của bản công bố số liệu.`, { file });
    }
    if (manifest.schema_version !== PUBLICATION_SCHEMA_VERSION) {
      throw refused('schema_mismatch',
        `Province ${manifest.province} (${manifest.province_name}) published with schema version ${manifest.schema_version}; this national warehouse reads version ${PUBLICATION_SCHEMA_VERSION} only. Nothing was loaded: the province must publish again with a matching version of the service (or this roll-up be upgraded).`,
        `Tỉnh ${manifest.province_name} (${manifest.province}) công bố theo phiên bản lược đồ ${manifest.schema_version}; kho quốc gia chỉ đọc phiên bản ${PUBLICATION_SCHEMA_VERSION}. Chưa nạp gì.`,
        { file, province: manifest.province, schema_version: manifest.schema_version, expected: PUBLICATION_SCHEMA_VERSION });
    }
    return { file, manifest };
  });
}

export interface RollUpOptions {
  /** provinces whose publication may carry another map than the one held (their registry changed) */
  acceptMapChange?: readonly string[];
}

/**
 * The same counts under two codes: a publication copied, or published again under another
 * code (publication.province defaults to 38), would be counted twice. Two provinces'
 * months never have the same bytes (their units' codes differ). Among the publications
 * given together; against the months held: refuseCountsHeldForAnotherProvince.
 */
function refuseOneProvinceUnderTwoCodes(found: { file: string; manifest: Manifest }[]): void {
  const owner = new Map<string, { province: string; month: string }>();
  for (const { manifest } of found) {
    for (const m of manifest.months) {
      for (const f of m.files) {
        const other = owner.get(f.sha256);
        if (other && other.province !== manifest.province) {
          throw refused('same_counts_two_provinces',
            `Provinces ${other.province} and ${manifest.province} published the same file (${other.month} and ${m.month}, SHA-256 ${f.sha256.slice(0, 12)}…): one province's counts under two codes would be counted twice. Nothing was loaded: remove the wrong publication, or publish it again with its own code (publication.province).`,
            `Tỉnh ${other.province} và tỉnh ${manifest.province} công bố cùng một tệp số liệu (${other.month} và ${m.month}): số liệu của một tỉnh mang hai mã sẽ bị tính hai lần. Chưa nạp gì.`,
            { provinces: [other.province, manifest.province], sha256: f.sha256 });
        }
        owner.set(f.sha256, { province: manifest.province, month: m.month });
      }
    }
  }
}

/**
 * The same counts under two codes across roll-ups: provinces publish at different times, so
 * a copy of a province's publication under another code usually arrives in another run than
 * the province's own, which refuseOneProvinceUnderTwoCodes (the publications given together)
 * cannot see. Each file of a month loaded is kept by its SHA-256 (national_months.
 * each_file_sha256, migration 021); a publication with a month's file held for another
 * province is refused. Every month of the publication is compared, unchanged ones too: a
 * duplicate held from before the migration is found when either province comes again. A
 * province publishing its own files again is not another province.
 */
async function refuseCountsHeldForAnotherProvince(db: Database, found: { file: string; manifest: Manifest }[]): Promise<void> {
  const sha256s = [...new Set(found.flatMap(({ manifest }) => manifest.months.flatMap((m) => m.files.map((f) => f.sha256))))];
  if (sha256s.length === 0) return;
  const held = await db.all<{ province: string; name: string; month: string; sha256: string }>(q('held-files'), { sha256s: listValue(sha256s) });
  for (const { manifest } of found) {
    for (const m of manifest.months) {
      for (const f of m.files) {
        const other = held.find((h) => h.sha256 === f.sha256 && h.province !== manifest.province);
        if (!other) continue;
        throw refused('same_counts_two_provinces',
          `Provinces ${other.province} (${other.name}, held here) and ${manifest.province} (${manifest.province_name}) published the same file (${other.month} and ${m.month}, SHA-256 ${f.sha256.slice(0, 12)}…): one province's counts under two codes would be counted twice. Nothing was loaded: remove the wrong publication, or publish it again with its own code (publication.province); if it is the month held for ${other.province} that is wrong, withdraw it (npm run national -- --db ${db.path} --withdraw ${other.province}:${other.month}) and roll up again.`,
          `Tỉnh ${other.name} (${other.province}, đang lưu trong kho) và tỉnh ${manifest.province_name} (${manifest.province}) công bố cùng một tệp số liệu (${other.month} và ${m.month}): số liệu của một tỉnh mang hai mã sẽ bị tính hai lần. Chưa nạp gì. Nếu số liệu đang lưu của tỉnh ${other.province} là sai, hãy rút tháng đó khỏi kho (--withdraw ${other.province}:${other.month}) rồi tổng hợp lại.`,
          { provinces: [other.province, manifest.province], months: [other.month, m.month], sha256: f.sha256 });
      }
    }
  }
}

/**
 * A publication under the code of a province held here whose name or map (its registry's
 * hash) differs: another province's counts under that code (a publication made with the
 * default publication.province) would silently replace the province's. A province whose map
 * really changed (the reorganisation of 1/7/2025) is accepted when named in acceptMapChange.
 */
async function refuseAnotherProvinceUnderAHeldCode(db: Database, found: { file: string; manifest: Manifest }[], accepted: ReadonlySet<string>): Promise<void> {
  const held = new Map((await nationalProvinces(db)).map((p) => [p.province, p]));
  for (const { file, manifest } of found) {
    const h = held.get(manifest.province);
    if (!h || accepted.has(manifest.province)) continue;
    const nameDiffers = provinceNameKey(h.name) !== provinceNameKey(manifest.province_name);
    const mapDiffers = h.map_version !== manifest.map_version;
    if (!nameDiffers && !mapDiffers) continue;
    const differs = [
      ...(nameDiffers ? [`name "${manifest.province_name}", held "${h.name}"`] : []),
      ...(mapDiffers ? [`map ${manifest.map_version.slice(0, 12)}…, held ${h.map_version.slice(0, 12)}…`] : []),
    ];
    const what = nameDiffers && mapDiffers ? 'name and map' : nameDiffers ? 'name' : 'map (registry)';
    throw refused('province_changed',
      `Province ${manifest.province} (${h.name}, as of ${h.as_of}) is held with another ${what} than ${file} carries (${differs.join('; ')}). Nothing was loaded. If this is another province published under code ${manifest.province}, publish it again with its own code (publication.province); if the province's map or name really changed, run again with --accept-map-change ${manifest.province}.`,
      `Tỉnh ${h.name} (${manifest.province}) đang được lưu với ${nameDiffers ? 'tên' : 'danh mục đơn vị'} khác với bản công bố ${file}. Chưa nạp gì. Nếu đây là số liệu của tỉnh khác mang nhầm mã ${manifest.province}, hãy công bố lại với mã đúng; nếu tỉnh thực sự thay đổi danh mục đơn vị hoặc tên, chạy lại với --accept-map-change ${manifest.province}.`,
      { province: manifest.province, file, held: { name: h.name, map_version: h.map_version }, published: { name: manifest.province_name, map_version: manifest.map_version } });
  }
}

/** A month of a publication older than the same month held (refuseOlderPublications). */
interface OlderMonth {
  manifest: Manifest;
  month: string;
  as_of: string;
  published_at: string;
  held_as_of: string;
  held_published_at: string;
}

/**
 * A month is replaced by whichever publication of it is rolled up last, so an old copy of a
 * publication rolled up after the province's correction put the old counts back, silently
 * ("1 month(s) loaded"). A month whose published_at is older than the one held is refused,
 * all of them named; going back to older counts on purpose is a withdrawal of the month,
 * then a roll-up (the month is then not held, so not compared).
 */
function refuseOlderPublications(older: OlderMonth[], dbPath: string): void {
  if (older.length === 0) return;
  const provinces = [...new Set(older.map((o) => o.manifest.province))];
  const of = (province: string) => older.filter((o) => o.manifest.province === province);
  const withdrawals = older.map((o) => `--withdraw ${o.manifest.province}:${o.month}`).join(' ');
  const vnMonth = (m: string) => `${m.slice(5)}/${m.slice(0, 4)}`;
  const en = provinces.map((p) => {
    const months = of(p);
    return `Province ${p} (${months[0]!.manifest.province_name}): ${months.map((o) =>
      `${o.month} published ${o.published_at} (as of ${o.as_of}) is older than the month held, published ${o.held_published_at} (as of ${o.held_as_of})`).join('; ')}`;
  }).join('. ');
  const vi = provinces.map((p) => {
    const months = of(p);
    return `Tỉnh ${months[0]!.manifest.province_name} (${p}): ${months.map((o) =>
      `tháng ${vnMonth(o.month)} công bố lúc ${o.published_at} (số liệu đến ngày ${o.as_of}) cũ hơn bản đang lưu, công bố lúc ${o.held_published_at} (số liệu đến ngày ${o.held_as_of})`).join('; ')}`;
  }).join('. ');
  throw refused('older_publication',
    `${en}. Nothing was loaded: this publication would replace newer counts with older ones. To go back to the older counts on purpose, withdraw the month first (npm run national -- --db ${dbPath} ${withdrawals}) and roll up again.`,
    `${vi}. Chưa nạp gì: bản công bố này sẽ thay số liệu mới bằng số liệu cũ. Nếu thực sự muốn quay lại số liệu cũ, hãy rút tháng đó khỏi kho trước (${withdrawals}) rồi tổng hợp lại.`,
    {
      provinces,
      months: older.map((o) => ({ province: o.manifest.province, month: o.month, published_at: o.published_at, as_of: o.as_of, held_published_at: o.held_published_at, held_as_of: o.held_as_of })),
    });
}

/** A province's name compared without case, diacritics or its prefix (Tỉnh, Thành phố, TP.): "Thanh Hoá" is "Thanh Hóa". */
export const provinceNameKey = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')
  .toLowerCase().replace(/\s+/g, ' ').trim().replace(/^(tinh|thanh pho|tp\.?) ?/, '').trim();

/**
 * A publication must be of a province of the roster (the 34 in force since 1/7/2025), under
 * its code and name. A code not on it is a province's old code: its counts would sit beside
 * its successor's, which publishes the same history under its own code, and be counted twice
 * and ranked as a 35th province. A code on it under another province's name is most often a
 * predecessor whose code the successor kept or took (old Bắc Giang under 24, now Bắc Ninh's):
 * taken as the province of the roster, half of a merger would make the whole look published.
 */
async function refuseProvincesOffTheRoster(db: Database, found: { file: string; manifest: Manifest }[]): Promise<void> {
  const roster = await db.all<{ province: string; name: string; official_name: string }>(q('roster'));
  for (const { file, manifest } of found) {
    const r = roster.find((p) => p.province === manifest.province);
    if (!r) {
      throw refused('province_not_on_roster',
        `Province ${manifest.province} (${manifest.province_name}) is not one of the 34 provinces in force since 1/7/2025 (Decision 19/2025/QĐ-TTg): a province's old code, whose counts would be counted beside its successor's. Nothing was loaded: the province that succeeded it publishes its history under its own code (publication.province).`,
        `${manifest.province_name} (mã ${manifest.province}) không thuộc 34 tỉnh, thành phố từ 01/7/2025 (Quyết định 19/2025/QĐ-TTg). Chưa nạp gì: tỉnh, thành phố kế thừa công bố cả số liệu trước đây theo mã của mình.`,
        { province: manifest.province, name: manifest.province_name, file });
    }
    if (provinceNameKey(manifest.province_name) !== provinceNameKey(r.name)) {
      throw refused('roster_name_mismatch',
        `Province ${manifest.province} published as "${manifest.province_name}"; code ${manifest.province} is ${r.official_name} since 1/7/2025 (Decision 19/2025/QĐ-TTg). Nothing was loaded: publish with the code and name of the province in force (publication.province, publication.name); a province merged into it publishes under its successor's.`,
        `Bản công bố mang mã ${manifest.province} với tên "${manifest.province_name}", nhưng mã ${manifest.province} là ${r.official_name} từ 01/7/2025. Chưa nạp gì: hãy công bố theo mã và tên của tỉnh hiện nay.`,
        { province: manifest.province, name: manifest.province_name, roster_name: r.official_name, file });
    }
  }
  // held and shown as the roster names it, however the publication spelled it
  for (const f of found) f.manifest = { ...f.manifest, province_name: roster.find((p) => p.province === f.manifest.province)!.name };
}

/** A file of a publication the roll-up reads, with the publication it belongs to. */
interface ReadFile {
  /** its path inside the publication (counts/province=40/year=2020/month=10/data_0.parquet) */
  relative: string;
  sha256: string;
  manifest: Manifest;
  dir: string;
}

/**
 * Copies the files to read into `stage` (each publication folder under a number of its own,
 * the paths inside it kept: the province is the path's partition) and checks each copy
 * against its manifest's checksum, before anything is written: DuckDB then reads the bytes
 * checked. Reading the publication's own files, a publish into the same folder between the
 * check and the read (it renames new month folders in, then rewrites the manifest) failed
 * with DuckDB's English IO error or, had it written other counts, loaded them under the
 * hash of the counts checked. Such a race is refused as a checksum mismatch, saying so.
 */
async function stageFiles(stage: string, files: ReadFile[], folderOf: (dir: string) => number): Promise<string[]> {
  const staged: string[] = [];
  for (const f of files) {
    const copy = join(stage, String(folderOf(f.dir)), f.relative);
    mkdirSync(dirname(copy), { recursive: true });
    const copied = await copyFile(join(f.dir, f.relative), copy).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    });
    const actual = copied ? await sha256File(copy) : null;
    if (actual !== f.sha256) {
      const { manifest } = f;
      throw refused('checksum_mismatch',
        `Province ${manifest.province}: ${f.relative} ${actual === null ? 'is missing' : `does not match its checksum (manifest ${f.sha256.slice(0, 12)}…, file ${actual.slice(0, 12)}…)`}. Nothing was loaded: publish again, or copy the publication again; if the province is publishing into ${f.dir} now, run the roll-up again once it has finished.`,
        `Tỉnh ${manifest.province_name} (${manifest.province}): tệp ${f.relative} ${actual === null ? 'bị thiếu' : 'không khớp mã kiểm tra'}. Chưa nạp gì: hãy công bố hoặc sao chép lại; nếu tỉnh đang công bố vào thư mục này, hãy chạy lại khi tỉnh công bố xong.`,
        { province: manifest.province, path: f.relative });
    }
    staged.push(copy);
  }
  return staged;
}

const filesHash = (files: ManifestFile[]) => createHash('sha256').update(files.map((f) => `${f.path}:${f.sha256}`).join('\n')).digest('hex');

/**
 * Loads the publications in `dirs` into the national warehouse (README "National roll-up"):
 * every manifest's schema version and every file's checksum are verified before anything is
 * written; then, in one transaction, each province's registry is replaced and each month it
 * publishes replaces the same month held (a month whose files are those already held is left;
 * one published before the month held is refused: refuseOlderPublications).
 * The files are read from private copies, each checked against its manifest (stageFiles).
 */
export async function rollUp(db: Database, dirs: string[], options: RollUpOptions = {}): Promise<ProvinceLoad[]> {
  // the same folder given twice (a shell glob and a name) is one publication, not two
  const folders = [...new Set(dirs.map((d) => resolve(d)))];
  const found = folders.flatMap((dir) => readManifests(dir).map((m) => ({ dir, ...m })));
  const seen = new Map<string, string>();
  for (const f of found) {
    const other = seen.get(f.manifest.province);
    if (other) {
      throw refused('duplicate_province', `Province ${f.manifest.province} is published twice (${other} and ${f.file}): give one of them.`,
        `Tỉnh ${f.manifest.province} có hai bản công bố (${other} và ${f.file}).`, { province: f.manifest.province });
    }
    seen.set(f.manifest.province, f.file);
  }
  await refuseProvincesOffTheRoster(db, found);
  refuseOneProvinceUnderTwoCodes(found);
  await refuseCountsHeldForAnotherProvince(db, found);
  await refuseAnotherProvinceUnderAHeldCode(db, found, new Set(options.acceptMapChange ?? []));
  const plans: { load: ProvinceLoad; manifest: Manifest; dir: string; registryChanged: boolean; behind: boolean }[] = [];
  const older: OlderMonth[] = [];
  /** months held from before migration 021, listed with the files held: their checksums to record */
  const unrecorded: { province: string; month: string; sha256s: string[] }[] = [];
  for (const { dir, manifest } of found) {
    type Held = { month: string; files_sha256: string; as_of: string | null; published_ms: number | null; unrecorded: boolean | null };
    const held = new Map((await db.all<Held>(q('held'), { province: manifest.province })).map((r) => [r.month, r]));
    // a publication older than the province's latest (a month withdrawn and an old copy rolled
    // up to go back, or an old copy bringing a month not held) adds its months, but leaves the
    // province's row (cut-off, map) and registry at the latest publication's
    const province = held.get('registry');
    const behind = province?.published_ms != null && Date.parse(manifest.published_at) < province.published_ms;
    const registryChanged = !behind && province?.files_sha256 !== filesHash(manifest.registry);
    const load: ProvinceLoad = { province: manifest.province, name: manifest.province_name, dir, as_of: manifest.as_of, loaded: [], unchanged: [], replaced: [] };
    for (const m of manifest.months) {
      const h = held.get(m.month);
      // the same files: nothing is written, so an older copy of them changes nothing either
      if (h?.files_sha256 === filesHash(m.files)) {
        load.unchanged.push(m.month);
        if (h.unrecorded) unrecorded.push({ province: manifest.province, month: m.month, sha256s: m.files.map((f) => f.sha256) });
        continue;
      }
      load.loaded.push(m.month);
      if (!h) continue;
      load.replaced.push({ month: m.month, from_as_of: h.as_of!, to_as_of: m.as_of });
      if (Date.parse(m.published_at) < h.published_ms!) {
        older.push({ manifest, month: m.month, as_of: m.as_of, published_at: m.published_at, held_as_of: h.as_of!, held_published_at: new Date(h.published_ms!).toISOString() });
      }
    }
    plans.push({ load, manifest, dir, registryChanged, behind });
  }
  refuseOlderPublications(older, db.path);
  const changed = plans.filter((p) => p.registryChanged || p.load.loaded.length > 0);
  if (changed.length === 0 && unrecorded.length === 0) return plans.map((p) => p.load);
  const withRegistry = changed.filter((p) => p.registryChanged);
  const months = changed.flatMap((p) => p.load.loaded.map((month) => ({ p, m: p.manifest.months.find((x) => x.month === month)! })));
  const list = (xs: (string | number)[]) => listValue(xs);
  const readFile = (p: (typeof plans)[number], f: ManifestFile): ReadFile => ({ relative: f.path, sha256: f.sha256, manifest: p.manifest, dir: p.dir });
  const stage = mkdtempSync(join(tmpdir(), 'cds-rollup-'));
  try {
    const folderOf = (dir: string) => folders.indexOf(dir);
    const registryPaths = await stageFiles(stage, withRegistry.flatMap((p) => p.manifest.registry.map((f) => readFile(p, f))), folderOf);
    const monthPaths = await stageFiles(stage, months.flatMap(({ p, m }) => m.files.map((f) => readFile(p, f))), folderOf);
    await db.withConnection(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const latest = changed.filter((p) => !p.behind);
        if (latest.length > 0) {
          await runScript(conn, q('load-province'), {
            provinces: list(latest.map((p) => p.manifest.province)), names: list(latest.map((p) => p.manifest.province_name)),
            schema_versions: list(latest.map((p) => p.manifest.schema_version)), map_versions: list(latest.map((p) => p.manifest.map_version)),
            as_ofs: list(latest.map((p) => p.manifest.as_of)), published: list(latest.map((p) => p.manifest.published_at)),
            registry_hashes: list(latest.map((p) => filesHash(p.manifest.registry))),
          });
        }
        if (withRegistry.length > 0) {
          await runScript(conn, q('load-registry'), { provinces: list(withRegistry.map((p) => p.manifest.province)), files: list(registryPaths) });
        }
        if (months.length > 0) {
          await runScript(conn, q('load-months'), {
            provinces: list(months.map(({ p }) => p.manifest.province)), months: list(months.map(({ m }) => `${m.month}-01`)),
            as_ofs: list(months.map(({ m }) => m.as_of)), published: list(months.map(({ m }) => m.published_at)),
            hashes: list(months.map(({ m }) => filesHash(m.files))),
            file_sha256s: listValue(months.map(({ m }) => listValue(m.files.map((f) => f.sha256)))),
            files: list(monthPaths),
          }, { file_sha256s: LIST(LIST(VARCHAR)) });
        }
        if (unrecorded.length > 0) {
          // the same files as held (their combined hash is the one held), so these are the
          // checksums of the files loaded then: nothing is read again
          await runScript(conn, q('record-file-sha256'), {
            provinces: list(unrecorded.map((u) => u.province)), months: list(unrecorded.map((u) => `${u.month}-01`)),
            file_sha256s: listValue(unrecorded.map((u) => listValue(u.sha256s))),
          }, { file_sha256s: LIST(LIST(VARCHAR)) });
        }
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK');
        throw err;
      }
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return plans.map((p) => p.load);
}

export interface NationalProvince {
  province: string;
  name: string;
  schema_version: number;
  map_version: string;
  as_of: string;
  published_at: string;
  first_month: string | null;
  last_month: string | null;
  /** the months held, YYYY-MM, in order (a gap is a month not published) */
  months: string[];
}

export function nationalProvinces(db: Database): Promise<NationalProvince[]> {
  return db.withConnection((conn) => readRows<NationalProvince>(conn, q('provinces')));
}
