import type { LoadProgress } from '../load/types.js';

/**
 * A one-line progress report for a terminal (`\r`-rewritten, at most ten times a second,
 * erased when the load is done), so a long `plumb` load is not a silent wait. Only for a
 * stream that is a TTY: piped or redirected output stays clean.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((progress: LoadProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return (p) => {
    if (p.phase === 'done') {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
      return;
    }
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const mb = (n: number) => (n / 1e6).toLocaleString('en', { maximumFractionDigits: 1 });
    const what = p.phase === 'settle' ? 'checking references, duplicates and cycles' : `${p.phase === 'read' ? 'reading' : 'checked'} ${p.file ?? ''}`;
    const line = `plumb: ${what} (file ${Math.min(p.filesDone + 1, p.filesTotal)} of ${p.filesTotal}; ${mb(p.bytesDone)}${p.bytesTotal ? ` of ${mb(p.bytesTotal)}` : ''} MB read, ${p.rowsDone.toLocaleString('en')} rows checked)`;
    stream.write(`\r\u001b[2K${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}`);
    shown = true;
  };
}
