// The body of one eSpeak NG worker thread, kept as source text: the pool starts it with
// `new Worker(source, { eval: true })`, so it runs the same under tsx, Vitest and Next's bundles
// (a worker file next to this one would have to be found on disk after bundling). Plain
// JavaScript, CommonJS (what an eval worker runs).
//
// The npm `espeak-ng` package is eSpeak NG's command-line program compiled by Emscripten, with its
// voice data embedded in the WASM: every synthesis is one run of `main` in a fresh instance (the
// program keeps global state and cannot be called twice). The WASM is compiled once per thread, so
// a run only instantiates it. Text goes in as a file (`-f`), never on the command line, so a
// leading "-" is not read as an option; `-b 1` makes the input UTF-8.
export const ESPEAK_WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ready = (async () => {
  const entry = require.resolve('espeak-ng', { paths: [process.cwd()] });
  const { default: ESpeakNg } = await import(pathToFileURL(entry).href);
  const wasm = await WebAssembly.compile(readFileSync(path.join(path.dirname(entry), 'espeak-ng.wasm')));
  return { ESpeakNg, wasm };
})();
// Swallowed here, reported with the first job that needs it.
ready.catch(() => {});

async function synthesize(job) {
  const { ESpeakNg, wasm } = await ready;
  const messages = [];
  const instance = await ESpeakNg({
    arguments: ['-b', '1', '-v', job.voice, '-s', String(job.wpm), '-w', '/out.wav', '-f', '/in.txt'],
    preRun: [(module) => module.FS.writeFile('/in.txt', job.text)],
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(wasm, imports).then((made) => done(made, wasm), (error) => messages.push(String(error)));
      return {};
    },
    print() {},
    printErr(line) { messages.push(String(line)); },
  });
  let wav;
  try {
    wav = instance.FS.readFile('/out.wav');
  } catch {
    throw new Error('espeak-ng wrote no audio' + (messages.length ? ': ' + messages.join('; ').slice(0, 300) : ''));
  }
  return wav;
}

parentPort.on('message', (job) => {
  synthesize(job).then(
    (wav) => parentPort.postMessage({ id: job.id, wav }, [wav.buffer]),
    (error) => parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) }),
  );
});
`;
