/**
 * The live feed over Server-Sent Events. EventSource reconnects by itself and sends
 * Last-Event-ID, so the worker replays what was missed; the feed dedupes by id. When the stream
 * is closed for good (the worker restarted, the session expired) we open a new one after a pause
 * and let the caller catch up from the JSON API.
 */
export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveEvent {
  /** The SSE id, e.g. `obs:123`. */
  id: string;
  type: string;
  data: unknown;
}

export interface LiveOptions {
  url: string;
  /** Named SSE event types to listen to besides the default `message`. */
  types: string[];
  onEvent: (e: LiveEvent) => void;
  onState: (s: LiveState) => void;
  /** A new stream after a hard close: catch up on what it could not replay. */
  onReopen: () => void;
}

export function connectLive(opts: LiveOptions): { close(): void } {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let opens = 0;
  let lastId = '';

  const handle = (ev: MessageEvent<string>) => {
    let data: unknown = ev.data;
    try {
      data = JSON.parse(ev.data);
    } catch (err) {
      // Plain-text payloads are passed on as they are.
      void err;
    }
    if (ev.lastEventId) lastId = ev.lastEventId;
    opts.onEvent({ id: ev.lastEventId, type: ev.type, data });
  };

  const open = () => {
    opts.onState('connecting');
    // A fresh EventSource cannot send Last-Event-ID itself; the worker also reads it from the query.
    const url = lastId ? `${opts.url}?lastEventId=${encodeURIComponent(lastId)}` : opts.url;
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => {
      opts.onState('live');
      if (opens++ > 0) opts.onReopen();
    });
    es.addEventListener('message', handle);
    for (const t of opts.types) es.addEventListener(t, handle as EventListener);
    es.addEventListener('error', () => {
      if (es.readyState === EventSource.CLOSED && !closed) {
        opts.onState('offline');
        timer = setTimeout(open, 3_000);
      } else if (!closed) {
        opts.onState('connecting');
      }
    });
  };
  open();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
}
