// Packages the release build (dist/) as SCORM 1.2 content packages in dist-scorm/:
//   vlab-course.zip    the whole catalog as one SCO
//   vlab-<lab id>.zip  one per lab, launching straight into that lab
// Each zip holds imsmanifest.xml (ADL SCORM 1.2: one organization, one item, one SCO
// resource listing every file) and the app's files. The page learns what it reports
// from <meta name="vlab-scorm" content="course|lab:ID"> added to its index.html
// (src/state/scorm.rs); a lab package's app opens #/lab/ID itself, so the launch
// href stays a plain "index.html", whatever the LMS appends to it.
//
// Usage: node scripts/package-scorm.mjs [DIST [OUT]]   (make package runs it after the build)
// Zips are written with fflate (npm, no dependencies; pinned in tools/versions.env).
import { labBlocks } from './lab-blocks.mjs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { zipSync, strToU8 } = await import(path.join(root, 'tools/node_modules/fflate/esm/index.mjs')).catch(() => {
  throw new Error('fflate is missing: run scripts/setup.sh build (it installs tools/node_modules)');
});

const META = 'vlab-scorm';
// A fixed time for every entry: the same build gives the same zips.
const MTIME = new Date(2024, 0, 1);

/** XML text and attribute escaping. */
const xml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/** An xs:ID from a lab id: letters, digits, '-', '_' and '.', starting with a letter. */
const xmlId = (prefix, id) => `${prefix}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** Each lab file's id and title (en, zh-CN): the top-level `id` and the `[title]` table. */
export async function readLabs(dir = path.join(root, 'labs')) {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.toml')).sort();
  const labs = [];
  for (const name of names) {
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    let table = '';
    let inString = false; // inside a multi-line """ or ''' string
    const lab = { file: name, title: {} };
    for (const line of text.split('\n')) {
      if ((line.match(/"""|'''/g) ?? []).length % 2 === 1) inString = !inString;
      if (inString) continue;
      const header = line.match(/^\s*\[+\s*([^\]]+?)\s*\]+/);
      if (header) {
        table = header[1];
        continue;
      }
      const kv = line.match(/^\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*$/);
      if (!kv) continue;
      if (table === '' && kv[1] === 'id') lab.id = JSON.parse(kv[2]);
      if (table === 'title') lab.title[kv[1]] = JSON.parse(kv[2]);
    }
    if (!lab.id || !lab.title.en) throw new Error(`labs/${name}: no top-level id or [title] en`);
    labs.push(lab);
  }
  return labs;
}

/** imsmanifest.xml for one SCO launched at index.html, listing `files`. */
export function manifest({ id, orgTitle, itemTitle, files }) {
  const item = xmlId('item', id);
  const sco = xmlId('sco', id);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xmlId('vlab', id)}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="vlab-org">
    <organization identifier="vlab-org">
      <title>${xml(orgTitle)}</title>
      <item identifier="${item}" identifierref="${sco}" isvisible="true">
        <title>${xml(itemTitle)}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${sco}" type="webcontent" adlcp:scormtype="sco" href="index.html">
${files.map((f) => `      <file href="${xml(f)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/** index.html with the package's scope in a <meta>, just before </head>. */
export function withScope(indexHtml, scope, blocks = '') {
  if (indexHtml.includes(`name="${META}"`)) throw new Error(`index.html already has <meta name="${META}">`);
  const at = withoutCatalogBuild(indexHtml).indexOf('</head>');
  if (at < 0) throw new Error('index.html has no </head>');
  const lines = blocks ? `${blocks}\n` : '';
  // Only the whole app reports to an LMS: the catalog build (issue 18,
  // src/cli/catalog_files.rs) stays out of a package, and static/boot.js
  // starts the whole app where <meta name="vlab-scorm"> is.
  const whole = withoutCatalogBuild(indexHtml);
  const page = `${whole.slice(0, at)}<meta name="${META}" content="${xml(scope)}" />\n${lines}${whole.slice(at)}`;
  // One lab's package opens that lab: style.css hides the prerendered
  // catalog under this mark (an attribute, not a :has() rule on <html>).
  return scope.startsWith('lab:') ? page.replace(/<html\b/, '<html data-scorm-lab') : page;
}

