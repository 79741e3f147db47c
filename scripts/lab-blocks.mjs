// The labs' files as data blocks for a page that cannot fetch them: the
// single file (file:// forbids fetches) and the SCORM packages (the page
// reports to the LMS as it starts, before any fetch could answer).
//
// The release build (dist/) fetches a lab's file from dist/labs/ when the
// lab is opened; src/catalog.rs looks for these blocks first:
//   <script type="text/plain" data-vlab-lab="NAME.toml">TEXT</script>
// A script of type text/plain is data: browsers neither run it nor hold it
// to the Content-Security-Policy. They go in <head>: the app renders into
// <body>, replacing what is there.
import fs from 'node:fs/promises';
import path from 'node:path';

/** The blocks of every dist/labs/*.toml, one per line. */
export async function labBlocks(dist) {
  const dir = path.join(dist, 'labs');
  const names = (await fs.readdir(dir).catch(() => [])).filter((n) => n.endsWith('.toml')).sort();
  if (names.length === 0) throw new Error(`${dir} has no lab files: build first (make dist)`);
  const blocks = [];
  for (const name of names) {
    if (!/^[a-z0-9-]+\.toml$/.test(name)) throw new Error(`${dir}/${name}: not a lab file name`);
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    if (/<\/script|<!--|<script/i.test(text)) throw new Error(`labs/${name} contains </script, <!-- or <script`);
    blocks.push(`<script type="text/plain" data-vlab-lab="${name}">${text}</script>`);
  }
  return blocks.join('\n');
}
