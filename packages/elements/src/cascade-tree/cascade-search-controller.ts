import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A node found by search and the keys of its ancestors (root first), to fetch the path to it. */
export interface SearchMatch {
  key: string;
  ancestors: string[];
}

export interface CascadeSearchSource {
  /** The matches for `text` (held nodes, or the server's answer); null when nothing can be searched. */
  find(text: string): Promise<{ matches: SearchMatch[]; total: number } | null>;
  /** Open the path to a match and make it the active row. */
  reveal(match: SearchMatch, focus: boolean): Promise<void>;
}

/** The cascade's search: the text typed, its matches, and which match is current. */
export class CascadeSearchController implements ReactiveController {
  text = '';
  matches: SearchMatch[] = [];
  total = 0;
  at = -1;
  private run = 0;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: CascadeSearchSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Search for `text`, then (with `reveal`) open the path to the first match. */
  search(text: string, reveal = true): Promise<void> {
    this.last = this.searchFor(text, reveal);
    return this.last;
  }

  /** The search typed so far has answered. */
  ready(): Promise<void> {
    return this.last;
  }

  private async searchFor(text: string, reveal: boolean): Promise<void> {
    this.text = text;
    const run = ++this.run;
    const found = text.trim() ? await this.source.find(text) : { matches: [], total: 0 };
    if (run !== this.run || !found) return;
    this.matches = found.matches;
    this.total = found.total;
    this.at = found.matches.length ? 0 : -1;
    this.host.requestUpdate();
    if (reveal && found.matches.length) await this.goTo(0, false);
  }

  /** Make match `at` (wrapping) current and reveal it. */
  async goTo(at: number, focus: boolean): Promise<void> {
    if (!this.matches.length) return;
    const m = ((at % this.matches.length) + this.matches.length) % this.matches.length;
    this.at = m;
    this.host.requestUpdate();
    await this.source.reveal(this.matches[m]!, focus);
  }
}