/** The page without the tags naming the catalog build's files. */
export function withoutCatalogBuild(indexHtml) {
  return indexHtml
    .replace(/<meta name="vlab-catalog"[^>]*>\n?/, '')
    .replace(/<link rel="modulepreload" href="\.\/vlab-catalog-[^"]*"[^>]*>\n?/, '');
}

/** Every file under `dir` (dotfiles left out), as sorted relative paths with '/'. */
async function listFiles(dir, rel = '') {
  const out = [];
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, p)));
    else out.push(p);
  }
  return out.sort();
}

/** Writes the packages of `dist` into `out`; `only` (e.g. ['course', 'shares-contention'])
 *  limits them, `log` receives the size lines (tests). Returns the zip file names. */
export async function packageScorm(
  dist = path.join(root, 'dist'),
  out = path.join(root, 'dist-scorm'),
  { only, log = console.log } = {},
) {
  // The labs' files travel inside index.html (labBlocks), not beside it.
  const files = (await listFiles(dist).catch(() => [])).filter((f) => !f.startsWith('labs/') && !f.startsWith('vlab-catalog-'));
  if (!files.includes('index.html')) {
    throw new Error(`${dist}/index.html is missing: build first (make dist, or trunk build --release --public-url ./)`);
  }
  const index = await fs.readFile(path.join(dist, 'index.html'), 'utf8');
  const blocks = await labBlocks(dist);
  const app = {};
  for (const f of files) if (f !== 'index.html') app[f] = new Uint8Array(await fs.readFile(path.join(dist, f)));
  const labs = (await readLabs()).filter((l) => !only || only.includes(l.id));
  const wantCourse = !only || only.includes('course');
  const both = (t) => (t['zh-CN'] ? `${t.en} · ${t['zh-CN']}` : t.en);

  await fs.mkdir(out, { recursive: true });
  for (const old of await fs.readdir(out)) {
    if (/^vlab-.*\.zip$/.test(old)) await fs.rm(path.join(out, old));
  }
  const write = async (name, { id, scope, orgTitle, itemTitle }) => {
    const entries = {
      'imsmanifest.xml': strToU8(manifest({ id, orgTitle, itemTitle, files })),
      // The labs' files inside the page: it reports to the LMS as it starts.
      'index.html': strToU8(withScope(index, scope, blocks)),
      ...app,
    };
    const zip = zipSync(entries, { level: 9, mtime: MTIME });
    await fs.writeFile(path.join(out, name), zip);
    return zip.length;
  };

  const sizes = [];
  const all = (await readLabs()).length;
  const course = wantCourse
    ? await write('vlab-course.zip', {
        id: 'course',
        scope: 'course',
        orgTitle: 'vlab',
        itemTitle: `vlab: ${all} virtualization labs · ${all} 个虚拟化实验`,
      })
    : 0;
  for (const lab of labs) {
    sizes.push(
      await write(`vlab-${lab.id}.zip`, {
        id: lab.id,
        scope: `lab:${lab.id}`,
        orgTitle: `vlab: ${lab.title.en}`,
        itemTitle: both(lab.title),
      }),
    );
  }
  const rel = path.relative(process.cwd(), out) || '.';
  if (wantCourse) log(`SCORM 1.2 size: ${rel}/vlab-course.zip ${course} bytes`);
  if (sizes.length) {
    log(
      `SCORM 1.2 size: ${rel}/vlab-<lab>.zip x${sizes.length}, ${Math.min(...sizes)} to ${Math.max(...sizes)} bytes each`,
    );
  }
  return [...(wantCourse ? ['vlab-course.zip'] : []), ...labs.map((l) => `vlab-${l.id}.zip`)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dist, out] = process.argv.slice(2).map((p) => path.resolve(p));
  await packageScorm(dist, out);
}
